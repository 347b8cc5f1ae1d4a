"""The nbgrader bridge: dlgrade scores in nbgrader's gradebook, as ``nbgrader autograde`` puts them.

* :mod:`~grader.gradebook.course`: ``init_course``, ``release`` (real ``nbgrader`` CLI);
  :mod:`~grader.gradebook.config` writes/reads ``nbgrader_config.py``;
  :mod:`~grader.gradebook.notebook` builds the assignment notebooks.
* :mod:`~grader.gradebook.cells`: ``score(module, function)``, what the grade cells call in the kernel;
  :mod:`~grader.gradebook.entries` validates result entries; :mod:`~grader.gradebook.core` is the
  one call site of ``grader.api.check``; :mod:`~grader.gradebook.sanitize` drops foreign cells.
* :mod:`~grader.gradebook.gradebook`: ``record_grades`` (no kernel), with
  :mod:`~grader.gradebook.autograded` (the autograded folder) and :mod:`~grader.gradebook.db`;
  :mod:`~grader.gradebook.submissions`: ``record_submitted`` (grade ``submitted/`` and record).
* :mod:`~grader.gradebook.table`: ``gradebook_table``/``format_table``;
  :mod:`~grader.gradebook.export`: per-cell CSV exporter for ``nbgrader export``;
  :mod:`~grader.gradebook.leaks`: release checks.
"""
