"""Data bundles: pack from the shared data, install (from a file or over real HTTP), reject bad bundles, status."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.authoring.bundle import (
    BUNDLE_NAME,
    MANIFEST,
    MIRROR_ENV,
    BundleError,
    Packed,
    incomplete,
    install,
    pack,
    render_packed,
    status,
)
from grader.authoring.data import ENV, data_dir, keras_file, load_mnist
from grader.authoring.datasets import MAX_FILE_BYTES
from grader.cli import main
from grader.paths import REPO

SHARED = Path(os.environ.get(ENV) or REPO.parent / "shared" / "data")
pytestmark = pytest.mark.skipif(not (SHARED / "mnist").is_dir(),
                                reason="no shared data: set DLGRADE_DATA or provide ../shared/data")

PACKED = {
    "mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz", "mnist/t10k-images-idx3-ubyte.gz",
    "mnist/t10k-labels-idx1-ubyte.gz", "keras/datasets/imdb_word_index.json", "keras/datasets/boston_housing.npz",
}  # fmt: skip
"""What the shared data folder holds of the known files."""


def _isolate(mp: pytest.MonkeyPatch, root: Path, *, data: Path | None) -> None:
    """HOME, XDG_DATA_HOME and KERAS_HOME under ``root``; DLGRADE_DATA at ``data`` (unset for None)."""
    for name in ("HOME", "XDG_DATA_HOME"):
        mp.setenv(name, str(root / name.lower()))
    mp.setenv("KERAS_HOME", str(root / "keras-home"))
    mp.delenv(MIRROR_ENV, raising=False)
    mp.setenv("DLGRADE_LANG", "en")
    if data is None:
        mp.delenv(ENV, raising=False)
    else:
        mp.setenv(ENV, str(data))


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Packed:
    """The shared data packed once, with a synthetic stand-in posing as imdb.npz in the source's Keras cache."""
    root = tmp_path_factory.mktemp("pack")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, root, data=SHARED)
        cache = root / "keras-home" / "datasets"
        cache.mkdir(parents=True)
        np.savez(cache / "imdb.npz", x_train=np.ones(3), y_train=np.zeros(3))  # not Keras's file
        return pack(root / "out")


@pytest.fixture
def learner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A learner's machine in tmp_path: no DLGRADE_DATA, empty home, Keras cache and per-user data folder."""
    _isolate(monkeypatch, tmp_path, data=None)
    return tmp_path


def _installed_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "bundles" not in p.parts)


def test_pack_says_what_was_packed_and_what_not(packed: Packed) -> None:
    """The shared files are packed with their digests; missing files are named; the stand-in is refused, not packed."""
    assert {f.path for f in packed.files} == PACKED
    with zipfile.ZipFile(packed.bundle) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        assert (manifest["format"], manifest["version"]) == ("dlgrade-data-bundle", 1)
        for item in manifest["files"]:
            assert hashlib.sha256(zf.read(item["path"])).hexdigest() == item["sha256"]
            assert zf.getinfo(item["path"]).file_size == item["size"]
    assert set(packed.missing) == {"mnist.npz", "imdb.npz", "reuters.npz", "reuters_word_index.json"}
    assert len(packed.refused) == 1 and "imdb.npz" in packed.refused[0]
    assert "expected 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f" in packed.refused[0]  # Keras's
    shown = render_packed(packed)
    assert "missing imdb     imdb.npz" in shown and "refused" in shown and packed.sha256 in shown


def test_round_trip_the_loaders_read_the_installed_data(packed: Packed, learner: Path) -> None:
    """Installed without any configuration: MNIST in the per-user folder, Keras's files in its cache and there too."""
    result = install(str(packed.bundle))
    home = learner / "xdg_data_home" / "dlgrade"
    assert data_dir() == home
    assert {path for path, _, changed in result.files if changed} == PACKED
    (_, y_train), (x_test, _) = load_mnist()
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9] and x_test.shape == (10000, 28, 28)
    assert len(json.loads(keras_file("imdb_word_index.json").read_bytes())) == 88584
    cache = learner / "keras-home" / "datasets"
    assert sorted(p.name for p in cache.iterdir()) == ["boston_housing.npz", "imdb_word_index.json"]
    assert {s.known.name: s.state for s in status()}["boston_housing.npz"] == "verified"
    again = install(str(packed.bundle))
    assert not any(changed for _, _, changed in again.files)


@pytest.mark.slow
def test_keras_and_the_exercises_load_the_installed_data_offline(packed: Packed, learner: Path) -> None:
    """Real Keras reads the installed files unchanged; the exercises' load_data work; a failed download says what to run."""
    install(str(packed.bundle))
    with socket.socket() as s:  # a port nobody listens on: Keras's download fails at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = f"""
import sys
sys.path.insert(0, {str(REPO / 'solutions')!r})
import keras, housing, mnist
from grader.authoring.datasets import DatasetMissing, explain_missing
(x, y), _ = housing.load_data()
(images, labels), _ = mnist.load_data()
print(x.shape, images.shape, labels[:3].tolist(), len(keras.datasets.imdb.get_word_index()))
try:
    with explain_missing("reuters.npz"):
        keras.utils.get_file("reuters.npz", origin="http://127.0.0.1:{port}/reuters.npz")
except DatasetMissing as exc:
    print("MISSING", exc)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env=os.environ, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert "(404, 13) (60000, 28, 28) [5, 0, 4] 88584" in lines
    missing = next(line for line in lines if line.startswith("MISSING"))
    assert str(learner / "keras-home" / "datasets" / "reuters.npz") in missing and "dlgrade data install" in missing
    assert "Traceback" not in done.stdout


def _rewrite(bundle: Path, out: Path, change: Callable[[dict[str, Any], dict[str, bytes]], None],
             symlink: str | None = None) -> Path:
    """A copy of ``bundle`` with its manifest and members changed by ``change`` (``symlink``: a member made a link)."""
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        members = {name: zf.read(name) for name in zf.namelist() if name != MANIFEST}
    change(manifest, members)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        for name, raw in members.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = ((stat.S_IFLNK | 0o777) if name == symlink else (stat.S_IFREG | 0o644)) << 16
            zf.writestr(info, raw)
    return out


def _entry(manifest: dict[str, Any], path: str) -> dict[str, Any]:
    return next(item for item in manifest["files"] if item["path"] == path)


def _flip(members: dict[str, bytes], path: str, at: int = 200) -> None:
    raw = members[path]
    members[path] = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]


def _reseal(manifest: dict[str, Any], members: dict[str, bytes], path: str) -> None:
    """Make the manifest agree with the (changed) member: a manifest that lies along with the file."""
    _entry(manifest, path).update(sha256=hashlib.sha256(members[path]).hexdigest(), size=len(members[path]))


HOUSING = "keras/datasets/boston_housing.npz"
LABELS = "mnist/t10k-labels-idx1-ubyte.gz"


def _corrupt(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    _flip(members, HOUSING)


def _lying_manifest(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    _entry(manifest, HOUSING)["sha256"] = "0" * 64


def _resealed_word_index(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    members["keras/datasets/imdb_word_index.json"] = members["keras/datasets/imdb_word_index.json"].replace(
        b'"great": ', b'"grate": ', 1)
    _reseal(manifest, members, "keras/datasets/imdb_word_index.json")


def _resealed_mnist(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    import gzip

    raw = bytearray(gzip.decompress(members[LABELS]))
    raw[100] = (raw[100] + 1) % 10  # one label changed, gzip made again, manifest made to agree
    members[LABELS] = gzip.compress(bytes(raw))
    _reseal(manifest, members, LABELS)


@pytest.mark.parametrize(
    ("change", "named", "why"),
    [
        (_corrupt, HOUSING, "the manifest says"),
        (_lying_manifest, HOUSING, "the manifest says 0000"),
        (_resealed_word_index, "keras/datasets/imdb_word_index.json", "not the original dataset file"),
        (_resealed_mnist, LABELS, "not the original dataset file"),
    ],
    ids=["corrupted-file", "manifest-lies", "word-index-changed-and-resealed", "mnist-changed-and-resealed"],
)
def test_a_bad_file_rejects_the_whole_bundle(packed: Packed, learner: Path, change: Callable[..., None],
                                             named: str, why: str) -> None:
    """One bad file (against the manifest, or against the known digest) and nothing at all is installed."""
    bad = _rewrite(packed.bundle, learner / "bundles" / "bad.zip", change)
    with pytest.raises(BundleError, match="nothing installed") as caught:
        install(str(bad))
    assert named in str(caught.value) and why in str(caught.value)
    assert _installed_files(learner) == []


def _add_member(path: str, size: int | None = None) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
    def change(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        members[path] = b"x" * 10
        manifest["files"].append({"path": path, "sha256": hashlib.sha256(b"x" * 10).hexdigest(),
                                  "size": 10 if size is None else size, "dataset": "imdb"})
    return change


def _only_member(path: str) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
    def change(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        members[path] = b"extra"
    return change


def _set(key: str, value: object) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
    def change(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest[key] = value
    return change


def _duplicate(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    manifest["files"].append(dict(_entry(manifest, LABELS), path=LABELS.removesuffix(".gz")))
    members[LABELS.removesuffix(".gz")] = members[LABELS]


def _oversize(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    _entry(manifest, HOUSING)["size"] = MAX_FILE_BYTES + 1


def _shrunk(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    _entry(manifest, HOUSING)["size"] -= 1


def _dropped(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    del members[HOUSING]


@pytest.mark.parametrize(
    ("change", "symlink", "why"),
    [
        (_add_member("../evil.py"), None, "outside the data folder"),
        (_add_member("mnist/../../evil.py"), None, "outside the data folder"),
        (_add_member("/etc/cron.d/evil"), None, "outside the data folder"),
        (_add_member("C:/evil.npz"), None, "outside the data folder"),
        (_add_member("keras\\datasets\\imdb.npz"), None, "outside the data folder"),
        (_add_member("keras/datasets/evil.npz"), None, "not a dataset file dlgrade knows"),
        (_only_member("keras/datasets/reuters.npz"), None, "not in its manifest"),
        (_only_member("../../evil.py"), None, "not in its manifest"),
        (lambda m, f: None, HOUSING, "not a plain file"),
        (_duplicate, None, "twice"),
        (_oversize, None, "not a size a dataset file has"),
        (_shrunk, None, "the manifest says"),
        (_dropped, None, "in the manifest but not in the bundle"),
        (_set("version", 2), None, "upgrade: pip install -U dlgrade"),
        (_set("format", "something-else"), None, "not a dlgrade data bundle"),
        (_set("files", []), None, "lists no files"),
    ],
    ids=["dotdot", "inner-dotdot", "absolute", "drive", "backslash", "unknown-name", "unlisted-member",
         "unlisted-traversal", "symlink", "duplicate", "absurd-size", "longer-than-listed", "member-missing",
         "newer-version", "other-format", "empty"],
)
def test_unsafe_or_malformed_bundles_are_rejected(packed: Packed, learner: Path, change: Callable[..., None],
                                                  symlink: str | None, why: str) -> None:
    """Paths out of the data folder, unknown names, links, absurd sizes, bad manifests: rejected, nothing installed."""
    bad = _rewrite(packed.bundle, learner / "bundles" / "bad.zip", change, symlink)
    with pytest.raises(BundleError, match="nothing installed") as caught:
        install(str(bad))
    assert why in str(caught.value)
    assert _installed_files(learner) == []
    assert not (learner / "evil.py").exists() and not (learner.parent / "evil.py").exists()


def test_not_a_bundle(learner: Path) -> None:
    """A file that is no zip, or a missing file, is refused with its name."""
    junk = learner / "bundles" / "junk.zip"
    junk.parent.mkdir()
    junk.write_bytes(b"<html>captive portal</html>")
    with pytest.raises(BundleError, match="not a zip bundle"):
        install(str(junk))
    with pytest.raises(BundleError, match="no such file"):
        install(str(learner / "nowhere.zip"))
    with pytest.raises(BundleError, match="not a file, nor an http"):
        install("ftp://example.org/dlgrade-data.zip")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log on the test's stderr."""


@pytest.fixture
def mirror(packed: Packed) -> Iterator[str]:
    """A real HTTP server on localhost serving the packed bundle's folder; its base URL."""
    handler = functools.partial(_Quiet, directory=str(packed.bundle.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_install_over_http_from_the_mirror(packed: Packed, learner: Path, mirror: str) -> None:
    """No argument: <mirror>/dlgrade-data.zip is downloaded with progress, verified and installed."""
    seen: list[tuple[int, int | None]] = []
    result = install(None, mirror=mirror, progress=lambda done, total: seen.append((done, total)))
    assert result.source == mirror + BUNDLE_NAME
    assert seen[-1] == (packed.size, packed.size) and len(seen) > 1
    assert (learner / "keras-home" / "datasets" / "boston_housing.npz").is_file()
    with pytest.raises(BundleError, match=r"cannot download .*404"):
        install(mirror + "no-such-bundle.zip")


def test_cli_install_from_the_environments_mirror_then_status(packed: Packed, learner: Path, mirror: str,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`dlgrade data status` names what is missing and the command; `dlgrade data install` uses DLGRADE_DATA_MIRROR."""
    assert main(["data", "status"]) == 1
    out = capsys.readouterr().out
    assert f"dlgrade data folder: {learner / 'xdg_data_home' / 'dlgrade'}" in out
    assert "✗ mnist    train-images-idx3-ubyte  missing" in out
    assert "run: dlgrade data install" in out
    assert main(["data", "install"]) == 2
    assert "no mirror set" in capsys.readouterr().err
    monkeypatch.setenv(MIRROR_ENV, mirror)
    assert main(["data", "install"]) == 0
    out, err = capsys.readouterr()
    assert "6 files verified (SHA-256) and installed from " + mirror + BUNDLE_NAME in out
    assert err.endswith(f"\rdownloading the data bundle: {packed.size / 1e6:.1f} / {packed.size / 1e6:.1f} MB (100 %)\n")
    assert main(["data", "status", "--lang", "zh"]) == 1  # imdb.npz and reuters are still missing
    out = capsys.readouterr().out
    assert "✓ mnist    train-images-idx3-ubyte  已校验" in out
    assert "缺失或损坏：imdb.npz, reuters.npz, reuters_word_index.json" in out
    assert incomplete(status()) == ["imdb.npz", "reuters.npz", "reuters_word_index.json"]


def test_status_names_a_damaged_file(packed: Packed, learner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A changed file in Keras's cache is shown as not the original, with the command that fixes it."""
    install(str(packed.bundle))
    target = learner / "keras-home" / "datasets" / "boston_housing.npz"
    target.write_bytes(target.read_bytes()[:-1])
    assert main(["data", "status"]) == 1
    out = capsys.readouterr().out
    assert "✗ housing  boston_housing.npz       not the original file (the SHA-256 of it is" in out
    assert "missing or damaged: imdb.npz, reuters.npz, reuters_word_index.json, boston_housing.npz" in out
