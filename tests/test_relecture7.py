"""After the confirming read of 7 December 2026: what the caseworker typed on several lines stays several
paragraphs in the référé, as it does in the letter and the note, and a list item keeps its dash."""

from __future__ import annotations

import io
import zipfile

import pytest

from aides import documents_demo
from docx_texte import paragraphs

REQUETE = "4-refere-mesures-utiles.docx"


@pytest.fixture(autouse=True)
def sans_soffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def paragraphes_requete(resultat) -> list[str]:
    with zipfile.ZipFile(io.BytesIO((resultat.dossier / REQUETE).read_bytes())) as z:
        return [" ".join(p.split()) for p in paragraphs(z.read("word/document.xml"))]


def test_a_description_typed_on_several_lines_is_several_quoted_paragraphs(tmp_path):
    def plusieurs_lignes(data: dict) -> None:
        data["blocage"]["description"] = (
            "Mon espace ANEF n'affiche aucun message depuis le dépôt\n"
            "- le bouton « Compléter » reste grisé\n"
            "- le support ne répond pas"
        )

    lignes = paragraphes_requete(documents_demo(tmp_path, "refere", plusieurs_lignes, ("refere",)))
    debut = lignes.index("Le requérant décrit ainsi la situation : « Mon espace ANEF n'affiche aucun message depuis le dépôt")
    # each typed line its own paragraph, a list item with the document's dash, the typed « » nested as “ ”
    assert lignes[debut + 1 : debut + 3] == ["– le bouton “Compléter” reste grisé", "– le support ne répond pas »"]
    assert not any("dépôt - le bouton" in ligne or "dépôt le bouton" in ligne for ligne in lignes)


def test_consequences_typed_on_several_lines_keep_their_separation_in_the_urgency(tmp_path):
    def plusieurs_lignes(data: dict) -> None:
        data["blocage"]["consequences"] = "Mon employeur ne peut pas me garder\nLa CAF a suspendu mes droits"

    texte = " ".join(paragraphes_requete(documents_demo(tmp_path, "refere", plusieurs_lignes, ("refere",))))
    assert "Mon employeur ne peut pas me garder ; La CAF a suspendu mes droits" in texte
    assert "garder La CAF" not in texte


def test_the_employer_threat_is_said_only_when_one_sentence_says_it(tmp_path):
    def caf(data: dict) -> None:  # an employer, and a suspension by someone else
        data["blocage"]["consequences"] = "Mon employeur ne peut pas me garder.\nLa CAF a suspendu mes droits."

    texte = " ".join(paragraphes_requete(documents_demo(tmp_path / "a", "refere", caf, ("refere",))))
    assert "menace de suspendre son contrat" not in texte
    sow = " ".join(paragraphes_requete(documents_demo(tmp_path / "b", "refere", None, ("refere",))))
    assert "indique en outre que son employeur menace de suspendre son contrat de travail" in sow
