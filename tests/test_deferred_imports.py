"""Costly imports: rfc3987_syntax compiled on first use; heavy imports without the collector, then frozen."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from grader.deferred_imports import defer_iri_grammar
installed = defer_iri_grammar()
import nbformat  # imports jsonschema, which imports rfc3987_syntax where it is installed
import jsonschema
print("installed", installed, "lark after import", "lark" in sys.modules)
check = jsonschema.Draft7Validator({"format": "iri"}, format_checker=jsonschema.FormatChecker())
print("valid", check.is_valid("https://example.org/λ?q=1"), check.is_valid("no iri, spaces"))
print("lark after use", "lark" in sys.modules, "again", check.is_valid("urn:isbn:0451450523"))
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed")
def test_iri_checks_still_work_but_compile_on_first_use() -> None:
    """After defer_iri_grammar(), importing nbformat compiles no grammar; an IRI check still gives real answers."""
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:3] == ["installed True lark after import False", "valid True False", "lark after use True again True"]


def test_nothing_to_defer_once_imported() -> None:
    """Where the real module is already imported (or absent), the stand-in is not installed."""
    code = ("import sys, importlib.util\nfrom grader.deferred_imports import defer_iri_grammar\n"
            "if importlib.util.find_spec('rfc3987_syntax'): import rfc3987_syntax\n"
            "print(defer_iri_grammar())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


SETTLED = """
import gc, sys
sys.path.insert(0, sys.argv[1])
from grader.deferred_imports import import_settled
before = gc.get_freeze_count()
module = import_settled("heavy")
print("collector during import", module.COLLECTING, "after", gc.isenabled())
print("frozen", gc.get_freeze_count() > before, "module", module is sys.modules["heavy"])
frozen = gc.get_freeze_count()
print("again", import_settled("heavy") is module, "frozen again", gc.get_freeze_count() > frozen)
"""


def test_import_settled_pauses_the_collector_then_freezes(tmp_path: Path) -> None:
    """The module is imported with the collector off, turned back on after; what exists then is frozen, once."""
    (tmp_path / "heavy.py").write_text("import gc\nCOLLECTING = gc.isenabled()\nTABLE = [[i] for i in range(1000)]\n")
    out = subprocess.run([sys.executable, "-c", SETTLED, str(tmp_path)], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:3] == ["collector during import False after True", "frozen True module True",
                       "again True frozen again False"]


def test_import_settled_keeps_a_disabled_collector_disabled(tmp_path: Path) -> None:
    """A caller that had turned the collector off finds it still off (nothing turned on behind its back)."""
    (tmp_path / "heavy.py").write_text("X = 1\n")
    code = ("import gc, sys\nsys.path.insert(0, sys.argv[1])\ngc.disable()\n"
            "from grader.deferred_imports import import_settled\nimport_settled('heavy')\nprint(gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
