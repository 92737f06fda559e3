"""``lettres lot``: spreadsheets as people have them, every bad row reported, nothing half-done."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from aides import batch, folders, report, row, template_with_people, write_csv
from conftest import PNG
from docx_texte import docx_text
from lettres.lot.tableur import open_table


def test_french_excel_csv_cp1252_with_tricky_cells(tmp_path):
    tricky = row(
        "A1",
        nom="N'DIAYE",
        prenoms="Aïssatou",
        **{"blocage.description": 'Ligne 1 ; avec point-virgule\nLigne 2 « dite "Aïcha" » – 50 €'},
    )
    source = write_csv(tmp_path / "cas.csv", [tricky, row("A2", nom="KONÉ", prenoms="Moussa")], encoding="cp1252")
    bilan = batch(tmp_path, source)
    assert (bilan.generes, bilan.rejets) == (2, [])
    assert folders(tmp_path) == ["2026-11-27_KONE_Moussa_A2", "2026-11-27_N-DIAYE_Aissatou_A1"]
    a1 = next((tmp_path / "sorties").glob("*_A1"))
    lettre = docx_text((a1 / "2-courrier-prefecture.docx").read_bytes())
    assert 'Ligne 1 ; avec point-virgule\nLigne 2 « dite "Aïcha" » – 50 €' in lettre
    assert "n° étranger 0750123456" in lettre  # leading zero kept


def test_utf8_bom_and_comma_and_tab_delimiters(tmp_path):
    for name, delimiter, encoding in (
        ("bom.csv", ";", "utf-8-sig"),
        ("virgule.csv", ",", "utf-8"),
        ("tab.tsv", "\t", "utf-8"),
    ):
        source = write_csv(tmp_path / name, [row(f"{name}-1")], delimiter=delimiter, encoding=encoding)
        feuille = open_table(source)
        headers, rows = feuille.headers, feuille.rows()
        assert headers[0] == "id" and next(rows).cellules["personne.nom"] == "DIALLO"
    bilan = batch(tmp_path, tmp_path / "virgule.csv")
    assert bilan.generes == 1


def test_xlsx_two_sheets_real_and_text_dates(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "dossiers"
    sheet.append(
        [
            "Id",
            "Personne Nom",
            "personne_prenoms",
            "PERSONNE.DATE_NAISSANCE",
            "personne.nationalité",
            "personne.numero_etranger",
            "demande.nature",
            "demande.titre",
            "demande.prefecture",
            "blocage.types",
            "blocage.depuis",
            "colonne perso",
        ]
    )
    sheet.append(
        [
            "X1",
            "DIALLO",
            "Aminata",
            datetime(1990, 4, 12),
            "guinéenne",
            7501234567,
            "Renouvellement",
            "carte",
            6,
            "erreur_validation",
            "20/09/2026",
            "note interne",
        ]
    )
    demarches = workbook.create_sheet("demarches")
    demarches.append(["dossier", "type", "date", "heure", "detail", "resultat", "pieces"])
    demarches.append(
        ["X1", "capture_ecran", datetime(2026, 9, 20), "10:42", "Erreur", "", "captures/a.png;captures/b.png"]
    )
    demarches.append(["X1", "Appel à l'assistance ANEF", "01/10/2026", None, "Appel", "ticket", None])
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "a.png").write_bytes(PNG)
    (tmp_path / "captures" / "b.png").write_bytes(PNG)
    workbook.save(tmp_path / "cas.xlsx")
    bilan = batch(tmp_path, tmp_path / "cas.xlsx")
    assert (bilan.generes, bilan.rejets) == (1, [])
    assert bilan.avertissements[0] == "Colonnes ignorées dans la feuille dossiers (inconnues) : colonne perso."
    folder = next((tmp_path / "sorties").glob("*_X1"))
    assert sorted(p.name for p in (folder / "pieces").iterdir()) == [
        "01_2026-09-20_capture-ecran.png",
        "02_2026-09-20_capture-ecran.png",
    ]
    lettre = docx_text((folder / "2-courrier-prefecture.docx").read_bytes())
    assert "Préfecture des Alpes-Maritimes" in lettre and "01/10/2026" in lettre


def test_every_bad_row_reported_none_stops_the_others(tmp_path):
    rows = [
        row("OK1"),
        row("BAD1", naissance="31/02/1990"),
        row("BAD2", nature="renouvelement"),
        row("DUP"),
        row("DUP", prenoms="Autre"),
        row("", prenoms="SansId"),
        row("OK2", nom="DIALLO"),
    ]
    source = write_csv(tmp_path / "cas.csv", rows)
    write_csv(
        tmp_path / "d.csv",
        [
            {"dossier": "OK1", "type": "appel_anef", "date": "01/10/2026"},
            {"dossier": "INCONNU", "type": "appel_anef", "date": "01/10/2026"},
            {"dossier": "OK2", "type": "appel_anef", "date": "32/10/2026"},
        ],
        columns=["dossier", "type", "date"],
    )
    bilan = batch(tmp_path, source, demarches=tmp_path / "d.csv")
    assert bilan.generes == 1 and bilan.code == 1
    lines = report(tmp_path)
    assert lines[0] == ["feuille", "ligne", "id", "colonne", "message"]
    assert [
        "dossiers",
        "3",
        "BAD1",
        "personne.date_naissance",
        "« 31/02/1990 » : le 31 février 1990 n'existe pas (février 1990 compte 28 jours)",
    ] in lines
    assert any(line[:4] == ["dossiers", "4", "BAD2", "demande.nature"] and "renouvelement" in line[4] for line in lines)
    assert [
        "dossiers",
        "5",
        "DUP",
        "id",
        "identifiant « DUP » en double (lignes 5, 6) : chaque dossier doit avoir un identifiant unique",
    ] in lines
    assert any(line[:4] == ["dossiers", "6", "DUP", "id"] for line in lines)
    assert ["dossiers", "7", "", "id", "identifiant manquant : chaque ligne a besoin d'un identifiant unique"] in lines
    assert [
        "demarches",
        "3",
        "INCONNU",
        "dossier",
        "« INCONNU » ne correspond à l'identifiant d'aucun dossier",
    ] in lines
    assert [
        "demarches",
        "4",
        "OK2",
        "date",
        "« 32/10/2026 » : il n'y a pas de jour 32 dans un mois",
    ] in lines
    assert list(folders(tmp_path)) == ["2026-11-27_DIALLO_Aminata_OK1"]


def test_homonyms_get_distinct_folders(tmp_path):
    bilan = batch(tmp_path, write_csv(tmp_path / "cas.csv", [row("1"), row("2")]))
    assert bilan.generes == 2
    assert folders(tmp_path) == ["2026-11-27_DIALLO_Aminata_1", "2026-11-27_DIALLO_Aminata_2"]


def test_unusable_files_exit_2(run, tmp_path):
    source = write_csv(tmp_path / "cas.csv", [row("1")], columns=["id", "personne.nom", "demande.titre"])
    code, _, err = run("lot", str(source), "--sortie", str(tmp_path / "s"))
    assert code == 2
    assert (
        "Colonnes obligatoires absentes de « cas.csv » : Prénoms, Date de naissance, Nationalité, Nature de la demande, "
        "Préfecture, Types de blocage, Blocage constaté depuis le. Ajoutez-les : le tableur à remplir les a toutes."
        in err
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id;personne.nom\n1;Zoë\x81\n".encode("latin-1"))
    code, _, err = run("lot", str(latin), "--encodage", "utf-8")
    assert code == 2 and "--encodage" in err
    code, _, err = run("lot", str(tmp_path / "absent.xlsx"))
    assert code == 2 and "introuvable" in err
    code, _, err = run("lot", str(tmp_path / "cas.ods"))
    assert code == 2


def test_exit_codes_and_summary(run, tmp_path):
    good = write_csv(tmp_path / "bon.csv", [row("1")])
    code, out, _ = run("lot", str(good), "--sortie", str(tmp_path / "s1"), "--silencieux", "--jobs", "1")
    assert code == 0 and "1 dossier généré, 0 ligne rejetée" in out
    code, out, _ = run("lot", str(good), "--sortie", str(tmp_path / "s1"), "--silencieux")
    assert code == 0 and "0 dossier généré, 1 déjà fait, 0 ligne rejetée" in out
    mixed = write_csv(tmp_path / "mixte.csv", [row("1"), row("2", naissance="hier")])
    code, out, err = run("lot", str(mixed), "--sortie", str(tmp_path / "s2"), "--silencieux")
    assert code == 1 and "1 dossier généré, 1 ligne rejetée" in out
    assert (
        "dossiers ligne 3, id 2, personne.date_naissance : « hier » n'est pas une date : écrivez la date comme" in err
    )


def test_resume_after_interruption_and_force(tmp_path):
    source = write_csv(tmp_path / "cas.csv", [row("1"), row("2"), row("3")])
    sortie = tmp_path / "sorties"
    sortie.mkdir()
    # an earlier run was killed: row 1 finished (folder renamed), row 2 was half-way (staging folder)
    done = sortie / "2026-11-20_DIALLO_Aminata_1"
    done.mkdir()
    staging = sortie / ".2026-11-27_DIALLO_Aminata_2.abcd1234"
    staging.mkdir()
    (staging / "1-signalement-dgef.txt").write_text("moitié", encoding="utf-8")
    bilan = batch(tmp_path, source)
    assert (bilan.generes, bilan.deja_faits) == (2, 1)
    assert not staging.exists()
    assert folders(tmp_path) == [
        "2026-11-20_DIALLO_Aminata_1",
        "2026-11-27_DIALLO_Aminata_2",
        "2026-11-27_DIALLO_Aminata_3",
    ]
    bilan = batch(tmp_path, source)
    assert (bilan.generes, bilan.deja_faits) == (0, 3)
    bilan = batch(tmp_path, source, force=True)
    assert bilan.generes == 3


def test_parallel_jobs(tmp_path):
    source = write_csv(tmp_path / "cas.csv", [row(str(i), prenoms=f"P{i}") for i in range(6)])
    bilan = batch(tmp_path, source, jobs=2)
    assert bilan.generes == 6 and len(folders(tmp_path)) == 6
    for folder in (tmp_path / "sorties").iterdir():
        if folder.is_dir():
            # dgef .eml/.txt, letter 2 .docx/.eml; no pièce in these rows, so no bordereau
            assert sorted(f.name for f in folder.iterdir()) == [
                "1-signalement-dgef.eml",
                "1-signalement-dgef.txt",
                "2-courrier-prefecture.docx",
                "2-courrier-prefecture.eml",
            ]


@pytest.mark.parametrize("name", ["cas.xlsx", "cas.csv"])
def test_template_round_trip(run, tmp_path, name):
    code, out, _ = run("lot", "modele", str(tmp_path / name))
    assert code == 0
    template_with_people(tmp_path / name, {"id": "P1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa"})
    code, out, err = run(
        "lot", str(tmp_path / name), "--sortie", str(tmp_path / "sorties"), "--silencieux", "--sans-dossiers"
    )
    assert code == 0, err
    assert "1 dossier généré, 0 ligne rejetée" in out
    assert "dossiers, ligne 3 : exemple, ignorée" in out
    assert "Colonnes ignorées" not in err
    (folder,) = [p for p in (tmp_path / "sorties").iterdir() if p.is_dir()]
    assert folder.name == "2026-11-27_KONE_Moussa_P1"
    note = docx_text((folder / "3-note-orientation.docx").read_bytes())
    assert "Appel au 0 806 001 620" not in note, "the example's démarches stay the example's"
    assert "n° étranger 0750123456" in note


def test_xlsx_template_has_french_headers_sections_drop_downs_and_comments(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from lettres.lot.vierge import write_template

    write_template(tmp_path / "cas.xlsx")
    workbook = load_workbook(tmp_path / "cas.xlsx")
    assert workbook.sheetnames == ["dossiers", "demarches", "listes"]
    sheet = workbook["dossiers"]
    bands = [c.value for c in sheet[1]]
    headers = [c.value for c in sheet[2]]
    # the person first, in the interview's order, in French words; no dotted key anywhere in the visible rows
    assert headers[:5] == [
        "Identifiant du dossier",
        "Civilité — La personne accompagnée",
        "Nom de famille",
        "Prénoms",
        "Date de naissance",
    ]
    assert "Nom — Vos coordonnées" in headers and "Civilité — Vos coordonnées" in headers
    assert not [h for h in headers if "." in h and " " not in h], "a key left as a header"
    assert len(headers) == len(set(headers))
    assert bands[0] == "La personne accompagnée" and bands[1] is None  # one merged band per section
    assert bands[headers.index("Nature de la demande")] == "Sa demande de titre de séjour"
    assert bands[headers.index("Types de blocage")] == "Le blocage sur l'ANEF"
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "D3"
    assert [c.value for c in sheet[3]][:3] == ["EXEMPLE — ne sera pas traité", "Madame", "DIALLO"]
    assert sheet.column_dimensions["C"].width >= 16
    nom = sheet.cell(row=2, column=headers.index("Nom de famille") + 1)
    assert nom.comment.text.startswith("Nom de famille\nTel qu'il figure")
    listes = workbook["listes"]
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    for header in (
        "Civilité — La personne accompagnée",
        "Nature de la demande",
        "Préfecture",
        "Types de blocage",
        "Qui signe les lettres 1 et 2",
        "Orientation vers",
    ):
        assert f"{get_column_letter(headers.index(header) + 1)}3" in validated, header
    values = {
        listes.cell(row=1, column=c).value: [listes.cell(row=r, column=c).value for r in range(2, 30)]
        for c in range(1, listes.max_column + 1)
    }
    # every préfecture, by its number, name and city (the number is what is read back)
    assert values["dossiers.demande.prefecture"][:2] == [
        "01 — Préfecture de l'Ain (Bourg-en-Bresse)",
        "02 — Préfecture de l'Aisne (Laon)",
    ]
    # every list by its words (read back as the codes): a one-answer list by its labels, several-answer ones
    # by the words a cell holds between « ; »
    assert "Capture d'écran ANEF" in values["demarches.type"] and "capture_ecran" not in values["demarches.type"]
    assert "Première demande" in values["dossiers.demande.nature"]
    types = values["dossiers.blocage.types"]
    assert "erreur technique à la validation de la demande" in types and "erreur_validation" not in types
    demarches = workbook["demarches"]
    assert [c.value for c in demarches[2]][:3] == ["Identifiant du dossier", "Type de démarche", "Date"]
    assert demarches.cell(row=3, column=1).value == "EXEMPLE — ne sera pas traité"
    assert demarches.data_validations.dataValidation


def test_parallel_jobs_with_spawn_as_on_windows_and_macos(tmp_path, monkeypatch):
    import lettres.lot.execution

    monkeypatch.setattr(lettres.lot.execution, "_use_fork", lambda: False)
    # five rows: more than one worker's task (a smaller batch is generated without workers)
    source = write_csv(tmp_path / "cas.csv", [row(str(i), prenoms=f"P{i}") for i in range(5)])
    bilan = batch(tmp_path, source, jobs=2)
    assert bilan.generes == 5 and bilan.rejets == []


def test_template_example_row_is_coherent(run, tmp_path):
    """A blocage that kept the demande from being filed goes with no filing date; copied as a person, it passes."""
    from lettres.referentiel import charger_referentiel

    code, _, _ = run("lot", "modele", str(tmp_path / "cas.csv"))
    assert code == 0
    with (tmp_path / "cas.csv").open(encoding="utf-8-sig", newline="") as fichier:
        sections = next(fichier)
        (exemple,) = list(csv.DictReader(fichier, delimiter=";"))
    assert sections.startswith("La personne accompagnée;;")
    familles = charger_referentiel().familles_blocage
    from lettres.lot.choix import codes_of_cell

    assert exemple["Types de blocage"] == "erreur technique à la validation de la demande"  # words, not a code
    types = codes_of_cell("blocages", exemple["Types de blocage"])
    assert "erreur_validation" in types and exemple["Date de dépôt de la demande"] == ""
    assert all(familles[t] == "depot" for t in types)
    template_with_people(tmp_path / "cas.csv", {"id": "1"})
    code, out, err = run("lot", str(tmp_path / "cas.csv"), "--sortie", str(tmp_path / "s"), "--silencieux")
    assert code == 0 and "1 dossier généré, 0 ligne rejetée" in out, err


def test_a_few_rows_are_generated_without_worker_processes(tmp_path, monkeypatch):
    """Starting workers costs more than it saves for a handful of rows: at least one task (4 rows) per worker."""
    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("aucun processus de rendu pour si peu de lignes")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    source = write_csv(tmp_path / "cas.csv", [row(str(i), prenoms=f"P{i}") for i in range(4)])
    bilan = batch(tmp_path, source, jobs=2)
    assert bilan.generes == 4 and bilan.rejets == [] and len(folders(tmp_path)) == 4
