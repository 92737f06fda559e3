"""``lettres lot`` for people, not keys: headers in French words, the template's example row never generated,
and every person of a batch kept as a dossier that ``lettres suivi`` (and the web home page) follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aides import COLUMNS, report, row, template_with_people, write_csv
from conftest import PNG
from lettres.dossier import load_dossier
from lettres.lot.colonnes import dossier_columns, header_of

pytestmark = pytest.mark.usefixtures("aujourd_hui")


def french(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The same rows under the template's French headers."""
    headers = [header_of(c, dossier_columns()) for c in COLUMNS]
    return headers, [{header_of(k, dossier_columns()): v for k, v in r.items()} for r in rows]


def lot(run, tmp_path, source, *options):
    return run("lot", str(source), "--sortie", str(tmp_path / "sorties"), "--silencieux", "--jobs", "1", *options)


def test_french_headers_are_read_whatever_their_case_and_accents(run, tmp_path):
    headers, rows = french([row("A1", nom="KONÉ", prenoms="Moussa"), row("A2", naissance="31/02/1990")])
    assert headers[:4] == ["Identifiant du dossier", "Civilité — La personne accompagnée", "Nom de famille", "Prénoms"]
    # as a spreadsheet program or a hurried hand may leave them
    headers[2], headers[4] = "NOM DE FAMILLE", "date de naissance "
    rows = [{h2: r.get(h1, "") for h1, h2 in zip(french([])[0], headers, strict=True)} for r in rows]
    source = write_csv(tmp_path / "cas.csv", rows, columns=headers)
    code, out, err = lot(run, tmp_path, source, "--sans-dossiers")
    assert code == 1, err
    assert "1 dossier généré, 1 ligne rejetée" in out
    assert "Colonnes ignorées" not in err
    # the rejected row names its column as the spreadsheet writes it
    assert "dossiers ligne 3, id A2, date de naissance : « 31/02/1990 » : le 31 février 1990 n'existe pas" in err
    assert ["dossiers", "3", "A2", "date de naissance"] in [line[:4] for line in report(tmp_path)]
    assert (tmp_path / "sorties" / "2026-11-27_KONE_Moussa_A1" / "2-courrier-prefecture.docx").is_file()


def test_a_missing_column_is_named_in_french(run, tmp_path):
    headers, rows = french([row("A1")])
    headers = [h for h in headers if h != "Nationalité"]
    source = write_csv(tmp_path / "cas.csv", rows, columns=headers)
    code, _, err = lot(run, tmp_path, source)
    assert code == 2
    assert "Colonnes obligatoires absentes de « cas.csv » : Nationalité. Ajoutez-les" in err
    assert "Traceback" not in err


def test_example_row_is_skipped_said_and_not_counted(run, tmp_path):
    source = tmp_path / "cas.xlsx"
    assert run("lot", "modele", str(source))[0] == 0
    template_with_people(
        source,
        {"id": "P1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa"},
        {"id": "P2", "personne.nom": "TRAORÉ", "personne.prenoms": "Awa"},
    )
    code, out, err = lot(run, tmp_path, source, "--dossiers", str(tmp_path / "suivis"))
    assert code == 0, err
    assert "2 dossiers générés, 0 ligne rejetée" in out
    assert "dossiers, ligne 3 : exemple, ignorée" in out
    assert "demarches, lignes 3, 4 : exemples, ignorées" in out
    assert sorted(p.name for p in (tmp_path / "sorties").iterdir() if p.is_dir()) == [
        "2026-11-27_KONE_Moussa_P1",
        "2026-11-27_TRAORE_Awa_P2",
    ]
    assert report(tmp_path) == [["feuille", "ligne", "id", "colonne", "message"]]
    assert "Dossiers suivis : 2 écrits dans" in out
    assert sorted(p.name for p in (tmp_path / "suivis").iterdir()) == ["KONE_Moussa", "TRAORE_Awa"]


def test_a_spreadsheet_with_only_the_example_generates_nothing(run, tmp_path):
    source = tmp_path / "cas.csv"
    assert run("lot", "modele", str(source))[0] == 0
    code, out, err = lot(run, tmp_path, source, "--dossiers", str(tmp_path / "suivis"))
    assert code == 0, err
    assert "0 dossier généré, 0 ligne rejetée" in out and "dossiers, ligne 3 : exemple, ignorée" in out
    assert not [p for p in (tmp_path / "sorties").iterdir() if p.is_dir()]
    assert not list((tmp_path / "suivis").iterdir())


def test_two_people_become_dossiers_that_suivi_follows(run, tmp_path):
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "erreur.png").write_bytes(PNG)
    source = write_csv(
        tmp_path / "cas.csv",
        [
            row("1", nom="KONÉ", prenoms="Moussa", **{"demande.titre_actuel_expiration": "15/12/2026"}),
            row("2", nom="TRAORÉ", prenoms="Awa Fatou", **{"justificatifs.passeport": "captures/erreur.png"}),
        ],
        columns=[*COLUMNS, "demande.titre_actuel_expiration", "justificatifs.passeport"],
    )
    suivis = tmp_path / "suivis"
    code, out, err = lot(run, tmp_path, source, "--dossiers", str(suivis))
    assert code == 0, err
    assert f"Dossiers suivis : 2 écrits dans {suivis}." in out
    kone = suivis / "KONE_Moussa" / "dossier.yaml"
    assert "nom: KONÉ" in kone.read_text(encoding="utf-8")
    assert "titre_actuel_expiration: 2026-12-15" in kone.read_text(encoding="utf-8")
    # the pièce named relative to the spreadsheet is copied beside the person's dossier, under the same name
    traore = suivis / "TRAORE_Awa" / "dossier.yaml"
    assert load_dossier(traore).justificatifs.passeport == ["captures/erreur.png"]
    assert (suivis / "TRAORE_Awa" / "captures" / "erreur.png").read_bytes() == PNG
    assert oct(kone.stat().st_mode & 0o777) == "0o600"
    code, out, err = run("suivi", str(suivis), "--json")
    assert code == 0, err
    lignes = {Path(ligne["fichier"]).relative_to(suivis).as_posix(): ligne for ligne in json.loads(out)["lignes"]}
    assert sorted(lignes) == ["KONE_Moussa/dossier.yaml", "TRAORE_Awa/dossier.yaml"]
    assert lignes["KONE_Moussa/dossier.yaml"]["prochaine_echeance"]["date"] == "2026-12-15"
    assert lignes["TRAORE_Awa/dossier.yaml"]["nom"] == "TRAORÉ"
    code, _, err = run("verifier", str(traore))
    assert "Pièce introuvable" not in err and "hors du dossier" not in err


def test_the_configured_dossiers_folder_is_the_default(run, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"dossiers: {tmp_path / 'mes-dossiers'}\n", encoding="utf-8")
    monkeypatch.setenv("LETTRES_CONFIG", str(config))
    code, out, err = lot(run, tmp_path, write_csv(tmp_path / "cas.csv", [row("1")]))
    assert code == 0, err
    assert (tmp_path / "mes-dossiers" / "DIALLO_Aminata" / "dossier.yaml").is_file()
    code, out, _ = run("suivi", "--json")
    assert "DIALLO" in out


def test_without_a_configured_folder_the_current_one_is_used_and_said(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = lot(run, tmp_path, write_csv(tmp_path / "cas.csv", [row("1")]))
    assert code == 0, err
    assert "Aucun répertoire de dossiers configuré" in err and "--sans-dossiers" in err
    assert (tmp_path / "DIALLO_Aminata" / "dossier.yaml").is_file()


def test_opting_out_writes_no_dossier(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = lot(
        run, tmp_path, write_csv(tmp_path / "cas.csv", [row("1"), row("2", nom="KONÉ")]), "--sans-dossiers"
    )
    assert code == 0, err
    assert "2 dossiers générés" in out and "Dossiers suivis" not in out
    assert "Aucun répertoire de dossiers configuré" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cas.csv", "sorties"]


def test_an_existing_dossier_of_the_same_person_is_never_overwritten(run, tmp_path):
    suivis = tmp_path / "suivis"
    source = write_csv(tmp_path / "cas.csv", [row("1", nom="KONÉ", prenoms="Moussa"), row("2")])
    code, out, _ = lot(run, tmp_path, source, "--dossiers", str(suivis))
    assert code == 0 and "Dossiers suivis : 2 écrits" in out
    # run again: the same people, saying the same, are left as they are
    code, out, _ = lot(run, tmp_path, source, "--dossiers", str(suivis), "--force")
    assert "Dossiers suivis : 0 écrit dans" in out and "2 déjà suivis à l'identique" in out
    assert sorted(p.name for p in suivis.iterdir()) == ["DIALLO_Aminata", "KONE_Moussa"]
    # the caseworker added a step to one of them since; the spreadsheet now says something else of both
    kone = suivis / "KONE_Moussa" / "dossier.yaml"
    kone.write_text(kone.read_text(encoding="utf-8").replace("demarches: []", DEMARCHE), encoding="utf-8")
    before = kone.read_bytes()
    changed = write_csv(
        tmp_path / "change.csv",
        [
            row("1", nom="Koné", prenoms="MOUSSA", nature="premiere_demande"),
            row("2", **{"blocage.description": "autre texte"}),
            row("3", naissance="01/01/1980"),  # a homonym: another person
        ],
    )
    code, out, err = lot(run, tmp_path, changed, "--dossiers", str(suivis), "--force")
    assert code == 0, err
    assert kone.read_bytes() == before
    assert "ligne 2 : déjà suivi (KONE_Moussa/dossier.yaml), non remplacé" in out
    assert "ligne 3 : déjà suivi (DIALLO_Aminata/dossier.yaml), non remplacé" in out
    assert "Dossiers suivis : 1 écrit dans" in out and "2 déjà suivis non remplacés" in out
    assert sorted(p.name for p in suivis.iterdir()) == ["DIALLO_Aminata", "DIALLO_Aminata-2", "KONE_Moussa"]
    assert "date_naissance: 1980-01-01" in (suivis / "DIALLO_Aminata-2" / "dossier.yaml").read_text(encoding="utf-8")


def test_a_dossier_kept_as_one_file_counts_as_followed(run, tmp_path):
    """A person the interview saved as ``diallo.yaml`` (older dossiers) is recognised by name and birth date."""
    suivis = tmp_path / "suivis"
    suivis.mkdir()
    source = write_csv(tmp_path / "cas.csv", [row("1")])
    assert lot(run, tmp_path, source, "--dossiers", str(tmp_path / "ailleurs"))[0] == 0
    (suivis / "diallo.yaml").write_bytes((tmp_path / "ailleurs" / "DIALLO_Aminata" / "dossier.yaml").read_bytes())
    _, out, _ = lot(run, tmp_path, source, "--dossiers", str(suivis), "--force")
    assert "Dossiers suivis : 0 écrit dans" in out and "1 déjà suivi à l'identique" in out
    assert sorted(p.name for p in suivis.iterdir()) == ["diallo.yaml"]


DEMARCHE = """demarches:
  - type: appel_anef
    date: 2026-10-01
    detail: Appel au 0 806 001 620"""


def test_worker_processes_write_the_people_too(tmp_path):
    """With worker processes, each person's file is made by the worker that wrote the documents."""
    from aides import batch

    source = write_csv(tmp_path / "cas.csv", [row(str(i), prenoms=f"P{i}") for i in range(6)])
    bilan = batch(tmp_path, source, jobs=2, dossiers=tmp_path / "suivis")
    assert (bilan.generes, bilan.suivis_ecrits) == (6, 6)
    folders = sorted(p.name for p in (tmp_path / "suivis").iterdir())
    assert folders == [f"DIALLO_P{i}" for i in range(6)]
    assert {load_dossier(tmp_path / "suivis" / f / "dossier.yaml").personne.prenoms for f in folders} == {
        f"P{i}" for i in range(6)
    }


@pytest.mark.parametrize(
    "texte", ["1e3", "0o17", "oui", "2026-02-30", "Ligne 1\nLigne 2 « x » : y", "- a", "#1", "'q'"]
)
def test_the_person_s_file_reads_back_as_the_row_says(tmp_path, texte):
    """Whichever writer made it: the quick one, or the usual one when the quick one's text would read otherwise."""
    from aides import batch
    from lettres.dossier.fichier import dossier_bytes
    from lettres.lot.personnes import dossier_text

    source = write_csv(tmp_path / "cas.csv", [row("1", **{"blocage.description": texte})])
    bilan = batch(tmp_path, source, dossiers=tmp_path / "suivis")
    assert bilan.suivis_ecrits == 1, bilan.rejets
    path = tmp_path / "suivis" / "DIALLO_Aminata" / "dossier.yaml"
    dossier = load_dossier(path)
    assert dossier.blocage.description == texte
    assert path.read_bytes() == dossier_text(dossier)
    if texte in ("1e3", "0o17"):  # plain for libyaml (YAML 1.1), a number for YAML 1.2: the usual writer quotes it
        assert path.read_bytes() == dossier_bytes(dossier)
