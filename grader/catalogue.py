"""The one points table: every graded catalogue function and its points.

The learner-facing contract is ``shared/exercise-catalogue.md``; this table says how much
each function is worth. A function's score is its points times the weighted share of its
checks that pass (see :func:`grader.session.scoring.score_function`).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

POINTS: Final = MappingProxyType(
    {
        "tensors": MappingProxyType(
            {
                "tensor_info": 1,
                "prepare_images": 2,
                "to_one_hot": 2,
                "get_batch": 1,
                "crop_center": 2,
                "load_idx": 3,
            }
        ),
        "tensor_ops": MappingProxyType(
            {
                "naive_relu": 2,
                "naive_add": 2,
                "naive_add_matrix_and_vector": 2,
                "naive_broadcast_to": 3,
                "naive_maximum": 3,
                "naive_vector_dot": 2,
                "naive_matrix_vector_dot": 2,
                "naive_matrix_dot": 3,
                "naive_tensor_dot": 3,
                "naive_reshape": 3,
                "naive_transpose": 2,
                "dense_forward": 3,
            }
        ),
        "gradients": MappingProxyType(
            {
                "numerical_derivative": 2,
                "numerical_gradient": 3,
                "gradient_descent_step": 1,
                "momentum_step": 3,
                "rmsprop_step": 3,
                "adagrad_step": 2,
                "minibatch_sgd": 4,
            }
        ),
        "backprop": MappingProxyType(
            {
                "sigmoid": 2,
                "sigmoid_derivative": 2,
                "relu_derivative": 1,
                "softmax": 3,
                "chain_rule": 1,
                "dense_backward": 4,
                "mlp_loss_and_grads": 4,
                "train_mlp": 4,
            }
        ),
        "losses": MappingProxyType(
            {
                "mean_squared_error": 2,
                "binary_crossentropy": 3,
                "categorical_crossentropy": 3,
                "sparse_categorical_crossentropy": 3,
                "mse_sigmoid_grad": 2,
                "bce_sigmoid_grad": 2,
            }
        ),
        "mnist": MappingProxyType(
            {
                "preprocess": 2,
                "build_model": 3,
                "compile_model": 2,
                "train": 5,
            }
        ),
        "imdb": MappingProxyType(
            {
                "decode_review": 2,
                "vectorize_sequences": 3,
                "build_model": 2,
                "compile_model": 2,
                "train": 5,
            }
        ),
        "reuters": MappingProxyType(
            {
                "build_model": 3,
                "compile_model": 3,
            }
        ),
        "housing": MappingProxyType(
            {
                "normalize": 3,
                "build_model": 3,
                "k_fold_indices": 3,
                "k_fold_validate": 5,
            }
        ),
    }
)

USES: Final = MappingProxyType(
    {
        "tensor_ops": MappingProxyType(
            {
                "naive_matrix_vector_dot": ("naive_vector_dot",),
                "naive_matrix_dot": ("naive_vector_dot",),
                "naive_tensor_dot": ("naive_vector_dot", "naive_matrix_vector_dot", "naive_matrix_dot"),
                "naive_maximum": ("naive_broadcast_to",),
            }
        ),
        "gradients": MappingProxyType({"minibatch_sgd": ("gradient_descent_step",)}),
        "backprop": MappingProxyType(
            {
                "sigmoid_derivative": ("sigmoid",),
                "dense_backward": ("sigmoid", "sigmoid_derivative", "relu_derivative"),
                "mlp_loss_and_grads": ("softmax", "relu_derivative", "dense_backward"),
                "train_mlp": ("mlp_loss_and_grads",),
            }
        ),
        "losses": MappingProxyType({"sparse_categorical_crossentropy": ("categorical_crossentropy",)}),
        "mnist": MappingProxyType({"compile_model": ("build_model",), "train": ("build_model", "compile_model")}),
        "imdb": MappingProxyType({"compile_model": ("build_model",), "train": ("build_model", "compile_model")}),
        "reuters": MappingProxyType({"compile_model": ("build_model",)}),
        "housing": MappingProxyType({"k_fold_validate": ("build_model", "k_fold_indices")}),
    }
)
"""The dependency edges: module → function → the other catalogue functions it uses.

One bug, one deduction: while a function is graded these are the reference versions
(:mod:`grader.runner.substitutes`), so a bug in one of them costs that function only. Every call
the solutions make is here (a test derives them), and the calls realistic learner code makes
(the book's ``naive_matrix_dot`` calls ``naive_vector_dot``). In the Keras modules ``compile_model``
and ``train`` use the model ``build_model`` (and ``compile_model``) make: their checks are given one
built by the references. Each edge has a mutant showing the bug charged once (``tests/mutants``).
"""

KERAS_MODULES: Final = frozenset({"mnist", "imdb", "reuters", "housing"})
"""Modules whose learner code builds and trains Keras models (TensorFlow in the learner process)."""

MODULES: Final = tuple(POINTS)
"""Graded modules, in the order of the book."""


def max_points(module: str, function: str) -> int:
    """Points available for one catalogue function.

    Raises:
        KeyError: if the module or function is not in the table.
    """
    return POINTS[module][function]
