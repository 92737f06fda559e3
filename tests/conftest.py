"""Shared fixtures: dossiers as a caseworker would write them, and a way to run the command.

The suite is hermetic (docs/tests.md): at import, this process and the ones it starts get a home of their
own, an explicit locale and time zone, and neither the ``LETTRES_CONFIG`` nor the template cache of the
person running the tests; then every test gets its own empty home (configuration, cache and data folders,
working directory), and the tests that depend on the day a clock pinned to ``AUJOURD_HUI`` (``aujourd_hui``).
The user's ``~/.config/lettres/config.yaml`` is never read, nor written.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import locale
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from lettres.yamlio import dump_yaml

AUJOURD_HUI = date(2026, 11, 27)
# every run of the tool in the tests, in this process or in a child, is dated that day: the example dossiers,
# whose dates move with today, then show the very dates the assertions read
os.environ["LETTRES_AUJOURD_HUI"] = AUJOURD_HUI.isoformat()
# the moment the pinned clock starts from: a morning in Paris (winter time, UTC+1), the clock then runs on
MATIN = datetime(AUJOURD_HUI.year, AUJOURD_HUI.month, AUJOURD_HUI.day, 10, 0, tzinfo=timezone(timedelta(hours=1)))
FUSEAU = "Europe/Paris"
# the home of the person running the tests, before isolation (pytest-xdist's workers inherit it from the
# main process, already isolated): only the test of the isolation looks at it
HOME_REEL = os.environ.get("LETTRES_TESTS_HOME_REEL") or os.environ.get("HOME", "")
# the person's own settings of lettres and of the terminal: none reaches a test
RETIRES = (
    "LETTRES_CONFIG",
    "COLUMNS",
    "LINES",
    "FORCE_COLOR",
    "NO_COLOR",
    "LANGUAGE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
)


def _locale_explicite() -> str:
    """C.UTF-8 where the system has it (Linux), else French or the plain UTF-8 of macOS."""
    for name in ("C.UTF-8", "C.utf8", "fr_FR.UTF-8", "en_US.UTF-8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        return name
    return "C"


LOCALE = _locale_explicite()


def environnement_isole(maison: Path) -> dict[str, str]:
    """The variables that point a process at ``maison``: home, XDG folders (where platformdirs puts the
    configuration), Windows' profile folders, locale and time zone."""
    dossiers = {
        "HOME": maison,
        "USERPROFILE": maison,
        "XDG_CONFIG_HOME": maison / ".config",
        "XDG_CACHE_HOME": maison / ".cache",
        "XDG_DATA_HOME": maison / ".local" / "share",
        "XDG_STATE_HOME": maison / ".local" / "state",
        "XDG_RUNTIME_DIR": maison / ".run",
        "APPDATA": maison / "AppData" / "Roaming",
        "LOCALAPPDATA": maison / "AppData" / "Local",
    }
    for folder in dossiers.values():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {
        **{name: str(folder) for name, folder in dossiers.items()},
        "LANG": LOCALE,
        "LC_ALL": LOCALE,
        "TZ": FUSEAU,
    }


def _isoler_le_processus() -> None:
    """This process (and what it starts before a test runs: browsers, servers) leaves the user's home."""
    racine = Path(tempfile.mkdtemp(prefix="lettres-tests-"))
    atexit.register(shutil.rmtree, racine, ignore_errors=True)
    os.environ.update(environnement_isole(racine / "maison"), LETTRES_TESTS_HOME_REEL=HOME_REEL)
    for name in [*RETIRES, *(n for n in os.environ if n.startswith("LC_") and n != "LC_ALL")]:
        os.environ.pop(name, None)
    # compiled templates go to a cache folder of the test run, never to the user's
    (racine / "cache").mkdir()
    os.environ["LETTRES_CACHE"] = str(racine / "cache")
    if hasattr(time, "tzset"):
        time.tzset()


_isoler_le_processus()

# what a message of Python or of a library looks like: none may reach the user, who reads French
ANGLAIS = re.compile(
    r"Traceback|\b(Error|Errno|Exception|is not|cannot|could not|expected|unexpected|found|NoneType|object has"
    r"|Input should|should be|must be|the|use|value|limit|digits|unhashable|invalid literal|denied"
    r"|No such file|Read-only|No space)\b"
)

BASE = {
    "version": 1,
    "signataire": "personne",
    "consentement": {"date": "2026-10-01", "transmission_tiers": True},
    "personne": {
        "civilite": "madame",
        "nom": "DIALLO",
        "prenoms": "Aminata Fatou",
        "date_naissance": "1990-04-12",
        "lieu_naissance": "Conakry (Guinée)",
        "nationalite": "guinéenne",
        "adresse": "12 rue des Lilas\n13003 Marseille\n",
        "courriel": "aminata.diallo@example.org",
        "telephone": "06 12 34 56 78",
        "numero_etranger": "7501234567",
    },
    "demande": {
        "nature": "renouvellement",
        "titre": "carte de séjour pluriannuelle « salarié »",
        "prefecture": "13",
        "numero_anef": "",
        "date_depot": "2026-09-20",
        "titre_actuel_expiration": "2026-12-15",
    },
    "blocage": {
        "types": ["erreur_validation"],
        "depuis": "2026-09-20",
        "message_erreur": "Une erreur technique est survenue",
        "description": "Le bouton « Valider » renvoie une erreur.",
        "consequences": "Risque de perdre son emploi.",
    },
    "demarches": [
        {
            "type": "capture_ecran",
            "date": "2026-09-20",
            "heure": "10:42",
            "detail": "Erreur à la validation",
            "resultat": "",
            "pieces": ["captures/erreur.png"],
        },
        {
            "type": "appel_anef",
            "date": "01/10/2026",
            "detail": "Appel au 0 806 001 620",
            "resultat": "ticket n° 1234",
            "pieces": ["captures/journal-appels.png"],
        },
        {
            "type": "courriel_dgef",
            "date": "2026-09-25",
            "detail": "Courriel au support",
            "resultat": "sans réponse",
            "pieces": ["captures/courriel-support.png"],
        },
    ],
    "accompagnant": {
        "civilite": "monsieur",
        "nom": "MARTIN",
        "prenom": "Paul",
        "fonction": "travailleur social",
        "structure": "Association Exemple",
        "adresse": "1 place Exemple\n13001 Nice\n",
        "courriel": "paul.martin@exemple.org",
        "telephone": "04 91 00 00 00",
    },
    "orientation": {
        "vers": "juriste",
        "nom": "",
        "structure": "ESPACE",
        "courriel": "juridique@espace.asso.fr",
        "objet": "Analyse de la situation",
    },
    "envoi": {"prefecture_courriel": "", "recommande": True, "numero_recommande": "1A 234 567 8901 2"},
}


def _png() -> bytes:
    """A valid 1×1 PNG, built by the book."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()


@pytest.fixture
def data() -> dict:
    """A fresh copy of a complete dossier (renewal, madame, signed by the person)."""
    return copy.deepcopy(BASE)


def write_dossier(folder: Path, data: dict, name: str = "dossier.yaml") -> Path:
    """Write the dossier and the pièces it names (tiny PNGs) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    demarches = data.get("demarches", [])
    for demarche in demarches if isinstance(demarches, list) else []:
        for piece in demarche.get("pieces", []) if isinstance(demarche, dict) else []:
            target = folder / piece
            # hostile dossiers name files outside (/etc/passwd): never write there
            assert target.resolve().is_relative_to(folder.resolve()), target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(PNG)
    path = folder / name
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


@pytest.fixture
def run(capsys):
    """Run the ``lettres`` command in-process; return (exit code, stdout, stderr)."""
    from lettres.cli import main

    def runner(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return runner


def rendre_illisible(fichier: Path, monkeypatch, ouverture: str = "lettres.dossier.pieces.os.open") -> None:
    """``chmod 000``: for an ordinary user, the system itself refuses to read ``fichier``. Root (or Windows)
    reads it anyway: there the same refusal is raised where lettres opens it (``ouverture``)."""
    import errno

    cible = fichier.resolve()
    fichier.chmod(0)
    if not os.access(fichier, os.R_OK):
        return
    original = os.open

    def refuse(chemin, *args, **kwargs):
        # a name opened relative to a folder's descriptor (lettres/confinement.py) is that folder's file
        relatif = kwargs.get("dir_fd") is not None and Path(chemin).name == cible.name
        if relatif or Path(chemin).resolve() == cible:
            raise PermissionError(errno.EACCES, "Permission denied", str(chemin))
        return original(chemin, *args, **kwargs)

    monkeypatch.setattr(ouverture, refuse)


def config_hostile(ailleurs: Path) -> dict:
    """A caseworker's configuration that would change every result if a test read it: another accompagnant,
    other addresses for every préfecture and tribunal, another default préfecture, output folder, tracked
    folders, reminder and pièce size limit (``ailleurs``: the folder its paths name)."""
    from lettres.referentiel import charger_referentiel

    referentiel = charger_referentiel()
    return {
        "accompagnant": {
            "civilite": "madame",
            "nom": "INTRUSE",
            "prenom": "Hortense",
            "fonction": "conseillère",
            "structure": "Structure d'ailleurs",
            "adresse": "99 avenue d'Ailleurs\n75099 Paris\n",
            "courriel": "hortense.intruse@ailleurs.example",
            "telephone": "01 99 99 99 99",
        },
        "structure": {"nom": "Structure d'ailleurs", "adresse": "99 avenue d'Ailleurs, 75099 Paris"},
        "prefecture": "83",
        "prefectures": {
            code: {
                "courriel": f"intrus-{code.lower()}@ailleurs.example",
                "adresse": f"Bureau intrus\n{code} Ailleurs",
                "civilite": "madame",
            }
            for code in referentiel.prefectures
        },
        "tribunaux": {code: {"adresse": f"Greffe intrus\n{code}"} for code in referentiel.tribunaux},
        "sortie": str(ailleurs / "sorties"),
        "dossiers": [str(ailleurs)],
        "rappel_jours": 30,
        "pieces": {"taille_max_mo": 1, "dossiers_autorises": [str(ailleurs)]},
    }


@pytest.fixture(autouse=True)
def isolement(tmp_path_factory, monkeypatch) -> Path:
    """Every test: its own empty home (configuration, cache, data), working directory, locale and time zone;
    what it starts (``sys.executable -m lettres``, LibreOffice) inherits them. Returns the home."""
    from lettres.config import config_path

    maison = tmp_path_factory.mktemp("maison")
    for name, value in environnement_isole(maison).items():
        monkeypatch.setenv(name, value)
    for name in RETIRES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(maison)
    # where lettres looks for its configuration when nothing names one: in this home, and empty
    assert config_path().is_relative_to(maison) and not config_path().exists(), config_path()
    return maison


@pytest.fixture
def aujourd_hui() -> Iterator[date]:
    """Today is ``AUJOURD_HUI`` for the code run in the tests' process (the clock starts at 10:00 in Paris and
    runs on): for the tests whose result depends on the day (a deadline, a folder named by the date, a date
    refused for being in the future). Only there: files on disk keep the machine's time, and code that ages
    them (temporary copies, abandoned folders) needs the real clock."""
    import time_machine

    with time_machine.travel(MATIN, tick=True):
        yield AUJOURD_HUI


class Echangeur:
    """The attacker of the confinement tests and of bench/attaques.py: swaps ``folder`` with a link to ``outside``
    (and back) in a loop, in a thread."""

    def __init__(self, folder: Path, outside: Path, pause: float = 0.0):
        self.folder, self.outside, self.pause = folder, outside, pause
        self.real = folder.with_name(folder.name + ".vrai")
        self.stop = threading.Event()
        self.swaps = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                os.rename(self.folder, self.real)
                os.symlink(self.outside, self.folder, target_is_directory=True)
                time.sleep(0)
                os.unlink(self.folder)
            except OSError:
                pass  # the tool created a folder of its own meanwhile: set aside by _restore
            self._restore()
            self.swaps += 1
            time.sleep(self.pause)  # the real folder in place for a moment too (the bench: reads that succeed)

    def _restore(self) -> None:
        for k in range(1000):
            if not self.real.exists():
                return
            try:
                os.rename(self.real, self.folder)
                return
            except OSError:
                with contextlib.suppress(OSError):
                    os.rename(self.folder, self.folder.with_name(f"cree-{self.swaps}-{k}"))

    def __enter__(self) -> Echangeur:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


@pytest.fixture
def sans_libreoffice(monkeypatch) -> None:
    """Documents rendered without the PDF copies (as on a machine without LibreOffice): faster, same text."""
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test worker, for the tests that drive ``lettres web`` (helpers: tests/navigateur.py)."""
    from playwright.sync_api import sync_playwright

    from navigateur import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def write_dossier_justifie(folder: Path, data: dict, name: str = "dossier.yaml") -> Path:
    """``write_dossier``, and the files its justificatifs name (tiny PNGs) beside it: the titre, the attestation de
    dépôt… that a requête en référé rests on."""
    path = write_dossier(folder, data, name)
    for chemins in (data.get("justificatifs") or {}).values():
        for chemin in chemins:
            target = folder / chemin
            assert target.resolve().is_relative_to(folder.resolve()), target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(PNG)
    return path
