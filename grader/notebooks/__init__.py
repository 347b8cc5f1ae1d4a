"""Exercise notebooks: a learner works in a notebook, checks it there, and may hand in only the notebook.

:mod:`~grader.notebooks.source` rebuilds a module from a notebook's code (the kernel's history or
the file's JSON, never run); :mod:`~grader.notebooks.kernel` is the notebook's last cell (the
public checks, shown as an HTML table); :mod:`~grader.notebooks.handin` lets ``dlgrade grade`` and
``dlgrade check`` grade a ``<module>.ipynb`` handed in without its ``<module>.py``. The notebooks
themselves are generated with the stubs (:mod:`grader.tools.notebooks`).
"""
