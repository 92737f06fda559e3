"""What one ``lettres web`` server knows: the dossiers folder, the configuration file, its secrets.

Dossiers are named in addresses by an opaque identifier (a hash of their path inside the folder), never
by the person's name: addresses end up in the browser's history and in logs, on a shared computer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lettres.config import Configuration, load_config
from lettres.erreurs import LettresError
from lettres.web.memoire import Memoire
from lettres.web.securite import Cles
from lettres.web.tableau import Tableau

BROUILLON = ".brouillon.yaml"


class Introuvable(LettresError):
    """An address names no dossier of the folder (removed, renamed, or a forged address)."""

    code = 2


def identifiant(relatif: str) -> str:
    return hashlib.sha256(relatif.encode("utf-8")).hexdigest()[:16]


@dataclass
class Guichet:
    """The server's state; dossier files are looked up by identifier inside ``racine`` only."""

    racine: Path
    cles: Cles
    config_path: Path | None = None
    _index: dict[str, Path] = field(default_factory=dict)
    # dossiers opened with « Nouveau dossier » and not written yet: nothing on disk until something is typed
    nouveaux: set[Path] = field(default_factory=set)
    _tableau: Tableau | None = None
    # what a POST leaves for the page it redirects to (Post/Redirect/Get), and the documents last ticked
    memoire: Memoire = field(default_factory=Memoire)

    @property
    def tableau(self) -> Tableau:
        """The home page's table of this folder, kept between requests."""
        if self._tableau is None:
            self._tableau = Tableau(self.racine)
        return self._tableau

    def config(self) -> Configuration:
        """Read at each request: « lettres config » in a terminal, or the Réglages page, may change it."""
        return load_config(self.config_path)

    def sortie(self, config: Configuration) -> Path:
        """Where documents go: the configuration's folder, else ``sorties`` inside the dossiers folder."""
        if config.data.get("sortie"):
            return config.sortie.resolve()
        return self.racine / "sorties"

    def relatif(self, path: Path) -> str:
        """The path inside the dossiers folder, as shown and hashed (links followed only when needed)."""
        if path.is_absolute() and ".." not in path.parts and path.is_relative_to(self.racine):
            return path.relative_to(self.racine).as_posix()
        return path.resolve().relative_to(self.racine).as_posix()

    def montre(self, path: Path) -> str:
        """A path as the pages show it: inside the dossiers folder, from there (« DIALLO_Aminata/captures »);
        elsewhere, its name only (the full path is shown only where it is needed to find the files)."""
        try:
            return self.relatif(path) or path.name
        except (ValueError, OSError):
            return path.name

    def ident(self, path: Path) -> str:
        relatif = self.relatif(path)
        ident = identifiant(relatif)
        self._index[ident] = self.racine / relatif
        return ident

    def known_paths(self) -> list[Path]:
        """The dossiers of the folder (as ``lettres suivi`` finds them), the drafts of new dossiers beside
        them, and the new dossiers opened in this server."""
        from lettres.suivi import find_dossier_files

        drafts = [cible_du_brouillon(p) for p in self.racine.glob(f"*{BROUILLON}")]
        return [*find_dossier_files([self.racine]), *drafts, *self.nouveaux]

    def chemin(self, ident: str) -> Path:
        """The dossier (or new dossier's) path an identifier names; Introuvable otherwise."""
        path = self._index.get(ident)
        if path is None or not (path.exists() or brouillon_de(path).exists() or path in self.nouveaux):
            self._index.clear()
            for found in self.known_paths():
                self.ident(found)
            path = self._index.get(ident)
        if path is None or not path.is_relative_to(self.racine):
            raise Introuvable(
                "Ce dossier n'existe plus dans le répertoire des dossiers (renommé, déplacé ou supprimé) : "
                "revenez à l'accueil."
            )
        return path


def brouillon_de(path: Path) -> Path:
    """``diallo.yaml`` → ``diallo.brouillon.yaml``: the draft the terminal interview uses too."""
    from lettres.dossier.entretien import draft_path

    return draft_path(path)


def cible_du_brouillon(draft: Path) -> Path:
    return draft.with_name(draft.name[: -len(BROUILLON)] + ".yaml")
