"""Tools around grading.

Stub generation (:mod:`~grader.tools.stubs`), the demo class
(:mod:`~grader.tools.demo`) and deferred imports for fast start-up (:mod:`~grader.tools.deferred_imports`).
"""
