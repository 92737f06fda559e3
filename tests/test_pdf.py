"""``--pdf``: PDF copies made by LibreOffice, read back with pdftotext; and the message without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aides import needs_libreoffice, pdf_text
from conftest import write_dossier


@needs_libreoffice
def test_pdf_of_the_four_documents_of_several_dossiers(run, tmp_path, data):
    second = {
        **data,
        "personne": {**data["personne"], "nom": "KONÉ", "prenoms": "Moussa", "civilite": "monsieur"},
        "demande": {**data["demande"], "nature": "premiere_demande", "titre_actuel_expiration": ""},
    }
    for name, dossier in (("diallo", data), ("kone", second)):
        path = write_dossier(tmp_path / name, dossier)
        code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-12-01", "--pdf")
        assert code == 0, err
        assert "4 PDF écrits à côté des documents." in out
    diallo, kone = sorted((tmp_path / "s").iterdir())
    lettre = pdf_text(diallo / "2-courrier-prefecture.pdf")
    for fragment in (
        "Madame Aminata Fatou DIALLO",
        "Marseille, le 1er décembre 2026",
        "Délivrance de l'attestation de prolongation de l'instruction",  # a filed renewal, no API yet
        "article R. 431-15-1 du CESEDA",
        "15 décembre 2026",
    ):
        assert fragment in " ".join(lettre.split()), fragment
    note = " ".join(pdf_text(diallo / "3-note-orientation.pdf").split())
    assert "20 janvier 2027" in note and "R. 432-1 et R. 432-2 du CESEDA" in note and "DIALLO" in note
    assert "01_2026-09-20_capture-ecran.png" in pdf_text(diallo / "bordereau-pieces.pdf")
    signalement = " ".join(pdf_text(diallo / "1-signalement-dgef.pdf").split())
    assert "Née le 12 avril 1990 à Conakry (Guinée)" in signalement
    assert "mise à disposition de l'attestation de prolongation de l'instruction" in signalement
    assert "Monsieur Moussa KONÉ" in " ".join(pdf_text(kone / "2-courrier-prefecture.pdf").split())
    assert (kone / "2-courrier-prefecture.pdf").stat().st_mode & 0o777 == 0o600


def test_without_libreoffice_the_word_documents_are_still_made(run, tmp_path, data, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "vide"))  # LibreOffice hidden from PATH
    monkeypatch.setattr("lettres.documents.pdf.WINDOWS_PATHS", [])
    path = write_dossier(tmp_path / "d", data)
    code, _out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--pdf")
    assert code == 2
    assert "LibreOffice est nécessaire pour les PDF" in err and "apt-get install libreoffice-writer-nogui" in err
    assert "libreoffice.org" in err and "Les documents Word ont bien été produits." in err
    (folder,) = (tmp_path / "s").iterdir()
    assert (folder / "2-courrier-prefecture.docx").is_file() and not list(folder.glob("*.pdf"))


@needs_libreoffice
def test_lot_pdf_in_few_calls(run, tmp_path, monkeypatch):
    import lettres.documents.pdf

    calls = []
    real = lettres.documents.pdf._convert_batch
    monkeypatch.setattr(lettres.documents.pdf, "_convert_batch", lambda *a: calls.append(len(a[1])) or real(*a))
    from aides import template_with_people

    code, _, _ = run("lot", "modele", str(tmp_path / "cas.csv"))
    # two people, from the example (whose own row is never generated), without démarches
    template_with_people(tmp_path / "cas.csv", {"id": "1"}, {"id": "2", "personne.prenoms": "Awa"})
    code, out, err = run(
        "lot", str(tmp_path / "cas.csv"), "--sortie", str(tmp_path / "s"), "--pdf", "--silencieux", "--jobs", "1",
        "--sans-dossiers",
    )  # fmt: skip
    assert code == 0, err
    assert "6 PDF écrits" in out
    assert calls == [4, 2]  # one call for the four Word documents, one for the two reports
    for folder in (p for p in (tmp_path / "s").iterdir() if p.is_dir()):
        # no pièce given as a file: no bordereau (the note names the pièces of the demande gathered)
        assert sorted(p.name for p in folder.glob("*.pdf")) == [
            "1-signalement-dgef.pdf",
            "2-courrier-prefecture.pdf",
            "3-note-orientation.pdf",
        ]


SITUATIONS = ["diligences_incompletes", "depot_impossible", "depot_incomplet", "api", "rejet_implicite"]


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> dict[str, Path]:
    """The example dossier of each situation, its letters made PDF: ``lettres demo --pdf`` for the default
    one, a single LibreOffice call for the four others (instead of one call each: the slow part)."""
    from lettres.cli import main
    from lettres.documents.pdf import convert

    sortie = tmp_path_factory.mktemp("demos")
    dossiers = {}
    for situation in SITUATIONS:
        with pytest.raises(SystemExit) as fin:
            main(
                ["demo", "--situation", situation, "--sortie", str(sortie / situation)]
                + (["--pdf"] if situation == "depot_incomplet" else [])
            )
        assert fin.value.code == 0
        (dossiers[situation],) = [p for p in (sortie / situation).iterdir() if p.name.startswith("20")]
    convert(sorted(d for s, dossier in dossiers.items() if s != "depot_incomplet" for d in dossier.glob("*.docx")))
    return dossiers


@needs_libreoffice
@pytest.mark.parametrize("situation", SITUATIONS)
def test_no_page_carries_only_one_or_two_lines(demos, situation):
    """Read whole as LibreOffice lays them out, the Word letters of each example dossier have no page that
    holds one or two lines (a signature or a stray sentence alone on the last page). The DGEF report is a
    plain-text message: its PDF copy is laid out line by line, without widow control."""
    dossier = demos[situation]
    pdfs = sorted(p for p in dossier.glob("*.pdf") if p.with_suffix(".docx").is_file())
    assert pdfs
    for pdf in pdfs:
        for numero, page in enumerate(pdf_text(pdf).split("\f"), 1):
            lignes = [ligne for ligne in page.splitlines() if ligne.strip()]
            if not lignes:
                continue  # the form feed after the last page
            corps = [ligne for ligne in lignes if " — page " not in ligne]  # the footer does not count
            assert len(corps) > 2, (pdf.name, numero, corps)
