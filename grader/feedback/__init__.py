"""What learners and instructors read.

Text and Markdown reports (:mod:`~grader.feedback.text`),
messages in English and Chinese (:mod:`~grader.feedback.messages`), learning curves
(:mod:`~grader.feedback.curves`) and bounded excerpts of learner text (:mod:`~grader.feedback.echo`).
"""
