"""Shared fixtures: dossiers as a caseworker would write them, and a way to run the command."""

from __future__ import annotations

import copy
import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest

from lettres.yamlio import dump_yaml

# compiled templates go to a cache folder of the test run, never to the user's
os.environ["LETTRES_CACHE"] = tempfile.mkdtemp(prefix="lettres-cache-")

AUJOURD_HUI = date(2026, 11, 27)
# every run of the tool in the tests, in this process or in a child, is dated that day: the example dossiers,
# whose dates move with today, then show the very dates the assertions read
os.environ["LETTRES_AUJOURD_HUI"] = AUJOURD_HUI.isoformat()

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
