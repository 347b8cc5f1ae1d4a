"""A grading session: pytest over a suite with dlgrade's plugin (:mod:`~grader.session.plugin`).

What it is asked to do is one typed value, its spec (:mod:`~grader.session.spec`). The plugin
hands every check its learner (:mod:`grader.runner`), replays recorded Hypothesis examples
(:mod:`~grader.session.replay`), scores fail-closed (:mod:`~grader.session.scoring`) and reports
progress and per-submission results (:mod:`~grader.session.progress`, :mod:`~grader.session.files`).
"""
