# ruff: noqa
# Phones home: sends what it finds to a TCP server on the grading machine, at import and per call.
import socket

PORT = __PORT__


def _phone_home(what):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=2) as conn:
            conn.sendall(what)
            return True
    except OSError:
        return False


_phone_home(b"import")


def naive_add(x, y):
    _phone_home(b"call")
    return x
