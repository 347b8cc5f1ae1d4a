"""The nbgrader bridge: dlgrade scores in nbgrader's gradebook, as ``nbgrader autograde`` puts them.

* :mod:`~grader.nbgrader.course`: ``init_course``, ``release`` (real ``nbgrader`` CLI);
  :mod:`~grader.nbgrader.config` writes/reads ``nbgrader_config.py``;
  :mod:`~grader.nbgrader.notebook` builds the assignment notebooks.
* :mod:`~grader.nbgrader.cells`: ``score(module, function)``, what the grade cells call in the kernel;
  :mod:`~grader.nbgrader.entries` validates result entries; :mod:`~grader.nbgrader.core` is the
  one call site of ``grader.api.check``; :mod:`~grader.nbgrader.sanitize` drops foreign cells.
* :mod:`~grader.nbgrader.gradebook`: ``record_grades`` (no kernel), with
  :mod:`~grader.nbgrader.autograded` (the autograded folder) and :mod:`~grader.nbgrader.db`;
  :mod:`~grader.nbgrader.submissions`: ``record_submitted`` (grade ``submitted/`` and record).
* :mod:`~grader.nbgrader.table`: ``gradebook_table``/``format_table``;
  :mod:`~grader.nbgrader.export`: per-cell CSV exporter for ``nbgrader export``;
  :mod:`~grader.nbgrader.leaks`: release checks.
"""
