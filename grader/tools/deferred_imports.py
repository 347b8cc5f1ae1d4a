"""Third-party imports that cost seconds at start-up and are deferred until first use.

``jsonschema`` (imported by ``nbformat``, so by every nbgrader import) looks for the
optional ``rfc3987_syntax`` package to check the ``iri`` / ``iri-reference`` formats; where
it is installed (``jsonschema[format-nongpl]``, pulled in by Jupyter's event schemas), its
import compiles a Lark grammar for every IRI term: 2.3–2.7 CPU seconds here, more than the
rest of nbgrader's import, paid by every command and every batch before its first grade is recorded — on a
2-core machine, taken from the grading sessions running beside it. Neither nbformat (its
schema is draft 4, which has no IRI formats) nor nbgrader checks an IRI; a format checker
that does still gets the real function, imported on its first call.

nbgrader's package ``__init__`` imports its Jupyter server extensions (Tornado handlers, the
exchange, nbconvert: ~0.5 CPU s) to offer ``_load_jupyter_server_extension``; recording grades
needs ``nbgrader.api`` and ``nbgrader.coursedir`` only. :func:`defer_package_init` lets a
package's submodules be imported before (or without) its ``__init__``, which runs on the first
access to a name only it defines.

Heavy imports are made with :func:`import_settled`: importing nbgrader (SQLAlchemy, nbformat,
traitlets, Tornado, ...) creates ~190,000 objects, during which Python's cyclic garbage
collector ran ~280 times (0.2 CPU s) to find almost nothing; every later full collection
walked all of them again (~0.5 CPU s over a batch of 30), and so did the interpreter's last
collection at exit (0.5 s of wall time after the table was printed). Module-level objects live
until exit anyway: frozen (:func:`gc.freeze`), the collector skips them.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
import types

IRI_SYNTAX = "rfc3987_syntax"


def defer_iri_grammar() -> bool:
    """Let ``jsonschema`` import ``rfc3987_syntax`` without compiling its grammar until it is used.

    Puts a stand-in module in ``sys.modules`` whose ``is_valid_syntax`` imports the real module
    (and hands over to it) on first call. Call it before anything imports ``jsonschema``.

    Returns:
        Whether the stand-in was installed (not when the package is missing or already imported).
    """
    if IRI_SYNTAX in sys.modules or importlib.util.find_spec(IRI_SYNTAX) is None:
        return False
    stand_in = types.ModuleType(IRI_SYNTAX, "Stand-in for rfc3987_syntax: the real module is imported on first use.")

    def is_valid_syntax(term: str, value: str) -> bool:
        if sys.modules.get(IRI_SYNTAX) is stand_in:
            del sys.modules[IRI_SYNTAX]
        real = importlib.import_module(IRI_SYNTAX)
        return bool(real.is_valid_syntax(term, value))

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[IRI_SYNTAX] = stand_in
    return True


def defer_package_init(name: str) -> bool:
    """Let ``name``'s submodules be imported without running the package's ``__init__`` until a name of it is used.

    Puts the package's module object, made from its spec (``__path__``, ``__file__``, ...) but
    not executed, in ``sys.modules``; ``import name.sub`` and ``from name import sub`` work as
    usual. The first access to any other attribute (``name.__version__``, the server extension
    hooks) runs the real ``__init__`` in that module and answers from it.

    Returns:
        Whether it was deferred (not when the package is missing or already imported).
    """
    if name in sys.modules or (spec := importlib.util.find_spec(name)) is None or spec.loader is None:
        return False
    if spec.submodule_search_locations is None:
        return False  # a plain module: nothing to import before it
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def run_init(attribute: str) -> object:
        if importlib.util.find_spec(f"{name}.{attribute}") is not None:  # `from name import sub`: just the submodule
            return importlib.import_module(f"{name}.{attribute}")
        delattr(package, "__getattr__")  # once: the real __init__ now defines the names
        loader.exec_module(package)
        return getattr(package, attribute)

    setattr(package, "__getattr__", run_init)  # noqa: B010 - PEP 562: called for names not yet defined
    sys.modules[name] = package
    return True


def defer_costly_imports() -> None:
    """Defer both: rfc3987_syntax's grammars and nbgrader's package ``__init__``; call it before nbgrader is imported."""
    defer_iri_grammar()
    defer_package_init("nbgrader")


def import_settled(name: str) -> types.ModuleType:
    """Import ``name`` with the cyclic garbage collector paused, then freeze every object made so far.

    Frozen objects are never collected: use it for the imports of a command's process, whose
    modules live until it exits (see the module docstring). A module already imported is
    returned as it is, nothing frozen.
    """
    if (module := sys.modules.get(name)) is not None:
        return module
    enabled = gc.isenabled()
    gc.disable()
    try:
        module = importlib.import_module(name)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return module
