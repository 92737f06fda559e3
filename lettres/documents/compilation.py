"""Compiled templates kept on disk between runs, as Python keeps its ``__pycache__``.

Word templates are kept prepared too (``PreparedCache``): the parts docxtpl's preprocessing gives, the
unchanging zip entries already compressed — strings, bytes and numbers written with ``marshal``, under a
name that depends on the template's bytes, the logo's, and the code that prepares them. The next command
renders its first letter without opening the Word package again (python-docx is not even imported).

Compiling the Jinja templates (the three letters, their headers and footers, the e-mails) is a third
of the start of every command that writes documents. The compiled code is stored in the user's cache
folder, under a name that depends on the template's source, on Jinja's and Python's versions
(``jinja2.bccache``) and on the environment's settings: any change compiles again. The folder is the
user's own (0700); ``LETTRES_CACHE`` names another one, and an empty value turns the cache off.
"""

from __future__ import annotations

import marshal
import sys
from functools import cache
from hashlib import sha256
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from lettres.cache import ENV_VAR, cache_folder

__all__ = ["ENV_VAR", "DiskCache", "PreparedCache", "cache_folder", "from_string", "settings_of"]


class DiskCache(BytecodeCache):
    """Jinja's bytecode cache in one folder, its file names salted with the environment's settings."""

    def __init__(self, folder: Path, settings: str):
        self.folder = folder
        self.salt = sha256(settings.encode()).hexdigest()[:16]

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{self.salt}-{bucket.key}.code"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        bucket.bytecode_from_string(data)  # rejects another version's or another source's code

    def dump_bytecode(self, bucket: Bucket) -> None:
        from lettres.fichiers import PRIVATE_DIR, write_atomic

        try:
            self.folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            write_atomic(self._path(bucket), bucket.bytecode_to_string(), sync=False)
        except OSError:
            pass  # a read-only or full disk only costs the compilation next time


def settings_of(env) -> str:
    """What, besides the source, changes the compiled code."""
    return "|".join(
        str(x)
        for x in (
            type(env).__name__,
            env.undefined.__name__,
            env.autoescape(None) if callable(env.autoescape) else env.autoescape,
            env.autoescape("x.txt") if callable(env.autoescape) else env.autoescape,
            env.trim_blocks,
            env.lstrip_blocks,
            env.keep_trailing_newline,
            env.newline_sequence,
            env.block_start_string,
            env.variable_start_string,
            env.comment_start_string,
            sorted(env.extensions),
        )
    )


def from_string(env, source: str):
    """``env.from_string(source)``, the compiled code taken from the cache when it is there."""
    cache = env.bytecode_cache
    if cache is None:
        template = env.from_string(source)
    else:
        name = "chaine:" + sha256(source.encode()).hexdigest()
        bucket = cache.get_bucket(env, name, None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            cache.set_bucket(bucket)
        template = env.template_class.from_code(env, bucket.code, env.make_globals(None))
    template.lettres_source = source  # what a child process compiles again (bac_a_sable)
    return template


# the code whose change must prepare the Word templates again
_PREPARATION = ("word.py", "garde_modele.py", "archive.py", "compilation.py")


@cache
def _code_fingerprint() -> bytes:
    from importlib.util import find_spec

    here = Path(__file__).parent
    files = [here / name for name in _PREPARATION]
    spec = find_spec("docxtpl")
    if spec is not None and spec.origin:
        files.append(Path(spec.origin).with_name("template.py"))
    stamps = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            stamps.append(f"{path}:absent")
        else:
            stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join([sys.version, *stamps]).encode()


class PreparedCache:
    """Word templates as ``CompiledDocx.state()`` gives them, one file per template, logo and code version.
    A hit skips the template's checks too: the same bytes passed them when the file was written."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._code = sha256(_code_fingerprint()).digest()

    def key(self, raw: bytes, logo: bytes | None) -> str:
        digest = sha256(self._code)
        for data in (raw, logo or b""):
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        digest.update(b"logo" if logo is not None else b"")
        return digest.hexdigest()[:40]

    def _path(self, key: str) -> Path:
        return self.folder / f"docx-{key}.prep"

    def load(self, key: str) -> tuple | None:
        try:
            state = marshal.loads(self._path(key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return state if isinstance(state, tuple) and len(state) == 4 else None

    def dump(self, key: str, state: tuple) -> None:
        from lettres.fichiers import PRIVATE_DIR, write_atomic

        try:
            self.folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            write_atomic(self._path(key), marshal.dumps(state), sync=False)
        except (OSError, ValueError):
            pass  # a read-only or full disk only costs the preparation next time
