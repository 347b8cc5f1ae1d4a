"""Tests of grader.tools."""
