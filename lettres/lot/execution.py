"""``lettres lot``: one output folder per valid row of a spreadsheet, every bad row reported.

The rows are streamed twice (ids first, for duplicates and folder names; then the dossiers); the
démarches are indexed in a temporary SQLite file, so memory stays flat whatever the number of rows.
Generation runs in worker processes, each with its Word templates prepared once; they die with the
batch. A folder appears only when complete (staging folder renamed), so an interrupted run leaves
nothing half-written and a rerun skips what is done. The id decides a row's folder, never its slug
alone; one batch at a time writes into an output folder (a lock).

Columns are named in French words or by their keys (``colonnes.py``); the template's example rows are
skipped and said in the notes. Each row done is kept as a person's dossier in the dossiers folder, when one
is given (``personnes.py``).
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from lettres.config import Configuration, apply_config
from lettres.documents.habillage import Habillage
from lettres.documents.sortie import folder_name
from lettres.dossier import Dossier, validate_dossier
from lettres.dossier.pieces import ReglePieces
from lettres.dossier.questions import put
from lettres.erreurs import DossierInvalide, LettresError, PieceRefusee, TableauInutilisable
from lettres.fichiers import make_private_dirs
from lettres.francais import ascii_slug, nombre
from lettres.jour import date_du_jour
from lettres.lot.choix import cell_value
from lettres.lot.colonnes import aliases, demarche_columns, dossier_columns, est_exemple, header_of
from lettres.lot.demarches import DemarchesIndex
from lettres.lot.personnes import Garde, Personnes
from lettres.lot.rapport import Bilan, Rejet, write_report
from lettres.lot.tableur import Feuille, Ligne, normalise_header, open_dossiers, open_table

if TYPE_CHECKING:
    from concurrent.futures import Future

REQUIRED = [
    "id",
    "personne.nom",
    "personne.prenoms",
    "personne.date_naissance",
    "personne.nationalite",
    "demande.nature",
    "demande.titre",
    "demande.prefecture",
    "blocage.types",
    "blocage.depuis",
]
TASK_ROWS = 4  # rows sent to a worker at once
# what a killed run leaves in the output folder: staging folders (.DATE_NOM_Prenom_id.XXXXXXXX), the
# old folder being replaced (.DATE_….ancien.XXXXXXXX), temporary files (.rapport.csv.XXXXXXXX.tmp)
STAGING = re.compile(
    r"^\.(\d{4}-\d{2}-\d{2}_.+\.[A-Za-z0-9_]{8}|\d{4}-\d{2}-\d{2}_.+\.ancien\.[A-Za-z0-9_]{8}|.+\.tmp)$"
)
VERROU = ".lettres-lot.verrou"


def _column_map(
    headers: list[str], known: dict[str, str] | list[str], feuille: str, avertissements: list[str]
) -> dict[str, str]:
    """Header as written → dotted path (``known``: normalised header → path, or the paths alone), matched
    without case, accents or punctuation differences."""
    by_key = known if isinstance(known, dict) else {normalise_header(k): k for k in known}
    mapping, unknown = {}, []
    for header in headers:
        if not header:
            continue
        path = by_key.get(normalise_header(header))
        if path is None:
            unknown.append(header)
        else:
            mapping[header] = path
    if unknown:
        avertissements.append(f"Colonnes ignorées dans la feuille {feuille} (inconnues) : {', '.join(unknown)}.")
    return mapping


def _row_data(row: Ligne, mapping: dict[str, str]) -> tuple[str, dict]:
    data: dict = {}
    identifiant = ""
    for header, value in row.cellules.items():
        path = mapping.get(header)
        if path is None or value is None:
            continue
        if path == "id":
            identifiant = str(value)
        else:
            put(data, tuple(path.split(".")), cell_value(path, value))
    return identifiant, data


def _rejections(
    exc: DossierInvalide, row: Ligne, identifiant: str, demarche_lines: list[int], headers: Entetes
) -> list[Rejet]:
    """Each model message as a report line: the spreadsheet line, the id, the column (as its header is written
    in the spreadsheet), the message."""
    rejets = []
    for message in exc.erreurs:
        path, _, text = message.partition(" : ")
        match = re.match(r"^demarches\[(\d+)\](?:\.(.+))?$", path)
        if match and int(match.group(1)) <= len(demarche_lines):
            colonne = headers.demarche(re.sub(r"\[\d+\]$", "", match.group(2) or ""))
            rejets.append(Rejet("demarches", demarche_lines[int(match.group(1)) - 1], identifiant, colonne, text))
        else:
            path = re.sub(r"\[\d+\]$", "", path)  # one answer of a column of several: the column
            colonne = headers.dossier(path) if text else ""
            rejets.append(Rejet("dossiers", row.numero, identifiant, colonne, _labelled(path, text) or message))
    return rejets


def _labelled(path: str, text: str) -> str:
    """A refused answer said with the choices as the template lists them: a one-choice column by the labels of
    its drop-down, a column of several answers by the words its cells hold."""
    from lettres.dossier.questions import question

    try:
        q = question(path)
    except (KeyError, StopIteration, TypeError):
        return text
    if q.kind == "choix_multiple" and "(valeurs possibles : " in text:
        from lettres.lot.choix import SEPARATEUR, libelles

        mots = SEPARATEUR.join(f"« {m} »" for m in libelles(q.saisie.choix).values())
        return f"{text[: text.index('(valeurs possibles : ')]}(réponses possibles, séparées par « ; » : {mots})"
    return q.with_labels(text) if q.kind == "choix" else text


@dataclass
class Entetes:
    """Each key's column as its header is written in the spreadsheet read (the template's, else the key)."""

    dossiers: dict[str, str] = field(default_factory=dict)  # key → header as written
    demarches: dict[str, str] = field(default_factory=dict)

    def dossier(self, cle: str) -> str:
        return self.dossiers.get(cle) or (header_of(cle, dossier_columns()) if cle else "")

    def demarche(self, cle: str) -> str:
        return self.demarches.get(cle) or (header_of(cle, demarche_columns()) if cle else "")

    @staticmethod
    def of(mapping: dict[str, str]) -> dict[str, str]:
        return {cle: header for header, cle in mapping.items()}


def id_suffix(identifiant: str, hashed: bool = False) -> str:
    """The end of a row's folder name: the id itself when it is already a safe name (``A12``,
    ``2026-004``), else its ASCII form plus a short fingerprint of the id (``a b`` and ``a-b``, or two
    ids in Cyrillic, never share a folder)."""
    slug = ascii_slug(identifiant, "-", 30)
    if slug == identifiant and not hashed:
        return slug
    return f"{slug or 'id'}-{hashlib.sha256(identifiant.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def folder_suffixes(ids: list[str]) -> dict[str, str]:
    """id → folder suffix, distinct even where file names ignore case (Windows, macOS): ``A1`` and
    ``a1`` both get their fingerprint."""
    first = {i: id_suffix(i) for i in ids}
    by_name: dict[str, list[str]] = {}
    for identifiant, suffix in first.items():
        by_name.setdefault(suffix.casefold(), []).append(identifiant)
    return {i: id_suffix(i, hashed=True) if len(by_name[first[i].casefold()]) > 1 else first[i] for i in first}


def colliding(suffixes: dict[str, str]) -> set[str]:
    """Ids whose folder names still coincide (a crafted id equal to another's fingerprinted name)."""
    seen: dict[str, list[str]] = {}
    for identifiant, suffix in suffixes.items():
        seen.setdefault(suffix.casefold(), []).append(identifiant)
    return {i for ids in seen.values() if len(ids) > 1 for i in ids}


def batch_folder_name(jour: date, dossier: Dossier, identifiant: str, suffix: str | None = None) -> str:
    """As ``lettres generer`` names it, plus the row's id: homonyms get distinct folders."""
    return f"{folder_name(jour, dossier.personne.nom, dossier.personne.prenoms)}_{suffix or id_suffix(identifiant)}"


def _default_demarches(source: Path) -> Path | None:
    """The workbook's own « demarches » sheet, or ``cas-demarches.csv`` beside ``cas.csv``."""
    from lettres.lot.vierge import demarches_csv_path

    if source.suffix.lower() in {".xlsx", ".xlsm"}:
        return source
    beside = demarches_csv_path(source)
    return beside if beside.is_file() else None


class _DejaFaits:
    """The rows that have a folder (any date) in the output folder: a staging folder is only renamed
    once complete. The folder is listed once (a glob per row made a batch quadratic); the folders this
    run completes are added as they come."""

    DATED = re.compile(r"^.{4}-.{2}-.{2}_(.+)$", re.DOTALL)  # what the glob ????-??-??_* matched

    def __init__(self, sortie: Path):
        self._suffixes: set[str] = set()
        with os.scandir(sortie) as entries:
            for entry in entries:
                match = self.DATED.match(entry.name)
                if match and entry.is_dir():
                    self._suffixes.add(match.group(1))

    def __contains__(self, nom: str) -> bool:
        return nom.split("_", 1)[1] in self._suffixes

    def add(self, nom: str) -> None:
        self._suffixes.add(nom.split("_", 1)[1])


# --- work done in the worker processes ----------------------------------------------------------


Resultat = tuple[list[str], str | None, str, bytes | None]


def _generate_one(dossier: Dossier, options: Options, nom: str, jour: date, garde: Dossier | None = None) -> Resultat:
    """(warning codes, error message, column of the error, the text of ``garde``'s file once the documents are
    written) for one row: the text of the person's dossier is made here, in the worker processes."""
    from lettres.documents.generation import generate

    try:
        resultat = generate(
            dossier,
            options.racine,
            options.sortie,
            None,
            options.force,
            jour,
            nom_dossier=nom,
            sync=False,
            habillage=options.habillage,
            regle=options.pieces,
        )
    except PieceRefusee as exc:
        return [], exc.message, "pieces", None
    except LettresError as exc:
        return [], exc.message, "", None
    if garde is None:
        return resultat.codes, None, "", None
    from lettres.lot.personnes import dossier_text

    return resultat.codes, None, "", dossier_text(garde)


def _clean_staging(sortie: Path) -> None:
    """Remove what a killed run left (it held personal data); called under the folder's lock. A staging
    folder that a running « lettres generer » holds (provisoire) is left to it."""
    from lettres.documents.sortie import PROVISOIRE
    from lettres.fichiers import nettoyer

    nettoyer(sortie, PROVISOIRE, vides=True)
    for entry in sortie.iterdir() if sortie.is_dir() else ():
        if STAGING.match(entry.name) and not entry.is_dir():
            entry.unlink(missing_ok=True)


def _lock_output(sortie: Path):
    """One batch at a time in an output folder: a second one stops at once (code 2)."""
    from lettres.erreurs import EcritureImpossible

    occupe = LettresError(
        f"Un autre « lettres lot » écrit déjà dans « {sortie} » : attendez qu'il se termine, ou choisissez un "
        "autre dossier avec --sortie."
    )
    if sys.platform == "win32":
        from filelock import FileLock, Timeout

        lock = FileLock(str(sortie / VERROU), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise occupe from None
        except OSError as exc:
            raise EcritureImpossible.de(sortie / VERROU, exc) from None
        return lock
    try:
        return _VerrouPosix(sortie / VERROU)
    except BlockingIOError:
        raise occupe from None
    except OSError as exc:
        raise EcritureImpossible.de(sortie / VERROU, exc) from None


class _VerrouPosix:
    """The lock filelock takes on Linux and macOS (``flock`` on the file, kept after the batch), without
    importing filelock: a tenth of the start of a small batch. Both take the same lock."""

    def __init__(self, path: Path):
        import fcntl

        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            raise

    def release(self) -> None:
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


# --- the worker processes die with the batch ------------------------------------------------------


def _watch_parent(parent: int) -> None:
    import time

    while True:
        time.sleep(1.0)
        if os.getppid() != parent:  # the batch was killed: this process was handed to another parent
            os._exit(1)


def _worker_init(parent: int) -> None:
    """In each worker: die with the batch (Linux: asked of the kernel; elsewhere: a watching thread),
    and leave Ctrl-C to the batch, which stops the workers after their current row."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


@dataclass
class Options:
    sortie: Path
    demarches: Path | None = None
    force: bool = False
    jobs: int = 1
    dossiers: Path | None = None  # where each person is kept as a dossier (None: not kept)
    separateur: str | None = None
    encodage: str | None = None
    aujourd_hui: date | None = None
    habillage: Habillage = field(default_factory=Habillage)
    pieces: ReglePieces = field(default_factory=ReglePieces)
    racine: Path = Path(".")  # the spreadsheet's folder: pièces come from there (set by run_batch)


def run_batch(
    source: Path,
    options: Options,
    config: Configuration,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> Bilan:
    """Generate every valid row of ``source``; report the others."""
    bilan = Bilan()
    jour = options.aujourd_hui or date_du_jour()
    options.racine = source.resolve().parent
    known = aliases(dossier_columns())
    feuille = open_dossiers(source, options.separateur, options.encodage, lambda h: normalise_header(h) in known)
    mapping = _column_map(feuille.headers, known, "dossiers", bilan.avertissements)
    missing = [header_of(c, dossier_columns()) for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise TableauInutilisable(
            f"Colonnes obligatoires absentes de « {source.name} » : {', '.join(missing)}. "
            "Ajoutez-les : le tableur à remplir les a toutes."
        )
    lines_by_id, count, exemples = _lines_by_id(feuille, mapping)
    if exemples:
        bilan.notes.append(_example_note("dossiers", exemples))
    if total:
        total(count)
    # a pool for a handful of rows costs more than it saves: one task per worker at least
    options.jobs = max(1, min(options.jobs, -(-count // TASK_ROWS)))
    suffixes = folder_suffixes([i for i in lines_by_id if i])
    _make_folder(options.sortie)
    verrou = _lock_output(options.sortie)
    demarches = DemarchesIndex()
    try:
        _clean_staging(options.sortie)
        _load_demarches(source, options, demarches, bilan)
        headers = Entetes(Entetes.of(mapping), Entetes.of(demarches.mapping))
        for ligne, dossier_id in demarches.orphans(set(lines_by_id)):
            bilan.rejets.append(
                Rejet(
                    "demarches",
                    ligne,
                    dossier_id,
                    headers.demarche("dossier"),
                    f"« {dossier_id} » ne correspond à l'identifiant d'aucun dossier",
                )
            )
        if options.dossiers is not None:
            bilan.suivi = options.dossiers
            _make_folder(options.dossiers)
        _generate_rows(
            feuille, options, config, mapping, lines_by_id, suffixes, demarches, jour, bilan, progress, headers
        )
        bilan.rapport = options.sortie / "rapport.csv"
        write_report(bilan.rapport, bilan.rejets)
    finally:
        demarches.close()
        verrou.release()
    return bilan


def _make_folder(folder: Path) -> None:
    from lettres.erreurs import EcritureImpossible

    try:
        make_private_dirs(folder)
    except OSError as exc:
        raise EcritureImpossible.de(folder, exc) from None


def _example_note(feuille: str, lignes: list[int]) -> str:
    """« dossiers, ligne 3 : exemple, ignorée »."""
    if len(lignes) == 1:
        return f"{feuille}, ligne {lignes[0]} : exemple, ignorée"
    return f"{feuille}, lignes {', '.join(str(n) for n in lignes)} : exemples, ignorées"


def _lines_by_id(feuille: Feuille, mapping: dict[str, str]) -> tuple[dict[str, list[int]], int, list[int]]:
    """First pass: each id with its lines (for duplicates), the number of rows, and the example rows (skipped)."""
    lines_by_id: dict[str, list[int]] = {}
    count = 0
    exemples = []
    for row in feuille.rows():
        identifiant, _ = _row_data(row, {h: p for h, p in mapping.items() if p == "id"})
        if est_exemple(identifiant):
            exemples.append(row.numero)
            continue
        lines_by_id.setdefault(identifiant, []).append(row.numero)
        count += 1
    return lines_by_id, count, exemples


def _load_demarches(source: Path, options: Options, demarches: DemarchesIndex, bilan: Bilan) -> None:
    """Read the démarches sheet (named, or found beside ``source``) into ``demarches``, if there is one."""
    demarches_source = options.demarches or _default_demarches(source)
    if demarches_source is not None:
        known = aliases(demarche_columns())
        feuille_d = open_table(
            demarches_source,
            "demarches",
            options.separateur,
            options.encodage,
            lambda h: normalise_header(h) in known,
        )
        if feuille_d is not None:
            d_mapping = _column_map(feuille_d.headers, known, "demarches", bilan.avertissements)
            if "dossier" not in d_mapping.values():
                raise TableauInutilisable(
                    f"Colonne « Identifiant du dossier » absente des démarches ({demarches_source.name}) : "
                    "elle reprend l'identifiant du dossier de chaque démarche."
                )
            exemples = demarches.load(feuille_d.rows(), d_mapping, demarches_source.resolve().parent)
            if exemples:
                bilan.notes.append(_example_note("demarches", exemples))
            # pièces named by a separate démarches file are relative to it: its folder is allowed too
            options.pieces = options.pieces.avec(demarches_source.resolve().parent)


def _id_rejection(
    numero: int, identifiant: str, lines_by_id: dict[str, list[int]], collisions: set[str]
) -> Rejet | None:
    """Why a row's id cannot be used (missing, twice in the sheet, same output folder as another), or None."""
    if not identifiant:
        return Rejet(
            "dossiers", numero, "", "id", "identifiant manquant : chaque ligne a besoin d'un identifiant unique"
        )
    if len(lines_by_id[identifiant]) > 1:
        autres = ", ".join(str(n) for n in lines_by_id[identifiant])
        return Rejet(
            "dossiers",
            numero,
            identifiant,
            "id",
            f"identifiant « {identifiant} » en double (lignes {autres}) : chaque dossier doit avoir un identifiant unique",
        )
    if identifiant in collisions:
        return Rejet(
            "dossiers",
            numero,
            identifiant,
            "id",
            f"l'identifiant « {identifiant} » donnerait le même dossier de sortie qu'un autre identifiant : "
            "changez l'un des deux",
        )
    return None


def _prepared_rows(
    feuille: Feuille,
    options: Options,
    config: Configuration,
    mapping: dict[str, str],
    lines_by_id: dict[str, list[int]],
    suffixes: dict[str, str],
    demarches: DemarchesIndex,
    jour: date,
    bilan: Bilan,
    progress: Callable[[int], None] | None,
    faits: _DejaFaits,
    headers: Entetes,
    personnes: Personnes | None,
) -> Iterator[Rang]:
    """Valid rows not yet generated; the others go to the report (the rows already done are kept as people)."""
    collisions = colliding(suffixes)
    for row in feuille.rows():
        identifiant, data = _row_data(row, mapping)
        if est_exemple(identifiant):
            continue
        rejet = _id_rejection(row.numero, identifiant, lines_by_id, collisions)
        if rejet:
            rejet.colonne = headers.dossier(rejet.colonne)
            bilan.rejets.append(rejet)
            progress and progress(1)
            continue
        rows_d = demarches.of(identifiant)
        if rows_d:
            data["demarches"] = [d for _, d in rows_d]
        brut = copy.deepcopy(data) if personnes is not None else None  # before the configuration completes it
        try:
            dossier = validate_dossier(apply_config(data, config))
        except DossierInvalide as exc:
            bilan.rejets += _rejections(exc, row, identifiant, [ligne for ligne, _ in rows_d], headers)
            progress and progress(1)
            continue
        nom = batch_folder_name(jour, dossier, identifiant, suffixes[identifiant])
        garde = personnes.prepare(brut, dossier, row.numero) if personnes is not None and brut is not None else None
        if not options.force and nom in faits:
            bilan.deja_faits += 1
            if personnes is not None and garde is not None:
                personnes.keep(garde)
            progress and progress(1)
            continue
        yield Rang(dossier, nom, row.numero, identifiant, garde)


@dataclass
class Rang:
    """A valid row to generate: its dossier, its output folder's name, its line and id, and the person's dossier
    to keep once generated (None when people are not kept)."""

    dossier: Dossier
    nom: str
    numero: int
    identifiant: str
    garde: Garde | None = None

    @property
    def task(self) -> tuple[Dossier, str, Dossier | None]:
        """What a worker process needs of the row."""
        return self.dossier, self.nom, self.garde.dossier if self.garde is not None else None


def _generate_rows(
    feuille, options, config, mapping, lines_by_id, suffixes, demarches, jour, bilan, progress, headers
) -> None:
    faits = _DejaFaits(options.sortie)
    personnes = None
    if options.dossiers is not None:
        personnes = Personnes(options.dossiers, options.racine, options.pieces, bilan, (options.sortie,))
    rows = _prepared_rows(
        feuille, options, config, mapping, lines_by_id, suffixes, demarches, jour, bilan, progress, faits, headers,
        personnes,
    )  # fmt: skip

    counts: dict[str, list[str]] = {}

    def record(result: Resultat, rang: Rang) -> None:
        notes, error, colonne, texte = result
        if error:
            bilan.rejets.append(Rejet("dossiers", rang.numero, rang.identifiant, headers.dossier(colonne), error))
        else:
            bilan.generes += 1
            bilan.dossiers.append(options.sortie / rang.nom)
            faits.add(rang.nom)
            if personnes is not None and rang.garde is not None:
                personnes.keep(rang.garde, texte)
        for code in dict.fromkeys(notes):  # one line per kind of warning, with the dossiers concerned
            counts.setdefault(code, []).append(rang.identifiant)
        progress and progress(1)

    try:
        _run(rows, options, jour, record)
    finally:
        if personnes is not None:
            personnes.flush()
        for code, ids in counts.items():
            liste = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
            bilan.avertissements.append(
                f"{_warning_label(code)} : {nombre(len(ids), 'dossier')} ({liste})."
            )


def _warning_label(code: str) -> str:
    from lettres.documents.generation import AVERTISSEMENTS
    from lettres.referentiel import charger_referentiel

    regle = charger_referentiel().regles.get(code)
    label = regle["probleme"] if regle else AVERTISSEMENTS.get(code, code)
    return label[0].upper() + label[1:]


def _warm_up(habillage: Habillage) -> None:
    """Prepare the templates and the French month names before forking: every worker inherits them."""
    from contextlib import suppress

    from jinja2 import TemplateError

    from lettres.documents.generation import DOCUMENTS, TEMPLATES_DOCX
    from lettres.documents.rendu import _compiled, docx_template_path, jinja_env
    from lettres.francais import date_lettre

    for name in TEMPLATES_DOCX:
        _compiled(docx_template_path(name, habillage.modeles), habillage.logo)
    env = jinja_env(habillage.modeles)
    for prefix in (d.courriel for d in DOCUMENTS if d.courriel):
        for part in ("objet", "corps"):
            with suppress(TemplateError):  # each row reports it, as without the warm-up
                env.get_template(f"{prefix}.{part}.txt")
    date_lettre(date_du_jour())


def _generate_some(rows: list[tuple[Dossier, str, Dossier | None]], options: Options, jour: date) -> list[Resultat]:
    """Several rows per task: a task costs the parent a few pickles and thread hand-offs."""
    return [_generate_one(dossier, options, nom, jour, garde) for dossier, nom, garde in rows]


def _use_fork() -> bool:
    """Linux forks its workers (they inherit the prepared templates); macOS and Windows « spawn » them."""
    return sys.platform.startswith("linux")


def _run(rows: Iterator[Rang], options: Options, jour: date, record) -> None:
    if options.jobs <= 1:
        for rang in rows:
            record(_generate_one(rang.dossier, options, rang.nom, jour, rang.task[2]), rang)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    fork = _use_fork()
    rows = iter(rows)
    if fork:
        _warm_up(options.habillage)
        # the first row here, before the fork: whatever a letter imports, prepares or caches on its first use is
        # done once, and every worker inherits it instead of doing it again
        for rang in islice(rows, 1):
            record(_generate_one(rang.dossier, options, rang.nom, jour, rang.task[2]), rang)

    context = multiprocessing.get_context("fork" if fork else "spawn")
    pending: dict[Future, list[Rang]] = {}

    def collect(future: Future) -> None:
        for result, rang in zip(future.result(), pending.pop(future), strict=True):
            record(result, rang)

    with ProcessPoolExecutor(
        max_workers=options.jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    ) as pool:
        try:
            while task := list(islice(rows, TASK_ROWS)):
                future = pool.submit(_generate_some, [rang.task for rang in task], options, jour)
                pending[future] = task
                if len(pending) >= options.jobs * 4:  # bounded: memory stays flat
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        collect(future)
            for future in list(pending):
                collect(future)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
