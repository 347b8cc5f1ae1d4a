"""The authoring kit: the only part of dlgrade a suite imports.

Assertions and feedback helpers (:mod:`~grader.authoring.testing`), the static integrity check
(:mod:`~grader.authoring.integrity`), Keras checks and safe model rebuilding
(:mod:`~grader.authoring.keras_checks`, :mod:`~grader.authoring.models`), cached references
(:mod:`~grader.authoring.references`) and the dataset loaders (:mod:`~grader.authoring.data`,
:mod:`~grader.authoring.imdb_data`).
"""
