"""Tests of grader.runner.inside."""
