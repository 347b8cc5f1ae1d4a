"""Tools around grading.

Stub generation (:mod:`~grader.tools.stubs`) and the demo class (:mod:`~grader.tools.demo`).
"""
