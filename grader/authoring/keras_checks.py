"""Trusted-side checks shared by the Keras suites (``mnist``, ``imdb``, ``reuters``, ``housing``).

Learner code builds, compiles and trains its models in the learner process; a suite only
receives plain-data exports (:mod:`grader.runner.inside.export`). These helpers rebuild an export
with :func:`grader.authoring.models.rebuild` (safe mode, standard layers only) and compare the
rebuilt model's architecture and compile settings with the book's, in the normalised terms
of :mod:`grader.authoring.models` — so the functional API, separate ``Activation`` layers and
optimizer/loss/metric objects all pass — failing with bilingual messages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn, TypeVar

from grader.authoring.models import LayerInfo, ModelRejected, compile_info, input_shape, layers, rebuild
from grader.authoring.testing import fail
from grader.runner.local import CallRecord, Learner

T = TypeVar("T")

DenseSpec = tuple[int, str]
"""One expected Dense layer: ``(units, activation)``, e.g. ``(512, "relu")``; ``"linear"`` for none."""


def once_per_learner(fn: Callable[[Learner], T]) -> Callable[[Learner], T]:
    """Memoise ``fn(learner)`` for each submission of the session (e.g. one build_model call shared by the checks).

    Keyed by the learner handle's identity (the handle is kept, so the identity is never reused). A call
    that raises is not cached: every check that needs it reports the failure itself. Cache plain data
    (exports, rebuilt models), not objects kept in the learner process: it may restart between checks.
    """
    cache: dict[int, tuple[Learner, T]] = {}

    @functools.wraps(fn)
    def wrapper(learner: Learner) -> T:
        if id(learner) not in cache:
            cache[id(learner)] = (learner, fn(learner))
        return cache[id(learner)][1]

    return wrapper


def _fail(en: str, zh: str) -> NoReturn:
    fail(en=en, zh=zh)
    raise AssertionError(en)  # not reached: fail() raises


def describe(value: Any) -> str:
    """What a learner function returned, in a few words (for messages)."""
    if isinstance(value, Mapping) and value.get("kind") == "keras_model":
        return "a keras.Model"
    if isinstance(value, Mapping) and value.get("kind") == "keras_history":
        return "a History"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


def model_from(value: Any, function: str) -> Any:
    """The Keras model rebuilt from the export of ``function``'s result; fails if it is not one."""
    if not isinstance(value, Mapping) or value.get("kind") != "keras_model":
        what = describe(value)
        _fail(f"{function}() returned {what}, expected the keras.Model (did you forget `return model`?)",
              f"{function}() 返回了 {what}，应返回 keras.Model（是否忘了 `return model`？）")
    try:
        return rebuild(value)
    except ModelRejected as exc:
        _fail(f"{function}(): the model cannot be graded: {exc}", f"{function}()：无法评分该模型：{exc}")


def layers_text(infos: Sequence[LayerInfo]) -> str:
    """``Dense(512, relu) -> Dense(10, softmax)`` (input and dropout layers left out)."""
    parts = []
    for info in infos:
        if info.kind == "Dense":
            parts.append(f"Dense({info.units}, {info.activation})")
        elif info.kind == "Activation":
            parts.append(f"Activation({info.activation})")
        else:
            parts.append(info.kind)
    return " -> ".join(parts) or "(no layers)"


def expect_dense_stack(model: Any, expected: Sequence[DenseSpec], function: str) -> None:
    """The model's computing layers are exactly these Dense layers with these activations."""
    got = layers(model)
    want = [LayerInfo("Dense", units, activation) for units, activation in expected]
    if got != want:
        _fail(f"{function}(): the layers are {layers_text(got)}, expected {layers_text(want)}",
              f"{function}()：网络层为 {layers_text(got)}，应为 {layers_text(want)}")


def expect_input(model: Any, features: int, function: str) -> None:
    """The model takes inputs of shape ``(batch, features)``."""
    try:
        shape = input_shape(model)
    except (AttributeError, ValueError):  # a Sequential that was never built has no inputs
        shape = ()
    if shape != (None, features):
        got_en = f"the model's input shape is {shape}" if shape else "the model has no input shape (it was never built)"
        got_zh = f"模型输入形状为 {shape}" if shape else "模型没有输入形状（从未构建）"
        _fail(f"{function}(): {got_en}, expected (None, {features}): start it with keras.Input(shape=({features},))",
              f"{function}()：{got_zh}，应为 (None, {features})：请以 keras.Input(shape=({features},)) 开头")


def expect_params(model: Any, count: int, function: str) -> None:
    """The built model has ``count`` parameters (weights and biases)."""
    got = int(model.count_params()) if getattr(model, "built", False) else 0
    if got != count:
        _fail(f"{function}(): the model has {got:,} parameters, expected {count:,}",
              f"{function}()：模型有 {got:,} 个参数，应为 {count:,} 个")


def expect_compiled(exported: Mapping[str, Any], *, optimizer: str, loss: str, metrics: Sequence[str], function: str,
                    check: Sequence[str] = ("optimizer", "loss", "metrics")) -> None:
    """The exported model was compiled with this optimizer, loss and (at least) these metrics.

    ``check`` picks which of the three settings to compare (each check grades one thing).
    """
    info = compile_info(exported)
    if info is None:
        _fail(f"{function}(): the model is not compiled (call model.compile(...))",
              f"{function}()：模型没有编译（请调用 model.compile(...)）")
    if "optimizer" in check and info.optimizer != optimizer:
        _fail(f"{function}(): optimizer {info.optimizer!r:.200}, expected {optimizer!r}",
              f"{function}()：优化器为 {info.optimizer!r:.200}，应为 {optimizer!r}")
    if "loss" in check and info.loss != loss:
        _fail(f"{function}(): loss {info.loss!r:.200}, expected {loss!r}",
              f"{function}()：损失函数为 {info.loss!r:.200}，应为 {loss!r}")
    missing = [m for m in metrics if m not in info.metrics]
    if "metrics" in check and missing:
        got = ", ".join(info.metrics) or "none"
        _fail(f"{function}(): metrics [{got:.200}], expected {list(metrics)}",
              f"{function}()：评估指标为 [{got:.200}]，应包含 {list(metrics)}")


def run_keep(learner: Learner, function: str, *args: Any, seed: int | None = None, timeout: float | None = None,
             reference: bool = False, **kwargs: Any) -> CallRecord:
    """Call ``function`` keeping its result in the learner process (``record.ref``), seeded first if asked.

    ``reference``: call the reference version of ``function`` (the solution's), in the learner process.
    """
    if seed is not None:
        learner.run("__seed__", (seed,))
    return learner.run(function, args, kwargs, keep=True, timeout=timeout, reference=reference)


def reference_model(learner: Learner, *, compiled: bool = False, seed: int | None = None, **kwargs: Any) -> CallRecord:
    """A model built (and, if asked, compiled) by the reference ``build_model`` (``compile_model``) in the learner process.

    One bug, one deduction: the checks of ``compile_model`` and ``train`` are given this model, not
    the learner's, so a wrong ``build_model`` costs only its own points. ``kwargs`` go to build_model.
    """
    model = run_keep(learner, "build_model", seed=seed, reference=True, **kwargs)
    if compiled:
        run_keep(learner, "compile_model", model.ref, reference=True)
    return model


def compiled_exports(learner: Learner, **kwargs: Any) -> tuple[Any, Any]:
    """The reference ``build_model()``'s model, then the learner's ``compile_model(model, **kwargs)``, in the learner process.

    Returns (what compile_model returned, the export of the model it was given, after the call):
    plain data only, so no check depends on objects kept in a learner process that may have been
    restarted since. Suites share one call per submission with :func:`once_per_learner`.
    """
    model = reference_model(learner)
    compiled = run_keep(learner, "compile_model", model.ref, **kwargs)
    return compiled.value, learner.run("__export__", (model.ref,), keep=True).value


def expect_book_network(learner: Learner, expected: Sequence[DenseSpec], input_dim: int, params: int) -> None:
    """``build_model()`` gives the book's Dense stack on inputs of ``input_dim`` with ``params`` parameters (rebuilt here)."""
    model = model_from(run_keep(learner, "build_model").value, "build_model")
    expect_dense_stack(model, expected, "build_model")
    expect_input(model, input_dim, "build_model")
    expect_params(model, params, "build_model")


def compile_settings(returned: Any, given: Any) -> Any:
    """The export to read compile settings from: the compiled model compile_model returned, else the one it was given."""
    if isinstance(returned, Mapping) and returned.get("kind") == "keras_model" and returned.get("compile"):
        return returned
    return given


def history_from(value: Any, function: str, epochs: int | None = None) -> dict[str, list[float]]:
    """The per-epoch metrics of a History export; fails unless it covers ``epochs`` epochs (any, if ``None``)."""
    if not isinstance(value, Mapping) or value.get("kind") != "keras_history":
        what = describe(value)
        _fail(f"{function}() returned {what}, expected the History that model.fit returns",
              f"{function}() 返回了 {what}，应返回 model.fit 返回的 History")
    history = {str(k): [float(v) for v in vs] for k, vs in dict(value.get("history", {})).items()}
    done = len(history.get("loss", []))
    if done == 0 or (epochs is not None and done != epochs):
        _fail(f"{function}(): the History has {done} epochs, expected {epochs or 'at least 1'} (pass epochs= on to model.fit)",
              f"{function}()：History 中有 {done} 轮，应为 {epochs or '至少 1'} 轮（请把 epochs= 传给 model.fit）")
    return history


def curve_text(history: Mapping[str, Sequence[float]]) -> str:
    """One line per metric: ``loss: 0.2571 0.1040 ...`` (the learning curve, as numbers)."""
    return "; ".join(f"{name}: " + " ".join(f"{v:.4f}" for v in values) for name, values in sorted(history.items()))
