"""What runs in the learner's process; nothing here is trusted by the grading process.

The request loop (:mod:`~grader.runner.inside.child`), the warm
runner it is forked from (:mod:`~grader.runner.inside.zygote`), the sandbox it builds on itself
(:mod:`~grader.runner.inside.jail`, :mod:`~grader.runner.inside.seccomp`), the NumPy watch
(:mod:`~grader.runner.inside.watch`) and the export of Keras objects as plain data
(:mod:`~grader.runner.inside.export`). Nothing here is trusted by the grading process.
"""
