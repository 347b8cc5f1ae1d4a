"""rfc3987_syntax's grammar is compiled on first use, not when nbformat (jsonschema) is imported."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

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
