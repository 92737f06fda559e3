"""An independent jurist's second reading (issue 20), read back as a user reads the documents: the OUALI note to
a lawyer, the référé's urgency and its variant without pièce, the note's layout, the DGEF wording, the bordereau
sent to the préfecture, the messages of the command line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml

from aides import corps_eml, message_eml, texte_docx
from conftest import AUJOURD_HUI
from lettres.demo import demo_dossier
from lettres.documents.generation import generate
from lettres.dossier import load_dossier

pytestmark = pytest.mark.usefixtures("sans_libreoffice")


def variante(tmp_path: Path, code: str, change: Callable[[dict], None] | None = None, lettres=None):
    """The demo dossier of situation ``code`` (its dates are those of the pinned today), changed by ``change``,
    with its pièces beside it, generated as « lettres generer » does."""
    source = demo_dossier(code)
    dossier = tmp_path / "dossier"
    shutil.copytree(source.parent / "pieces", dossier / "pieces")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    chemin = dossier / "dossier.yaml"
    chemin.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return generate(load_dossier(chemin), dossier, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def plat(texte: str) -> str:
    return " ".join(texte.split())


# --- A. the OUALI note (#1, #2, #3) -------------------------------------------------------------------------------


def test_the_ouali_note_to_a_lawyer_says_at_the_latest_and_sends_to_no_lawyer(tmp_path):
    r = variante(tmp_path, "rejet_implicite")
    note = plat(texte_docx(r, "3-note-orientation.docx"))
    sujet = "décision implicite de rejet née le 15 octobre 2026 : recours au plus tard le 15 décembre 2026"
    assert f"Objet : Note d'orientation — Madame Fatima OUALI — {sujet}" in note
    assert message_eml(r, "3-note-orientation.eml")["Subject"].endswith(sujet)
    assert "recours avant le" not in note
    assert (
        "est à déposer au plus tard à cette date (date prudente, le délai étant franc). Ce délai ne court que" in note
    )
    assert "avec un avocat ou une avocate" not in note and "avec l'avocat ou l'avocate" not in note
    assert "(du 3 mars 2026 au 2 mai 2026) : point à examiner avant le recours." in note
    assert (
        "dans un délai raisonnable d'un an au plus (CE, Section, 18 mars 2019, n° 417270), par prudence, au plus "
        "tard le 15 octobre 2027." in note
    )
    assert "soit au plus tard" not in note


def test_the_ouali_note_to_a_jurist_still_sends_to_a_lawyer(tmp_path):
    def juriste(data: dict) -> None:
        data["orientation"].update(vers="juriste", nom="Mme Claire ROCHE", structure="Point-justice")

    note = plat(texte_docx(variante(tmp_path, "rejet_implicite", juriste), "3-note-orientation.docx"))
    assert "(date prudente, le délai étant franc), avec un avocat ou une avocate. Ce délai" in note
    assert ": point à examiner avec l'avocat ou l'avocate avant le recours." in note
    assert "par prudence, au plus tard le 15 octobre 2027." in note
