"""The batch page of ``lettres web`` for people: the template in French words, its example row never generated,
and the people of a batch kept as dossiers that the home page lists (unless the page's box is ticked)."""

from __future__ import annotations

import io
import time

import pytest

from aides import row, write_csv
from lettres.lot.colonnes import dossier_columns, header_of
from web_outils import new_web, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def filled_template(web, *people: dict[str, str]) -> bytes:
    """The template the page gives, its example row left in place, one row per person below it."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(web.get("/lot/modele.xlsx").content))
    sheet = workbook["dossiers"]
    headers = [c.value for c in sheet[2]]
    example = [c.value for c in sheet[3]]
    for number, person in enumerate(people, start=4):  # typed below the example, as in a spreadsheet program
        values = list(example)
        for key, value in person.items():
            values[headers.index(header_of(key, dossier_columns()))] = value
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def send(web, name: str, content: bytes, **data: str) -> str:
    """Send the spreadsheet; the text of the finished batch's page (reached by a 303, as after every POST)."""
    response = web.post("/lot", data, files=[("tableur", (name, content, "application/octet-stream"))])
    assert response.status_code == 303, visible_text(response.text)
    suivi = response.headers["location"]
    for _ in range(300):
        page = web.get(suivi)
        if "Lot terminé" in page.text:
            return visible_text(page.text)
        time.sleep(0.1)
    raise AssertionError("the batch did not end")


def test_the_template_speaks_french(web):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(web.get("/lot/modele.xlsx").content))
    sheet = workbook["dossiers"]
    assert [c.value for c in sheet[2]][2:5] == ["Nom de famille", "Prénoms", "Date de naissance"]
    assert sheet.cell(row=3, column=1).value == "EXEMPLE — ne sera pas traité"
    page = visible_text(web.get("/lot").text)
    assert "Ne pas garder les personnes comme dossiers" in page
    assert "lettres lot" not in page, "no terminal command on the page"


def test_a_two_row_batch_puts_both_people_on_the_home_page(web):
    content = filled_template(
        web,
        {"id": "P1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa"},
        {"id": "P2", "personne.nom": "TRAORÉ", "personne.prenoms": "Awa"},
    )
    text = send(web, "cas.xlsx", content)
    assert "2 dossiers générés, 0 ligne rejetée" in text
    assert "Dossiers suivis : 2 écrits dans" in text
    assert "dossiers, ligne 3 : exemple, ignorée" in text and "demarches, lignes 3, 4 : exemples, ignorées" in text
    assert sorted(p.name for p in web.racine.iterdir() if not p.name.startswith(".")) == [
        "KONE_Moussa",
        "TRAORE_Awa",
        "sorties",
    ]
    accueil = visible_text(web.get("/").text)
    assert "KONÉ" in accueil and "TRAORÉ" in accueil
    assert "DIALLO" not in accueil, "the example is nobody"
    # sent again: the same people are not added twice
    text = send(web, "cas.xlsx", content)
    assert "Dossiers suivis : 0 écrit dans" in text and "2 déjà suivis à l'identique" in text
    assert len([p for p in web.racine.iterdir() if p.name.endswith(("Moussa", "Awa"))]) == 2


def test_the_box_keeps_people_out_of_the_home_page(web):
    source = write_csv(web.racine.parent / "cas.csv", [row("1"), row("2", nom="KONÉ")])  # keys as headers
    text = send(web, "cas.csv", source.read_bytes(), sans_dossiers="oui")
    assert "2 dossiers générés" in text and "Dossiers suivis" not in text
    assert sorted(p.name for p in web.racine.iterdir() if not p.name.startswith(".")) == ["sorties"]
    accueil = visible_text(web.get("/").text)
    assert "DIALLO" not in accueil and "KONÉ" not in accueil


def test_a_person_already_followed_is_not_replaced(web):
    first = filled_template(web, {"id": "P1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa"})
    send(web, "cas.xlsx", first)
    dossier = web.racine / "KONE_Moussa" / "dossier.yaml"
    before = dossier.read_bytes()
    changed = filled_template(
        web, {"id": "P1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa", "personne.nationalite": "ivoirienne"}
    )
    text = send(web, "cas.xlsx", changed)
    assert "ligne 4 : déjà suivi (KONE_Moussa/dossier.yaml), non remplacé" in text
    assert dossier.read_bytes() == before
