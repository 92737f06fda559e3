"""Compiled templates kept on disk between runs, as Python keeps its ``__pycache__``.

Compiling the Jinja templates (the three letters, their headers and footers, the e-mails) is a third
of the start of every command that writes documents. The compiled code is stored in the user's cache
folder, under a name that depends on the template's source, on Jinja's and Python's versions
(``jinja2.bccache``) and on the environment's settings: any change compiles again. The folder is the
user's own (0700); ``LETTRES_CACHE`` names another one, and an empty value turns the cache off.
"""

from __future__ import annotations

import os
from hashlib import sha256
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

ENV_VAR = "LETTRES_CACHE"


def cache_folder() -> Path | None:
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return Path(value) if value else None
    from platformdirs import user_cache_path

    return user_cache_path("lettres", appauthor=False) / "modeles"


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
