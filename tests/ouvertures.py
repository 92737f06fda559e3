"""Which files a command opens, seen from inside the process (``sys.addaudithook``).

Every ``open()`` and ``os.open()`` raises the audit event ``open``. An audit hook cannot be removed,
so one hook is installed for the whole process and records only while ``ouvertures()`` is active, into
a list that belongs to the current context: other tests, and other threads, are not recorded.
``hors()`` then lists the files opened outside the allowed folders (links resolved), which is what a
hostile dossier naming ``/etc/passwd`` or ``../../secret`` would show.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# the folders the tool makes for its own work in the system's temporary folder (documents/pdf.py)
TRAVAIL = "lettres-pdf-"
_RECORD: ContextVar[list[tuple[str | bytes, str]] | None] = ContextVar("ouvertures", default=None)
_INSTALLED = False


def _hook(event: str, args: tuple) -> None:
    if event != "open":
        return
    record = _RECORD.get()
    if record is None or not args or isinstance(args[0], int):  # os.fdopen: a descriptor already opened
        return
    # the working directory now: a relative path is resolved against it afterwards, outside the hook
    record.append((args[0], os.getcwd()))


def installer() -> None:
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_hook)
        _INSTALLED = True


@contextmanager
def ouvertures() -> Iterator[list[tuple[str | bytes, str]]]:
    """Record (path, working directory) for each file opened in this context until the block ends."""
    installer()
    record: list[tuple[str | bytes, str]] = []
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


def racines_du_programme() -> list[Path]:
    """What any run may read: the package and its templates, the Python library, the installed
    packages, the cache of compiled templates (``LETTRES_CACHE``)."""
    import lettres
    from lettres.documents.rendu import templates_root

    racines = [Path(lettres.__file__).parent, Path(str(templates_root()))]
    chemins = sysconfig.get_paths()
    racines += [Path(chemins[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in chemins]
    racines += [Path(p) for p in site.getsitepackages()]
    from lettres.documents.compilation import cache_folder

    cache = cache_folder()
    if cache is not None:
        racines.append(cache)
    return racines


def hors(record: list[tuple[str | bytes, str]], *autorises: Path) -> list[str]:
    """The files of ``record`` outside ``autorises`` and the program's own folders, links resolved."""
    racines = [Path(os.path.realpath(r)) for r in (*autorises, *racines_du_programme())]
    travail = Path(os.path.realpath(tempfile.gettempdir()))
    dehors = []
    for chemin, cwd in record:
        texte = os.fsdecode(chemin)
        if "\0" in texte or texte == os.devnull:  # refused by the system; nothing to read
            continue
        complet = os.path.join(cwd, texte)
        if not os.path.isabs(texte) and not os.path.lexists(complet):
            # a name opened relative to a folder's descriptor (shutil.rmtree, dir_fd): the audit event
            # does not carry the folder; a name that exists nowhere here was not read here
            continue
        reel = Path(os.path.realpath(complet))
        if reel.is_relative_to(travail) and reel.relative_to(travail).parts[0].startswith(TRAVAIL):
            continue  # the tool's own work folders (LibreOffice's copies of the letters)
        if not any(reel.is_relative_to(r) for r in racines):
            dehors.append(texte)
    return sorted(set(dehors))
