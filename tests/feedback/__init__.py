"""Tests of grader.feedback."""
