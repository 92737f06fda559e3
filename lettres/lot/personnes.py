"""The people of a batch kept as dossiers, so that the home page of ``lettres web`` and ``lettres suivi``
follow their deadlines: each valid row becomes ``NOM_Prénom/dossier.yaml`` in the dossiers folder (the one
naming rule, ``dossier/entretien.new_dossier_path``), written atomically, its pièces copied beside it; the
files are flushed to disk once, at the end of the batch.

A person already followed there (same family name, given names and birth date, in a dossier of the folder or
of one of its sub-folders) is never overwritten: an identical dossier is left as it is, a different one is
kept and the row is named in the batch's notes (« déjà suivi, non remplacé »).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lettres.dossier import Dossier, validate_dossier
from lettres.dossier.pieces import ReglePieces
from lettres.erreurs import DossierInvalide, LettresError
from lettres.francais import replier
from lettres.lot.rapport import Bilan

Identite = tuple[str, str, str]


def _identity(nom: Any, prenoms: Any, naissance: Any) -> Identite:
    """The same person whatever the case, accents or spaces of the names; the birth date as a date."""
    from lettres.dossier.questions import question

    jour, _ = question("personne.date_naissance").check(naissance)
    return replier(str(nom or "")), replier(str(prenoms or "")), str(jour or naissance or "")


def dossier_text(dossier: Dossier) -> bytes:
    """The text of the person's file. libyaml writes it (under a millisecond, where the usual writer takes
    ten: it doubled the time of a batch), then it is read back: when the reading gives anything else than the
    dossier (a text YAML 1.2 reads otherwise, « 1e3 »), or libyaml is missing, the usual writer writes it."""
    from lettres.dossier.fichier import dossier_bytes, dossier_to_data
    from lettres.yamlio import oui_non, parse_yaml

    data = oui_non(dossier_to_data(dossier))
    try:
        text = _fast_dump(data)
        same = parse_yaml(text) == data
    except Exception:  # libyaml absent, or a value it does not write: the usual writer
        same = False
    return text.encode("utf-8") if same else dossier_bytes(dossier)


def _fast_dump(data: dict) -> str:
    import yaml

    class Dumper(yaml.CSafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # one date for two keys is written twice: reading refuses aliases

    def text(dumper: Any, value: str) -> Any:
        if "\n" in value and all(c.isprintable() or c in "\n\t" for c in value):
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")  # as the usual writer
        return dumper.represent_str(value)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)


def _candidates(racine: Path, exclus: tuple[Path, ...]) -> list[Path]:
    """The dossier files of the folder and of its sub-folders one level down (``NOM_Prénom/dossier.yaml``, where
    both doors write them), hidden files, drafts, output folders and the demo left aside."""
    from lettres.suivi.collecte import DRAFTS, IGNORED_FOLDERS, SUFFIXES

    skipped = {p.resolve() for p in exclus}

    def dossier_files(folder: Path) -> list[Path]:
        try:
            with os.scandir(folder) as entries:
                return [
                    Path(e.path)
                    for e in entries
                    if e.name.lower().endswith(SUFFIXES) and not e.name.startswith(".")
                    and not e.name.lower().endswith(DRAFTS) and e.is_file()
                ]  # fmt: skip
        except OSError:
            return []

    found = dossier_files(racine)
    with os.scandir(racine) as entries:
        for entry in entries:
            hidden = entry.name.startswith(".") or entry.name in IGNORED_FOLDERS
            if not hidden and entry.is_dir() and Path(entry.path).resolve() not in skipped:
                found += dossier_files(Path(entry.path))
    return found


def _read_identity(path: Path) -> Identite | None:
    from lettres.dossier.fichier import dossier_data, read_dossier_text
    from lettres.suivi.collecte import looks_like_dossier

    try:
        raw = read_dossier_text(path)
        if not looks_like_dossier(raw):
            return None
        personne = dossier_data(raw, path).get("personne")
    except (LettresError, AttributeError):
        return None
    if not isinstance(personne, dict):
        return None
    return _identity(personne.get("nom"), personne.get("prenoms"), personne.get("date_naissance"))


@dataclass
class Garde:
    """A person to keep: the dossier as the row says it, its pièces named relative to its own folder, and the
    pièces to copy there (as named in the spreadsheet, their name in the dossier's folder)."""

    dossier: Dossier
    copies: list[tuple[Path, str]]
    numero: int


@dataclass
class Personnes:
    """Where the people of one batch are kept, and what became of each."""

    racine: Path  # the dossiers folder
    source: Path  # the spreadsheet's folder: pièces named in it are relative to it
    regle: ReglePieces
    bilan: Bilan
    exclus: tuple[Path, ...] = ()  # the output folder, when it lies inside the dossiers folder
    _index: dict[Identite, list[Path]] | None = field(default=None, repr=False)
    _ecrits: list[Path] = field(default_factory=list, repr=False)  # files written, not yet flushed to disk

    def _known(self) -> dict[Identite, list[Path]]:
        """The people already followed in the folder, read once, at the first row kept."""
        if self._index is None:
            self._index = {}
            for path in _candidates(self.racine, self.exclus):
                identite = _read_identity(path)
                if identite is not None:
                    self._index.setdefault(identite, []).append(path)
        return self._index

    def prepare(self, data: dict, configured: Dossier, numero: int) -> Garde:
        """The person of row ``numero`` (``data``: the row as read, before the configuration completes it)."""
        try:
            dossier = validate_dossier(data)
        except DossierInvalide:  # complete only with the configuration's details (the accompagnant)
            dossier = configured.model_copy(deep=True)
        return Garde(dossier, self._relative_pieces(dossier), numero)

    def keep(self, garde: Garde, texte: bytes | None = None) -> None:
        """Write the person's dossier (``texte``: its file's text, when a worker process already made it), unless
        the person is already followed."""
        dossier, numero = garde.dossier, garde.numero
        personne = dossier.personne
        identite = _identity(personne.nom, personne.prenoms, personne.date_naissance)
        existing = self._known().get(identite, [])
        if existing:
            if any(_same(path, dossier) for path in existing):
                self.bilan.suivis_identiques += 1
            else:
                shown = self._shown(existing[0])
                self.bilan.notes.append(f"ligne {numero} : déjà suivi ({shown}), non remplacé")
                self.bilan.suivis_non_remplaces += 1
            return
        path = self._write(dossier, texte or dossier_text(dossier), garde.copies, numero)
        if path is not None:
            self._known().setdefault(identite, []).append(path)
            self.bilan.suivis_ecrits += 1

    def flush(self) -> None:
        """Every file written by the batch, on disk: one flush of the system (a flush per file took twice as
        long as generating the row's documents); file by file where there is no such call (Windows)."""
        if not self._ecrits:
            return
        if hasattr(os, "sync"):
            os.sync()
        else:
            for path in self._ecrits:
                try:
                    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
                except OSError:
                    continue
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        self._ecrits.clear()

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.racine).as_posix()
        except ValueError:
            return str(path)

    def _relative_pieces(self, dossier: Dossier) -> list[tuple[Path, str]]:
        """The pièces named relative to the spreadsheet (or by a full path inside its folder) renamed relative to
        the dossier's own folder, where they are copied: (pièce as checked, its name in the dossier's folder)."""
        copies: list[tuple[Path, str]] = []

        def renamed(chemin: str) -> str:
            path = Path(chemin).expanduser()
            full = Path(os.path.abspath(path if path.is_absolute() else self.source / path))
            if not full.is_relative_to(self.source) or full == self.source:
                return chemin  # an allowed folder elsewhere: kept by its full path
            relatif = full.relative_to(self.source).as_posix()
            copies.append((full, relatif))
            return relatif

        for demarche in dossier.demarches:
            demarche.pieces = [renamed(p) for p in demarche.pieces]
        justificatifs = dossier.justificatifs
        for nom in type(justificatifs).model_fields:
            valeur = getattr(justificatifs, nom)
            if isinstance(valeur, list):
                setattr(justificatifs, nom, [renamed(str(p)) for p in valeur])
        return copies

    def _write(self, dossier: Dossier, texte: bytes, copies: list[tuple[Path, str]], numero: int) -> Path | None:
        """A new ``NOM_Prénom/dossier.yaml`` (its folder created here, never one already there), pièces first."""
        from lettres.dossier.entretien import new_dossier_path
        from lettres.dossier.pieces import read_piece
        from lettres.fichiers import PRIVATE_DIR, write_atomic

        while True:
            path = new_dossier_path(self.racine, dossier.personne.nom, dossier.personne.prenoms)
            try:
                path.parent.mkdir(mode=PRIVATE_DIR)
                break
            except FileExistsError:  # taken meanwhile (another door naming a dossier): the next number
                continue
            except OSError as exc:
                self.bilan.notes.append(f"ligne {numero} : dossier de la personne non écrit ({exc.strerror})")
                return None
        try:
            for source, relatif in dict(copies).items():
                write_atomic(path.parent / relatif, read_piece(source, self.source, self.regle), sync=False)
                self._ecrits.append(path.parent / relatif)
            write_atomic(path, texte, sync=False)
            self._ecrits.append(path)
        except LettresError as exc:
            shutil.rmtree(path.parent, ignore_errors=True)
            self.bilan.notes.append(f"ligne {numero} : dossier de la personne non écrit : {exc.message}")
            return None
        return path


def _same(path: Path, dossier: Dossier) -> bool:
    """Whether the dossier file says exactly what the row says."""
    from lettres.dossier.fichier import read_dossier_data

    try:
        return validate_dossier(read_dossier_data(path), str(path)) == dossier
    except LettresError:
        return False
