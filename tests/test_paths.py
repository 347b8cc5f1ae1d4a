"""grader.paths.write_atomically: the one way dlgrade writes a file that others may read meanwhile."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from grader.paths import write_atomically

ROOT = Path(__file__).resolve().parent.parent
FOLDER_SWAP = "grader/gradebook/autograded.py"
"""Where a whole folder is swapped in (two renames), which is not a file write."""


@pytest.mark.parametrize(("content", "expected"), [
    (b"\x00bytes", b"\x00bytes"),
    ("texte, 文字", "texte, 文字".encode()),
    (lambda handle: handle.write(b"from a writer"), b"from a writer"),
], ids=["bytes", "text", "writer"])
def test_writes_the_whole_content_and_no_other_file(tmp_path: Path, content: object, expected: bytes) -> None:
    """Bytes, text (UTF-8) or a writer function: the file holds exactly that, and nothing is left beside it."""
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, content)  # type: ignore[arg-type]  # each kind of content in turn
    assert target.read_bytes() == expected
    assert os.listdir(tmp_path) == ["results.json"]


def test_the_mode_is_set_before_the_file_appears(tmp_path: Path) -> None:
    """The default mode is 0o644; a read-only copy gets 0o444."""
    plain, frozen = tmp_path / "plain", tmp_path / "frozen"
    write_atomically(plain, b"x")
    write_atomically(frozen, b"x", mode=0o444)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644
    assert stat.S_IMODE(frozen.stat().st_mode) == 0o444


def test_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    """A symbolic link at the path is replaced by the file; what it pointed at is untouched."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep me", encoding="utf-8")
    link = tmp_path / "state.json"
    link.symlink_to(elsewhere)
    write_atomically(link, "new")
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "new"
    assert elsewhere.read_text(encoding="utf-8") == "keep me"


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    """A writer that fails half-way: the old content stays, the partial file is removed, the error goes on."""
    target = tmp_path / "cache.npy"
    target.write_bytes(b"old")

    def half(handle: BinaryIO) -> None:
        handle.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["cache.npy"]


def _renames(source: str) -> list[int]:
    """Lines of ``source`` that rename files: ``os.replace``/``os.rename`` calls and ``.replace``/``.rename`` of a path."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("replace", "rename"):
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id == "os":
                found.append(node.lineno)
            elif not (isinstance(receiver, ast.Name) and receiver.id == "dataclasses") and (
                    node.func.attr == "rename" or (len(node.args) == 1 and not node.keywords)):
                found.append(node.lineno)  # Path.replace(target): str.replace takes two arguments
    return found


def test_no_other_module_writes_a_file_atomically_by_hand() -> None:
    """Only grader/paths.py renames a staged file into place (and the gradebook swaps whole folders)."""
    found = {str(path.relative_to(ROOT)): _renames(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "grader").rglob("*.py"))}
    assert found.pop("grader/paths.py")
    found.pop(FOLDER_SWAP)
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_rename_check_sees_the_old_hand_written_ways() -> None:
    """``os.replace(tmp, path)``, ``tmp.replace(path)`` are found; ``text.replace("a", "b")``, ``dataclasses.replace`` not."""
    source = ('import os\nos.replace(tmp, path)\ntmp.replace(path)\nname = text.replace("a", "b")\n'
              'spec = dataclasses.replace(spec, results={})\n')
    assert _renames(source) == [2, 3]
