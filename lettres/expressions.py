"""Regular expressions that a library compiles when it is imported, kept compiled in the user's cache folder.

email-validator compiles, on import, expressions whose character classes run up to U+10FFFF: Python's ``re``
builds for each a table of the first 65,536 characters, one by one, in Python. That was a sixth of the start of a
one-row ``lettres lot`` (220 million instructions out of 1,400), before any address was checked.

The compiled form of each expression (the code ``re`` hands to its matching engine) is kept in the cache folder
(``lettres.cache``) under a name that depends on Python and on the library's files. The next command gives it to
``re``'s own cache before importing the library, which then finds its expressions compiled: the library is
imported and used unchanged, and remains the only judge. Each stored expression was compared, when written, with
the one ``re`` compiles (same pattern, flags and code); anything unexpected (another Python whose ``re`` works
differently, a damaged file) only costs the compilation, as without the cache.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import marshal
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from hashlib import sha256
from importlib.util import find_spec
from typing import Any

from lettres.cache import read_cached, write_cached

# (pattern, flags as passed to re.compile, flags of the compiled expression, code, groups, groupindex, indexgroup)
Record = tuple[Any, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]


@contextmanager
def prepared_patterns(package: str) -> Iterator[None]:
    """Around the first import of ``package``: its expressions compiled before, kept after."""
    if package in sys.modules:
        yield
        return
    name = _file_name(package)
    records = _read(name) if name else None
    if records is not None:
        _give_to_re(records)
    yield
    if name and records is None and package in sys.modules:
        _write(name, package)


def _file_name(package: str) -> str | None:
    """The cache file of ``package``'s expressions: it changes with Python, ``re`` and the package's files."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    parts = [sys.version, str(getattr(_sre, "MAGIC", "")), package]
    try:
        for folder in spec.submodule_search_locations:
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith(".py") and entry.is_file():
                        stat = entry.stat()
                        parts.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:  # a package read from an archive, an unreadable folder: no cache, as before
        return None
    return f"expressions-{sha256('|'.join(parts).encode()).hexdigest()[:32]}.marshal"


def _read(name: str) -> list[Record] | None:
    data = read_cached(name)
    if data is None:
        return None
    try:
        records = marshal.loads(data)  # the user's own cache folder (0700), as Python's __pycache__
    except (EOFError, ValueError, TypeError):
        return None  # damaged: compiled again, and written again
    return records if isinstance(records, list) else None


def _give_to_re(records: list[Record]) -> None:
    """Put the stored expressions in ``re``'s cache, where ``re.compile`` looks first."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    for record in records:
        try:
            cache[(type(record[0]), record[0], record[1])] = _compiled(record)
        except Exception:  # a record this Python cannot use: re compiles that expression itself
            continue


def _compiled(record: Record) -> re.Pattern:
    pattern, _, flags, code, groups, groupindex, indexgroup = record
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _record(pattern: str | bytes, flags: int) -> Record | None:
    """What ``re.compile(pattern, flags)`` hands to the matching engine; None if it cannot be read back the same."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for key, index in groupindex.items():
        indexgroup[index] = key
    code = [int(c) for c in _compiler._code(parsed, flags)]
    record: Record = (
        pattern,
        flags,
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return record if _compiled(record) == re.compile(pattern, flags) else None


def _write(name: str, package: str) -> None:
    """Keep the expressions that the modules of ``package`` hold."""
    records = []
    try:
        for module_name, module in list(sys.modules.items()):
            if module_name != package and not module_name.startswith(package + "."):
                continue
            for value in vars(module).values():
                # the flags the library passed are not kept: those of the compiled expression, less the
                # implicit UNICODE, are the usual ones (0); an expression under other flags is compiled as before
                if isinstance(value, re.Pattern) and not value.flags & re.LOCALE:
                    flags = value.flags & ~re.UNICODE if isinstance(value.pattern, str) else value.flags
                    record = _record(value.pattern, int(flags))
                    if record is not None:
                        records.append(record)
    except Exception:  # another Python whose re works differently: no cache, as before
        return
    write_cached(name, marshal.dumps(records))
