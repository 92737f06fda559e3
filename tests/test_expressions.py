"""The expressions email-validator compiles on import, kept compiled from one command to the next: the next command
does not compile them again, and every address gets the same answer as without the cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from lettres.expressions import _compiled, _record

ADRESSES = [
    "personne@example.org",
    "Juriste@Espace.Asso.FR",
    "josé.garcía@exemple.fr",
    "étrangers@préfecture.gouv.fr",
    "a@b",
    "pas une adresse",
    "x@exemple..fr",
    "deux@@exemple.fr",
    ".point@exemple.fr",
]

# one command: the addresses checked as a dossier's are, and the expressions that re had to compile for it
COMMANDE = """
import json, re, sys
from re import _compiler
compilees = []
compile = _compiler.compile
def note(p, flags=0):
    compilees.append(p if isinstance(p, str) else "")
    return compile(p, flags)
_compiler.compile = note
from lettres.dossier.valeurs import FieldError, parse_courriel
reponses = []
for adresse in json.loads(sys.argv[1]):
    try:
        reponses.append(parse_courriel(adresse))
    except FieldError as exc:
        reponses.append("refusée : " + str(exc))
print(json.dumps({"reponses": reponses, "larges": sum("\\U0010ffff" in p for p in compilees)}))
"""


def commande(cache: str) -> dict:
    env = {**os.environ, "LETTRES_CACHE": cache}
    fait = subprocess.run(
        [sys.executable, "-c", COMMANDE, json.dumps(ADRESSES)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(fait.stdout)


def fichiers(cache: Path) -> list[Path]:
    return sorted(cache.glob("expressions-*.marshal"))


def test_the_second_command_does_not_compile_them_again_and_answers_the_same(tmp_path):
    cache = tmp_path / "cache"
    sans_cache = commande("")
    premiere = commande(str(cache))
    seconde = commande(str(cache))

    assert sans_cache["larges"] >= 3  # the expressions that run up to U+10FFFF, compiled at each command
    assert premiere["larges"] == sans_cache["larges"]
    assert len(fichiers(cache)) == 1
    assert seconde["larges"] == 0
    assert seconde["reponses"] == premiere["reponses"] == sans_cache["reponses"]
    assert sans_cache["reponses"][:4] == [
        "personne@example.org",
        "Juriste@espace.asso.fr",
        "josé.garcía@exemple.fr",
        "étrangers@préfecture.gouv.fr",
    ]
    assert all(r.startswith("refusée : ") for r in sans_cache["reponses"][4:])


def test_a_damaged_file_is_compiled_again_and_written_again(tmp_path):
    cache = tmp_path / "cache"
    attendu = commande("")["reponses"]
    commande(str(cache))
    (fichier,) = fichiers(cache)
    fichier.write_bytes(b"\x00abime")

    apres = commande(str(cache))

    assert apres["larges"] >= 3 and apres["reponses"] == attendu
    assert fichier.read_bytes() != b"\x00abime"
    assert commande(str(cache)) == {"reponses": attendu, "larges": 0}


def test_a_stored_expression_is_the_one_re_compiles():
    for pattern, flags in [
        (r"(?P<nom>[a-z\u0080-\U0010FFFF]+)@(?P<domaine>[^@]+)\Z", 0),
        (r"(\d{1,2})\s*(?:h|H|:)\s*(\d{2})?$", re.IGNORECASE),
        (rb"[\x00-\x7f]+", 0),
    ]:
        record = _record(pattern, flags)
        assert record is not None
        expression = _compiled(record)
        assert expression == re.compile(pattern, flags)
        assert expression.groupindex == re.compile(pattern, flags).groupindex
        texte = "Nom@exemple.fr 10 h 42" if isinstance(pattern, str) else b"abc"
        assert expression.findall(texte) == re.compile(pattern, flags).findall(texte)  # type: ignore[arg-type]
