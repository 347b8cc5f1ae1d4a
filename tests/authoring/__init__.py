"""Tests of grader.authoring."""
