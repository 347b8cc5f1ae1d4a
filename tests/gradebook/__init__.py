"""Tests of grader.gradebook."""
