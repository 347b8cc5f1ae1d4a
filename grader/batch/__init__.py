"""Batch grading of a whole class: a pipeline of small steps (see :mod:`grader.batch.pipeline`)."""
