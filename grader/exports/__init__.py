"""Grades for other platforms, beside nbgrader's: Gradescope results.json files and a Canvas gradebook CSV."""
