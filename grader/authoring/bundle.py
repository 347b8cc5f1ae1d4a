"""Data bundles: an instructor packs the datasets once; learners install them without Google's servers.

A bundle is one zip file (:data:`BUNDLE_NAME`) holding ``manifest.json`` and each dataset file
under its path in a data folder (``mnist/<IDX file>.gz``, ``keras/datasets/<name>``: Keras's own
cache format). The manifest::

    {"format": "dlgrade-data-bundle", "version": 1,
     "files": [{"path": "keras/datasets/imdb.npz", "sha256": "...", "size": 17464789, "dataset": "imdb"}, ...]}

:func:`install` takes a bundle from a path or an http(s)/file URL (or, with none, from the
mirror: ``--mirror`` or ``DLGRADE_DATA_MIRROR``), checks every file against the manifest *and*
against the digest dlgrade knows for it (:mod:`grader.authoring.datasets`), and only when all
of them pass copies them into Keras's cache and dlgrade's data folder: a bundle with one bad
file installs nothing. Only the known dataset paths are accepted: no other name, no ``..``,
no absolute path, no link, nothing larger than the datasets are.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from grader.authoring.data import data_home
from grader.authoring.datasets import (
    CHUNK,
    FILES,
    MAX_FILE_BYTES,
    DataFile,
    check_file,
    digests,
    entry,
    keras_cache,
    known_problem,
    places,
)
from grader.feedback.messages import text
from grader.paths import StagedWrites, write_atomically

BUNDLE_NAME = "dlgrade-data.zip"
"""The bundle's file name (what ``dlgrade data pack`` writes and a mirror serves)."""
FORMAT, VERSION = "dlgrade-data-bundle", 1
MANIFEST = "manifest.json"
MIRROR_ENV = "DLGRADE_DATA_MIRROR"
"""The mirror's base URL: ``dlgrade data install`` without a bundle fetches ``<mirror>/dlgrade-data.zip``."""
MAX_BUNDLE_BYTES = 1 << 30
MAX_MANIFEST_BYTES = 1 << 20
DOWNLOAD_TIMEOUT = 60.0
"""Seconds a download may wait for the server between two reads."""

Progress = Callable[[int, int | None], None]
"""Told (bytes so far, total bytes or None) while a bundle downloads."""


class BundleError(ValueError):
    """A bundle was rejected (or could not be fetched): nothing was installed."""


@dataclass(frozen=True)
class BundleFile:
    """One file of a bundle, as its manifest lists it."""

    path: str
    sha256: str
    size: int
    dataset: str


@dataclass(frozen=True)
class Packed:
    """What :func:`pack` wrote: the bundle, its files, and what it could not include."""

    bundle: Path
    sha256: str
    size: int
    files: tuple[BundleFile, ...]
    missing: tuple[str, ...]
    refused: tuple[str, ...]


@dataclass(frozen=True)
class Installed:
    """What :func:`install` did: per bundle file, where it is now and whether it was written."""

    source: str
    files: tuple[tuple[str, tuple[Path, ...], bool], ...]


@dataclass(frozen=True)
class FileStatus:
    """One known file: where its readers look, and ``verified``, ``missing`` or ``damaged`` (with why)."""

    known: DataFile
    path: Path
    state: str
    detail: str = ""


# ------------------------------------------------------------------------------------ pack
def _candidates(known: DataFile) -> list[Path]:
    """Where :func:`pack` looks for a file: the data folder, then Keras's caches (``KERAS_HOME``, ``~/.keras``)."""
    folder = data_home()
    if not known.in_keras_cache:
        return [folder / f"{known.path}.gz", folder / known.path]
    found = [folder / known.path, keras_cache() / known.name, Path.home() / ".keras" / "datasets" / known.name]
    return list(dict.fromkeys(found))


def collect() -> tuple[dict[str, Path], list[str], list[str]]:
    """The verified file of each known dataset file: ``({bundle path: file}, missing names, refused files and why)``."""
    chosen: dict[str, Path] = {}
    missing: list[str] = []
    refused: list[str] = []
    for known in FILES:
        for path in _candidates(known):
            if not path.is_file():
                continue
            problem = check_file(path, known)
            if problem is None:
                chosen[known.path + (".gz" if path.name.endswith(".gz") else "")] = path
                break
            refused.append(f"{path}: {problem}")
        else:
            missing.append(known.name)
    return chosen, missing, refused


def _write_zip(handle: IO[bytes], *, files: Sequence[BundleFile], sources: dict[str, Path]) -> None:
    manifest = {"format": FORMAT, "version": VERSION, "files": [vars(f) for f in files]}
    with zipfile.ZipFile(handle, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1), compress_type=zipfile.ZIP_DEFLATED)
        for f in files:  # .gz and .npz are compressed already
            method = zipfile.ZIP_DEFLATED if f.path.endswith(".json") else zipfile.ZIP_STORED
            zf.write(sources[f.path], f.path, compress_type=method)


def pack(out_dir: Path) -> Packed:
    """Write ``out_dir/dlgrade-data.zip`` with every known dataset file found here with its known digest.

    Looks in the data folder (``DLGRADE_DATA``, else the per-user one) and in Keras's cache
    (``$KERAS_HOME/datasets``, ``~/.keras/datasets``). A file without its known digest is never
    packed (the synthetic IMDB stand-in cannot pass for ``imdb.npz``).

    Raises:
        ValueError: nothing to pack.
        OSError: the bundle cannot be written.
    """
    chosen, missing, refused = collect()
    if not chosen:
        raise ValueError(f"no dataset file found to pack (looked in {data_home()} and {keras_cache()}); "
                         f"missing: {', '.join(missing)}")
    files = []
    for path, source in chosen.items():
        found = digests(source)
        files.append(BundleFile(path, found.sha256, found.size, entry(path).dataset))
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = out_dir / BUNDLE_NAME
    write_atomically(bundle, functools.partial(_write_zip, files=files, sources=chosen))
    whole = digests(bundle, limit=MAX_BUNDLE_BYTES)
    return Packed(bundle, whole.sha256, whole.size, tuple(files), tuple(missing), tuple(refused))


def render_packed(packed: Packed) -> str:
    """What was packed and what was not, for the instructor."""
    lines = [f"wrote {packed.bundle} ({packed.size / 1e6:.1f} MB, SHA-256 {packed.sha256})"]
    lines += [f"  packed  {f.dataset:<8} {f.path}  {f.size / 1e6:.1f} MB" for f in packed.files]
    lines += [f"  missing {entry(_any_path(name)).dataset:<8} {name}: not found here" for name in packed.missing]
    lines += [f"  refused {line}" for line in packed.refused]
    lines.append(f"learners: dlgrade data install {packed.bundle.name}  (or serve it as <mirror URL>/{BUNDLE_NAME} "
                 f"and set {MIRROR_ENV}=<mirror URL>)")
    return "\n".join(lines)


def _any_path(name: str) -> str:
    return next(f.path for f in FILES if f.name == name)


# ----------------------------------------------------------------------------- fetching
def bundle_url(source: str | None, mirror: str | None, lang: str = "en") -> str:
    """The bundle to install: ``source``, else ``<mirror>/dlgrade-data.zip`` (``mirror`` or ``DLGRADE_DATA_MIRROR``).

    Raises:
        BundleError: neither a source nor a mirror.
    """
    if source:
        return source
    base = mirror or os.environ.get(MIRROR_ENV)
    if not base:
        raise BundleError(text("data_no_source", lang))
    return base if base.endswith(".zip") else f"{base.rstrip('/')}/{BUNDLE_NAME}"


def fetch(source: str, folder: Path, progress: Progress | None = None) -> Path:
    """The bundle as a local file: a path as it is, an http(s) or file URL downloaded into ``folder``.

    Raises:
        BundleError: an unsupported URL, a missing file, a failed or oversized download.
    """
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme not in ("http", "https", "file"):
        if len(scheme) > 1:  # one letter: a Windows drive
            raise BundleError(f"{source}: not a file, nor an http, https or file URL")
        if not Path(source).is_file():
            raise BundleError(f"{source}: no such file")
        return Path(source)
    target = folder / BUNDLE_NAME
    try:
        with urllib.request.urlopen(source, timeout=DOWNLOAD_TIMEOUT) as response, open(target, "wb") as out:  # noqa: S310 - the scheme is checked above
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > MAX_BUNDLE_BYTES:
                raise BundleError(f"{source} is {total} bytes, more than a data bundle can be ({MAX_BUNDLE_BYTES})")
            done = 0
            while chunk := response.read(CHUNK):
                done += len(chunk)
                if done > MAX_BUNDLE_BYTES:
                    raise BundleError(f"{source} is larger than a data bundle can be ({MAX_BUNDLE_BYTES} bytes)")
                out.write(chunk)
                if progress is not None:
                    progress(done, total)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise BundleError(f"cannot download {source}: {exc}") from exc
    if total is not None and done != total:
        raise BundleError(f"the download of {source} stopped after {done} of {total} bytes")
    return target


def progress_printer(lang: str = "en", stream: IO[str] | None = None) -> Progress:
    """A :data:`Progress` that rewrites one line of ``stream`` (stderr): megabytes so far, of the total, percent."""

    def show(done: int, total: int | None) -> None:
        end = "\n" if total is not None and done >= total else ""
        of = f" / {total / 1e6:.1f} MB ({100 * done // max(total, 1)} %)" if total else " MB"
        out = sys.stderr if stream is None else stream
        out.write(f"\r{text('data_downloading', lang, progress=f'{done / 1e6:.1f}{of}')}{end}")
        out.flush()

    return show


# ----------------------------------------------------------------------- checking a bundle
def _check_path(path: object) -> str:
    """A manifest path, if it is a known dataset file's; the reason otherwise (as BundleError)."""
    if not isinstance(path, str) or not path:
        raise BundleError(f"a manifest path is not a file name: {path!r:.80}")
    parts = path.split("/")
    if "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in parts or "" in parts:
        raise BundleError(f"{path!r:.200}: a path outside the data folder")
    try:
        known = entry(path)
    except KeyError as exc:
        raise BundleError(f"{path!r:.200}: not a dataset file dlgrade knows") from exc
    if known.in_keras_cache and path != known.path:
        raise BundleError(f"{path!r:.200}: not a dataset file dlgrade knows")
    return path


def _manifest_file(item: object) -> BundleFile:
    if not isinstance(item, dict):
        raise BundleError(f"a manifest entry is not an object: {item!r:.80}")
    path = _check_path(item.get("path"))
    digest, size = item.get("sha256"), item.get("size")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise BundleError(f"{path}: the manifest's sha256 is not a SHA-256 digest")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
        raise BundleError(f"{path}: the manifest's size {size!r:.40} is not a size a dataset file has")
    return BundleFile(path, digest, size, entry(path).dataset)


def read_manifest(zf: zipfile.ZipFile) -> tuple[BundleFile, ...]:
    """The manifest's files, every one a known dataset file, each once.

    Raises:
        BundleError: no manifest, another format or version, a bad or duplicate entry.
    """
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError as exc:
        raise BundleError(f"no {MANIFEST}: not a dlgrade data bundle") from exc
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BundleError(f"{MANIFEST} is {info.file_size} bytes: not a dlgrade data bundle")
    try:
        manifest: Any = json.loads(zf.read(info))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{MANIFEST} cannot be read ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{MANIFEST} is not a dlgrade data bundle's manifest")
    version = manifest.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        raise BundleError(f"bundle format version {version!r:.20}, this dlgrade reads version {VERSION}"
                          + ("; upgrade: pip install -U dlgrade" if newer else ""))
    items = manifest.get("files")
    if not isinstance(items, list) or not items:
        raise BundleError(f"{MANIFEST} lists no files")
    files = tuple(_manifest_file(item) for item in items)
    seen = [entry(f.path).path for f in files]
    if len(set(seen)) != len(seen):
        raise BundleError(f"{MANIFEST} lists a file twice")
    if sum(f.size for f in files) > MAX_BUNDLE_BYTES:
        raise BundleError(f"{MANIFEST} lists more than {MAX_BUNDLE_BYTES} bytes")
    return files


def check_members(zf: zipfile.ZipFile, files: Sequence[BundleFile]) -> None:
    """The zip holds the manifest and exactly its files, as plain files of the listed sizes.

    Raises:
        BundleError: an extra, missing, duplicate, linked or resized member.
    """
    listed = {f.path: f for f in files}
    names = [info.filename for info in zf.infolist()]
    if len(set(names)) != len(names):
        raise BundleError("the bundle holds a file twice")
    for info in zf.infolist():
        if info.filename == MANIFEST:
            continue
        if info.filename not in listed:
            raise BundleError(f"{info.filename!r:.200} is in the bundle but not in its manifest")
        if info.is_dir() or stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG):
            raise BundleError(f"{info.filename}: not a plain file (a link or a folder)")
        if info.file_size != listed[info.filename].size:
            raise BundleError(f"{info.filename}: {info.file_size} bytes, the manifest says {listed[info.filename].size}")
    absent = sorted(set(listed) - set(names))
    if absent:
        raise BundleError(f"{', '.join(absent)}: in the manifest but not in the bundle")


def extract_verified(zf: zipfile.ZipFile, files: Sequence[BundleFile], staging: Path) -> dict[str, Path]:
    """Each file copied into ``staging`` and checked: its manifest size and SHA-256, then its known digest.

    Raises:
        BundleError: naming the first file that fails.
    """
    staged = {}
    for f in files:
        target = staging / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(f.path) as src, open(target, "wb") as out:
                copied = _copy_bounded(src, out, f.size)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a damaged member (CRC) or archive
            raise BundleError(f"{f.path}: cannot be read from the bundle ({exc})") from exc
        if copied != f.size:
            raise BundleError(f"{f.path}: {copied} bytes, the manifest says {f.size}")
        try:
            found = digests(target)
        except ValueError as exc:  # a .gz that does not decompress, or decompresses to too much
            raise BundleError(f"{f.path}: not the original dataset file: {exc}") from exc
        if found.sha256 != f.sha256:
            raise BundleError(f"{f.path}: its SHA-256 is {found.sha256}, the manifest says {f.sha256}")
        problem = known_problem(found, entry(f.path))
        if problem is not None:
            raise BundleError(f"{f.path}: not the original dataset file: {problem}")
        staged[f.path] = target
    return staged


def _copy_bounded(src: IO[bytes], out: IO[bytes], size: int) -> int:
    """Copy at most ``size + 1`` bytes (one more shows a member longer than it says)."""
    copied = 0
    while copied <= size and (chunk := src.read(min(CHUNK, size + 1 - copied))):
        out.write(chunk)
        copied += len(chunk)
    return copied


# ----------------------------------------------------------------------------- installing
def targets(path: str) -> tuple[Path, ...]:
    """Where a bundle file goes: Keras's cache and the data folder (``keras/datasets/``), or the data folder (MNIST)."""
    known = entry(path)
    return places(known) if known.in_keras_cache else (data_home() / path,)


def _holds(target: Path, sha256: str, size: int) -> bool:
    """Whether ``target`` is a plain file with this size and SHA-256 already."""
    try:
        st = os.lstat(target)
        return stat.S_ISREG(st.st_mode) and st.st_size == size and digests(target, content=False).sha256 == sha256
    except (OSError, ValueError):  # unreadable or oversized: replaced
        return False


def _place(staged: dict[str, Path], files: Sequence[BundleFile]) -> list[tuple[str, tuple[Path, ...], bool]]:
    """Copy every staged (verified) file beside each target, then rename them all into place (or none, on an error)."""
    writes = StagedWrites()
    done: list[tuple[str, tuple[Path, ...], bool]] = []
    try:
        for f in files:
            wanted, source = targets(f.path), staged[f.path]
            changed = False
            for target in wanted:
                if _holds(target, f.sha256, f.size):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                writes.stage(target, functools.partial(_copy_from, source))
                changed = True
            done.append((f.path, wanted, changed))
    except (OSError, ValueError) as exc:
        writes.discard()
        raise BundleError(f"cannot write the data ({exc}): nothing installed") from exc
    writes.commit()
    return done


def _copy_from(source: Path, out: IO[bytes]) -> None:
    """Copy ``source`` into the open file ``out``."""
    with open(source, "rb") as src:
        shutil.copyfileobj(src, out, CHUNK)


def install(source: str | None = None, *, mirror: str | None = None, progress: Progress | None = None,
            lang: str = "en") -> Installed:
    """Install a data bundle: a path, an http(s)/file URL, or (``source`` None) the mirror's bundle.

    Every file is checked (manifest size and SHA-256, known digest) in a temporary folder before
    any is copied into Keras's cache (:func:`grader.authoring.datasets.keras_cache`) and dlgrade's data
    folder (:func:`grader.authoring.data.data_home`).

    Raises:
        BundleError: no source, a failed download, or a rejected bundle (the message names the file); nothing installed.
    """
    url = bundle_url(source, mirror, lang)
    with tempfile.TemporaryDirectory(prefix="dlgrade-data-") as temp:
        try:
            local = fetch(url, Path(temp), progress)
            with zipfile.ZipFile(local) as zf:
                files = read_manifest(zf)
                check_members(zf, files)
                staged = extract_verified(zf, files, Path(temp) / "staged")
        except (zipfile.BadZipFile, OSError) as exc:
            raise BundleError(text("data_rejected", lang, source=url, detail=f"not a zip bundle ({exc})")) from exc
        except BundleError as exc:
            raise BundleError(text("data_rejected", lang, source=url, detail=str(exc))) from exc
        return Installed(url, tuple(_place(staged, files)))


def render_installed(result: Installed, lang: str = "en") -> str:
    """One line per file (where it is now), then the total."""
    lines = []
    for path, where, changed in result.files:
        shown = ", ".join(str(p) for p in where)
        lines.append(text("data_installed" if changed else "data_unchanged", lang, name=path, places=shown))
    lines.append(text("data_install_done", lang, count=len(result.files), source=result.source))
    return "\n".join(lines)


# --------------------------------------------------------------------------------- status
def status() -> tuple[FileStatus, ...]:
    """Every known file where its readers look first (Keras's cache; the data folder for MNIST), checked."""
    found = []
    for known in FILES:
        if known.in_keras_cache:
            options = [keras_cache() / known.name]
        else:
            options = [data_home() / f"{known.path}.gz", data_home() / known.path]
        path = next((p for p in options if p.is_file()), options[0])
        if not path.is_file():
            found.append(FileStatus(known, path, "missing"))
            continue
        problem = check_file(path, known)
        found.append(FileStatus(known, path, "damaged" if problem else "verified", problem or ""))
    return tuple(found)


def render_status(found: Sequence[FileStatus], lang: str = "en") -> str:
    """The folders, one line per file, and what to run for what is missing."""
    lines = [text("data_folder", lang, folder=data_home()), text("keras_folder", lang, folder=keras_cache())]
    width = max(len(s.known.name) for s in found)
    for s in found:
        if s.state == "verified":
            mark, label = "✓", text("data_verified", lang)
        elif s.state == "missing" and s.known.optional:
            mark, label = "–", text("data_optional", lang)
        else:
            mark = "✗"
            label = text("data_absent", lang) if s.state == "missing" else text("data_damaged", lang, detail=s.detail)
        lines.append(f"  {mark} {s.known.dataset:<8} {s.known.name:<{width}}  {label}  {s.path}")
    lacking = incomplete(found)
    lines.append(text("data_fix", lang, names=", ".join(lacking)) if lacking else text("data_all_there", lang))
    return "\n".join(lines)


def incomplete(found: Sequence[FileStatus]) -> list[str]:
    """The names of the files that are missing (and not optional) or damaged."""
    return [s.known.name for s in found if s.state == "damaged" or (s.state == "missing" and not s.known.optional)]

