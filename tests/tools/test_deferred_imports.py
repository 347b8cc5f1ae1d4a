"""Costly imports: rfc3987_syntax compiled on first use; heavy imports without the collector, then frozen."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from grader.tools.deferred_imports import defer_iri_grammar
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
    code = ("import sys, importlib.util\nfrom grader.tools.deferred_imports import defer_iri_grammar\n"
            "if importlib.util.find_spec('rfc3987_syntax'): import rfc3987_syntax\n"
            "print(defer_iri_grammar())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


SETTLED = """
import gc, sys
sys.path.insert(0, sys.argv[1])
from grader.tools.deferred_imports import import_settled
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
            "from grader.tools.deferred_imports import import_settled\nimport_settled('heavy')\nprint(gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


DEFERRED_INIT = """
import sys
sys.path.insert(0, sys.argv[1])
from grader.tools.deferred_imports import defer_package_init
print("deferred", defer_package_init("pkg"), "again", defer_package_init("pkg"))
import pkg.sub
from pkg import other
print("init ran", "pkg.heavy" in sys.modules, "subs", pkg.sub.VALUE, other.VALUE)
print("name from init", pkg.NAME, "init ran", "pkg.heavy" in sys.modules, "subs kept", pkg.sub.VALUE)
try:
    pkg.MISSING
except AttributeError as exc:
    print("missing", type(exc).__name__)
"""


def test_defer_package_init_runs_init_on_first_use_of_its_names(tmp_path: Path) -> None:
    """Submodules import without the package's __init__; its first own name runs it, once; unknown names still fail."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from . import heavy\nNAME = heavy.NAME\n")
    (package / "heavy.py").write_text("NAME = 'from init'\n")
    (package / "sub.py").write_text("VALUE = 1\n")
    (package / "other.py").write_text("VALUE = 2\n")
    out = subprocess.run([sys.executable, "-c", DEFERRED_INIT, str(tmp_path)], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:4] == ["deferred True again False", "init ran False subs 1 2",
                       "name from init from init init ran True subs kept 1", "missing AttributeError"]


def test_nbgrader_gradebook_without_its_server_extensions() -> None:
    """The gradebook code imports no Jupyter server extension of nbgrader; nbgrader's own names still answer."""
    code = ("import sys\nfrom grader.tools.deferred_imports import defer_costly_imports\ndefer_costly_imports()\n"
            "import grader.gradebook.gradebook, grader.gradebook.table\n"
            "print([m for m in ('nbgrader.server_extensions', 'nbconvert', 'jupyter_server') if m in sys.modules])\n"
            "import nbgrader, importlib.metadata\n"
            "print(nbgrader.__version__ == importlib.metadata.version('nbgrader'), "
            "callable(nbgrader._jupyter_server_extension_points))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True True"]
