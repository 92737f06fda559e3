"""The home page's table: the tracking table of ``lettres suivi`` (``suivi.tableau``), for the dossiers
folder, kept between requests.

Each row is the library's own (``read_dossier_file`` then ``build_row``, sorted by ``urgency``); what this
module adds is a cache: a row is computed again only when its file changed (time and size), the day
changed, or the configuration changed. A caseload of hundreds is then listed in a few milliseconds.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lettres.config import Configuration
from lettres.erreurs import LettresError
from lettres.suivi import LigneSuivi, Probleme, find_dossier_files
from lettres.suivi.tableau import urgency

Cle = tuple[int, int]


def _signature(path: Path) -> Cle | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _tree(racine: Path, exclus: tuple[Path, ...]) -> tuple[tuple[str, int], ...]:
    """Every folder ``find_dossier_files`` walks, with its modification time: a file added, removed or renamed
    changes its folder's time, so an unchanged tree has unchanged dossier files."""
    from lettres.suivi.collecte import IGNORED_FOLDERS

    skipped = {str(p) for p in exclus}
    tree = []
    for root, folders, _ in os.walk(racine):
        folders[:] = [
            f
            for f in folders
            if not f.startswith(".") and f not in IGNORED_FOLDERS and os.path.join(root, f) not in skipped
        ]
        try:
            tree.append((root, os.stat(root).st_mtime_ns))
        except OSError:
            continue
    return tuple(tree)


@dataclass
class Tableau:
    """The table of one folder; ``rows`` gives it up to date."""

    racine: Path
    _rows: dict[Path, tuple[Cle, LigneSuivi | Probleme | None]] = field(default_factory=dict)
    _contexte: tuple[Any, ...] = ()
    _verrou: threading.Lock = field(default_factory=threading.Lock)
    _fichiers: list[Path] = field(default_factory=list)
    _arbre: tuple[tuple[str, int], ...] = ()

    def _files(self, exclus: tuple[Path, ...]) -> list[Path]:
        """The dossier files of the folder (``find_dossier_files``), searched again only when a folder changed."""
        arbre = _tree(self.racine, exclus)
        if arbre != self._arbre:
            self._fichiers = find_dossier_files([self.racine], exclus)
            self._arbre = arbre
        return self._fichiers

    def rows(self, config: Configuration, aujourd_hui: date, exclus: tuple[Path, ...] = ()):
        """(rows most urgent first, files that could not be read)."""
        from lettres.suivi.collecte import read_dossier_file
        from lettres.suivi.tableau import build_row

        contexte = (aujourd_hui, _signature(config.path), repr(config.data))
        with self._verrou:
            if contexte != self._contexte:
                self._rows.clear()
                self._contexte = contexte
            seen = set()
            for path in self._files(exclus):
                seen.add(path)
                signature = _signature(path)
                if signature is None:
                    continue
                cached = self._rows.get(path)
                if cached is not None and cached[0] == signature:
                    continue
                row: LigneSuivi | Probleme | None
                try:
                    dossier = read_dossier_file(path, config)
                    row = None if dossier is None else build_row(dossier, path, aujourd_hui)
                except LettresError as exc:
                    row = Probleme(path, _one_line(exc))
                self._rows[path] = (signature, row)
            for gone in set(self._rows) - seen:
                del self._rows[gone]
            rows = [r for _, r in self._rows.values()]
        lignes = sorted((r for r in rows if isinstance(r, LigneSuivi)), key=urgency)
        problemes = sorted((r for r in rows if isinstance(r, Probleme)), key=lambda p: str(p.fichier))
        return lignes, problemes


def _one_line(exc: LettresError) -> str:
    """A file that cannot be read, in one line: its first error said with the questions' labels, and how many
    others there are (the dossier's page lists them)."""
    from lettres.erreurs import DossierInvalide
    from lettres.francais import nombre
    from lettres.suivi.collecte import one_line
    from lettres.web.avertissements import erreur_dossier

    if not isinstance(exc, DossierInvalide) or not exc.erreurs:
        return one_line(exc)
    autres = len(exc.erreurs) - 1
    suite = f" (et {nombre(autres, 'autre erreur', 'autres erreurs')})" if autres else ""
    return erreur_dossier(exc.erreurs[0]).replace("\n", " ") + suite
