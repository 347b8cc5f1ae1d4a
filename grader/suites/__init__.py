"""The suites: ``public/`` (the learner's local checks, shipped) and ``hidden/`` (grading, instructors only).

``suites.ini`` is the pytest configuration of a grading session.
"""
