"""Tests of grader.session."""
