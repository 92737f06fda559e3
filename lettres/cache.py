"""The user's cache folder: what a command prepares once and the next one reads back (compiled and prepared
templates, the loaded reference data, the regular expressions email-validator compiles: ``expressions.py``). ``LETTRES_CACHE`` names another folder; an empty value turns the cache
off. The folder is the user's own (0700); a file that cannot be read or written only costs the preparation."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "LETTRES_CACHE"


def cache_folder() -> Path | None:
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return Path(value) if value else None
    from platformdirs import user_cache_path

    return user_cache_path("lettres", appauthor=False) / "modeles"


def read_cached(name: str) -> bytes | None:
    """The bytes of the cache file ``name``, None when there is no cache, or no such file."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_cached(name: str, data: bytes) -> None:
    """Keep ``data`` as the cache file ``name`` (written whole or not at all)."""
    folder = cache_folder()
    if folder is None:
        return
    from lettres.fichiers import PRIVATE_DIR, write_atomic

    try:
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        write_atomic(folder / name, data, sync=False)
    except (OSError, ValueError):
        pass  # a read-only or full disk only costs the preparation next time
