"""The pièces of the demande in the bordereau (after those of the démarches), from a YAML dossier and from a
spreadsheet read by ``lettres lot`` (the titre's drop-down, the category and the pièce codes)."""

from __future__ import annotations

from pathlib import Path

from aides import COLUMNS, batch, report, row, write_csv
from conftest import PNG, write_dossier
from docx_texte import docx_text


def bordereau(run, path: Path, sortie: Path) -> str:
    code, _, err = run("generer", str(path), "--lettres", "bordereau", "--sortie", str(sortie), "--date", "27/11/2026")
    assert code == 0, err
    (docx,) = sortie.glob("*/bordereau-pieces.docx")
    return docx_text(docx.read_bytes())


def test_ticked_pieces_are_listed_after_the_demarches_by_name(run, tmp_path, data):
    data["demande"].update(categorie="CST 3", pieces_fournies=["nationalite", "domicile"])
    data["justificatifs"] = {"passeport": ["justificatifs/passeport.png"]}
    (tmp_path / "d" / "justificatifs").mkdir(parents=True)
    (tmp_path / "d" / "justificatifs" / "passeport.png").write_bytes(PNG)
    texte = bordereau(run, write_dossier(tmp_path / "d", data), tmp_path / "sorties")
    assert texte.index("Total : 4 pièces.") < texte.index("Pièces de la demande")
    # the CST 3 list is not verified in the data: not presented as the official list
    assert (
        "Pièces communes réunies pour la demande de titre de séjour (renouvellement), jointes au présent envoi :"
        in texte
    )
    assert "selon la liste" not in texte
    # the passport is among the justificatifs (pièce n° 1): the proof of address is not attached, and a bordereau
    # lists nothing it does not enclose (the note names it)
    assert "– Passeport ou, à défaut, autre justificatif de nationalité avec photo — pièce n° 1" in texte
    assert "domicile" not in texte and "non jointe" not in texte
    assert "3 photos" not in texte  # not ticked: not listed


def test_the_section_can_be_left_out_and_needs_a_checklist(run, tmp_path, data):
    data["demande"].update(categorie="CST 3", pieces_fournies=["nationalite"])
    data["envoi"]["bordereau_pieces_demande"] = "non"
    assert "Pièces de la demande" not in bordereau(run, write_dossier(tmp_path / "a", data), tmp_path / "s1")
    data["envoi"].pop("bordereau_pieces_demande")
    data["demande"]["pieces_fournies"] = []
    assert "Pièces de la demande" not in bordereau(run, write_dossier(tmp_path / "b", data), tmp_path / "s2")


COLONNES = [*COLUMNS, "demande.categorie", "demande.pieces_fournies", "orientation.vers", "orientation.nom"]


def test_a_spreadsheet_row_round_trips_through_lot(tmp_path):
    lignes = [
        # the titre chosen in the template's drop-down: « CST 8 – visiteur » gives the category
        row(
            "V1",
            nature="premiere_demande",
            **{
                "demande.titre": "CST 8 – visiteur",
                "demande.pieces_fournies": "etat_civil, ressources ; assurance_maladie",
                "consentement.transmission_tiers": "oui",
                "orientation.vers": "juriste",
                "orientation.nom": "Claire DURAND",
            },
        ),
        # a titre in free text, its category in its own column, typed loosely
        row(
            "S1",
            **{
                "demande.categorie": "cst3",
                "demande.pieces_fournies": "photos,nationalite",
                "consentement.transmission_tiers": "oui",
                "orientation.vers": "juriste",
                "orientation.nom": "Claire DURAND",
            },
        ),
        # a pièce that is not in the list of the category: the row is rejected, the others go on
        row("S2", **{"demande.categorie": "CST 3", "demande.pieces_fournies": "ressources"}),
    ]
    source = write_csv(tmp_path / "cas.csv", lignes, columns=COLONNES)
    bilan = batch(tmp_path, source)
    assert bilan.generes == 2 and len(bilan.rejets) == 1
    rejet = next(r for r in report(tmp_path) if "S2" in r)
    assert any("« ressources » n'est pas une pièce de la liste CST 3 (renouvellement)" in cell for cell in rejet)
    visiteur = next((tmp_path / "sorties").glob("*_V1"))
    # nothing enclosed: no bordereau; the note names the pièces gathered
    assert not (visiteur / "bordereau-pieces.docx").exists()
    texte = " ".join(docx_text((visiteur / "3-note-orientation.docx").read_bytes()).split())
    assert (
        "selon la liste CST 8 (première demande), non jointes à la présente note (à vérifier dans le dossier ANEF) : "
        "copie intégrale d'acte de "
        "naissance ; justificatifs de ressources suffisantes pour l'année ; attestation d'assurance maladie couvrant "
        "toute la durée du séjour." in texte
    )
    lettre = docx_text((visiteur / "2-courrier-prefecture.docx").read_bytes())
    assert "carte de séjour temporaire « visiteur »" in lettre and "CST 8" not in lettre
    salarie = next((tmp_path / "sorties").glob("*_S1"))
    texte = docx_text((salarie / "3-note-orientation.docx").read_bytes())
    assert texte.index("passeport ou") < texte.index("3 photos d'identité récentes et identiques.")


def test_the_template_offers_the_categories_as_a_help(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from lettres.lot.colonnes import dossier_columns
    from lettres.lot.vierge import write_template

    write_template(tmp_path / "cas.xlsx")
    workbook = load_workbook(tmp_path / "cas.xlsx")
    sheet, listes = workbook["dossiers"], workbook["listes"]
    cles = {c.entete: c.cle for c in dossier_columns()}
    headers = [cles[c.value] for c in sheet[2]]  # row 1: the sections, row 2: the headers, row 3: the example
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    colonnes = {
        listes.cell(row=1, column=c).value: [listes.cell(row=r, column=c).value for r in range(2, 40)]
        for c in range(1, listes.max_column + 1)
    }
    for column in ("demande.titre", "demande.categorie", "demande.pieces_fournies"):
        validation = validations[f"{get_column_letter(headers.index(column) + 1)}3"]
        assert validation.showErrorMessage is False, column  # free text, « cst3 », several codes: accepted
    assert "CST 8 – visiteur" in colonnes["dossiers.demande.titre"]
    assert colonnes["dossiers.demande.categorie"] == colonnes["dossiers.demande.titre"]
    # the pièces by their names (read back as their codes), not by codes
    pieces = set(colonnes["dossiers.demande.pieces_fournies"])
    assert {"justificatif de domicile de moins de 6 mois", "relevés de notes de l'année écoulée"} <= pieces
    assert not {"nationalite", "domicile", "ressources"} & pieces
    comment = sheet.cell(row=2, column=headers.index("demande.pieces_fournies") + 1).comment.text
    assert "Seulement quand la catégorie du titre est connue" in comment
    # the example as the drop-down lists it (the code starts the line, and is what is read back)
    exemple = sheet.cell(row=3, column=headers.index("demande.categorie") + 1).value
    assert exemple.startswith("CSP 1.1 – ") and exemple in colonnes["dossiers.demande.categorie"]
