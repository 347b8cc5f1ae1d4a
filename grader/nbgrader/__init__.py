"""The nbgrader bridge: dlgrade scores in nbgrader's gradebook, as ``nbgrader autograde`` puts them.

Modules: :mod:`~grader.nbgrader.course` (course directory, release), :mod:`~grader.nbgrader.cells`
(what the notebook's autograder cells call), :mod:`~grader.nbgrader.gradebook` (recording
dlgrade results without a kernel, reading the gradebook back), :mod:`~grader.nbgrader.leaks`
(release checks), :mod:`~grader.nbgrader.export` (per-cell CSV export plugin).
"""
