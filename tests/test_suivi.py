"""``lettres suivi``: a structure's dossiers, the most urgent first, as a caseworker reads them."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI, BASE, write_dossier
from lettres.suivi import build_suivi
from suivi_cas import CAS, write_broken, write_structure

JOUR = "27/11/2026"


@pytest.fixture
def structure(tmp_path) -> Path:
    return write_structure(tmp_path / "dossiers")


def test_every_dossier_with_its_next_deadline_most_urgent_first(structure):
    suivi = build_suivi([structure], AUJOURD_HUI)
    assert suivi.problemes == ()
    lignes = {ligne.fichier.name: ligne for ligne in suivi.lignes}
    assert set(lignes) == set(CAS)  # drafts, configuration, lettres-demo/ left aside; archives/ read
    for nom, (_, genre, jours, retard) in CAS.items():
        p = lignes[nom].prochaine
        assert (p.genre if p else None, p.jours if p else None, lignes[nom].en_retard) == (genre, jours, retard), nom
    ordre = [ligne.fichier.name for ligne in suivi.lignes]
    # overdue first (the oldest first), then by days left, then those without any date
    assert ordre[:3] == ["recours-expire.yaml", "refere-mur.yaml", "api-expiree.yaml"]
    restants = [lignes[n].prochaine.jours for n in ordre[3:-1]]
    assert restants == sorted(restants) and ordre[-1] == "premiere.yaml"
    # the same day (10 December): the appeal period before the titre, the titre before the référé
    meme_jour = [n for n in ordre if lignes[n].prochaine and lignes[n].prochaine.date == date(2026, 12, 10)]
    assert meme_jour == ["recours-proche.yaml", "titre-proche.yaml", "delai-annonce.yaml"]


def test_each_kind_of_deadline(structure):
    lignes = {ligne.fichier.name: ligne for ligne in build_suivi([structure], AUJOURD_HUI).lignes}

    def echeance(nom, genre):
        return next(e for e in lignes[nom].echeances if e.genre == genre)

    # a titre that expired while a valid récépissé covers the person calls for nothing
    titre = echeance("recepisse.yaml", "titre")
    assert (titre.jours, titre.etat) == (-33, "passee")
    assert echeance("recepisse.yaml", "document_provisoire").libelle == "Fin du récépissé"
    # the implicit rejection: a plain date when an API shows completeness, « au plus tôt » otherwise
    certain = echeance("recours-proche.yaml", "rejet_implicite")
    assert (certain.date, certain.au_plus_tot, certain.etat) == (date(2026, 10, 10), False, "passee")
    assert echeance("recours-proche.yaml", "fin_recours").etat == "proche"
    incertain = echeance("rejet-au-plus-tot.yaml", "rejet_implicite")
    assert (incertain.date, incertain.au_plus_tot) == (date(2027, 1, 1), True)
    assert "au plus tôt le 1er janvier 2027, si le dossier est regardé comme complet" in incertain.phrase
    # the préfecture's delay runs from the AR, with the delay it announced
    assert echeance("delai-annonce.yaml", "reponse_prefecture").date == date(2026, 12, 10)
    assert echeance("refere-mur.yaml", "reponse_prefecture").phrase.startswith("Courrier à la préfecture : envoyé le")
    # a notified decision: no implicit-rejection dates, the lawyer at once
    decision = lignes["decision.yaml"]
    assert {e.genre for e in decision.echeances} == {"titre"}
    assert decision.action == "Consulter un avocat sans attendre (décision notifiée)"
    assert lignes["recours-proche.yaml"].action == "Consulter un avocat ou une avocate avant le 10/12/2026"
    assert lignes["attente-prefecture.yaml"].action == "Attendre la réponse de la préfecture jusqu'au 05/12/2026"
    assert lignes["premiere.yaml"].echeances == ()


def test_a_lawyer_seized_after_the_letter_takes_the_referral_up(structure, tmp_path):
    data = copy.deepcopy(CAS["refere-mur.yaml"][0])
    data["demarches"].append({"type": "saisine_avocat", "date": "2026-11-10", "detail": "Maître Dupont"})
    path = write_dossier(tmp_path / "seul", data, "refere-mur.yaml")
    (ligne,) = build_suivi([path], AUJOURD_HUI).lignes
    assert [(e.genre, e.etat) for e in ligne.echeances] == [("reponse_prefecture", "passee"), ("titre", "a_venir")]
    assert not ligne.en_retard


def test_table_in_80_and_120_columns(run, structure, monkeypatch):
    for largeur in (80, 120):
        monkeypatch.setenv("COLUMNS", str(largeur))
        code, out, err = run("suivi", str(structure), "--date-du-jour", JOUR)
        assert code == 1, err  # three dossiers overdue
        lignes = out.splitlines()
        assert max(len(line) for line in lignes) <= largeur
        texte = " ".join(" ".join(lignes).split())
        # the state is written, not only coloured
        assert "-87 en" in texte and "retard" in texte
        assert "13 !" in texte and "au plus tôt" in texte
        assert "12 dossiers au 27/11/2026 : 3 en retard, 2 à échéance proche." in texte
        assert texte.index("BENALI") < texte.index("NGUYEN") < texte.index("KEITA") < texte.index("PETROV")
        assert "Consulter un" in texte and "Attendre la" in texte
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = run("suivi", str(structure), "--date-du-jour", JOUR)
    assert "-87 en retard" in out and "Préf." in out


def test_overdue_exit_code_and_avant(run, structure):
    code, out, _ = run("suivi", str(structure), "--date-du-jour", JOUR, "--avant", "10", "--json")
    assert code == 1
    data = json.loads(out)
    assert [ligne["fichier"].rsplit("/", 1)[-1] for ligne in data["lignes"]] == [
        "recours-expire.yaml",
        "refere-mur.yaml",
        "api-expiree.yaml",
        "attente-prefecture.yaml",
    ]
    assert data["avant_jours"] == 10 and data["en_retard"] == 3
    # nothing overdue: 0 (the far dossier alone)
    code, out, err = run("suivi", str(structure / "loin.yaml"), "--date-du-jour", JOUR)
    assert code == 0, err
    assert "1 dossier au 27/11/2026 : 0 en retard, 0 à échéance proche." in " ".join(out.split())
    # a folder that does not exist: 2, and a French sentence
    code, _, err = run("suivi", str(structure / "absent"), "--date-du-jour", JOUR)
    assert code == 2 and "Le répertoire" in err and "est introuvable" in err


def test_unreadable_dossiers_reported_others_listed(run, structure):
    casse, invalide = write_broken(structure)
    code, out, err = run("suivi", str(structure), "--date-du-jour", JOUR, "--avant", "400")
    assert code == 1
    lignes = [line for line in err.splitlines() if line.startswith("Illisible")]
    assert lignes == [
        f"Illisible : {casse} : YAML invalide à la ligne 3 : vérifiez l'indentation, les deux-points et les guillemets.",
        f"Illisible : {invalide} : personne.date_naissance : « 31/02/1990 » : le 31 février 1990 n'existe pas "
        "(février 1990 compte 28 jours)",
    ]
    assert "11 dossiers au 27/11/2026" in " ".join(out.split())  # all but the one without any date
    data = json.loads(run("suivi", str(structure), "--date-du-jour", JOUR, "--json")[1])
    assert len(data["lignes"]) == 12 and [p["fichier"] for p in data["illisibles"]] == [str(casse), str(invalide)]


def test_csv_as_french_excel_reads_it(run, structure, tmp_path):
    hostile = copy.deepcopy(BASE)
    hostile["personne"]["nom"] = '=HYPERLINK("http://x";"clic")'
    write_dossier(structure / "hostile", hostile, "hostile.yaml")
    sortie = tmp_path / "suivi.csv"
    code, out, _ = run("suivi", str(structure), "--date-du-jour", JOUR, "--csv", str(sortie))
    assert code == 1 and f"Écrit : {sortie}" in out
    raw = sortie.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 13
    premier = rows[0]
    assert (premier["nom"], premier["prochaine_echeance"], premier["date_prochaine_echeance"], premier["jours"]) == (
        "BENALI",
        "Fin du délai de recours",
        "01/09/2026",
        "-87",
    )
    assert (premier["en_retard"], premier["fin_titre"], premier["rejet_implicite"]) == (
        "oui",
        "01/04/2026",
        "01/07/2026",
    )
    assert next(r for r in rows if r["nom"].startswith("'="))["nom"] == '\'=HYPERLINK("http://x";"clic")'
    assert oct(sortie.stat().st_mode & 0o777) == "0o600"
    # a file that is not a table of lettres suivi is never overwritten
    autre = tmp_path / "notes.csv"
    autre.write_text("mes notes", encoding="utf-8")
    code, _, err = run("suivi", str(structure), "--date-du-jour", JOUR, "--csv", str(autre))
    assert code == 2 and "n'est pas un tableau écrit par lettres suivi" in err
    assert autre.read_text(encoding="utf-8") == "mes notes"


def test_configured_folder_and_current_folder(run, structure, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"dossiers: {structure}\nrappel_jours: 3\n", encoding="utf-8")
    code, out, err = run("--config", str(config), "suivi", "--date-du-jour", JOUR, "--json")
    assert code == 1 and len(json.loads(out)["lignes"]) == 12 and "Aucun répertoire" not in err
    monkeypatch.chdir(structure / "archives")
    vide = tmp_path / "vide.yaml"
    vide.write_text("prefecture: '13'\n", encoding="utf-8")
    code, out, err = run("--config", str(vide), "suivi", "--date-du-jour", JOUR)
    assert (
        "Aucun répertoire de dossiers configuré (clé dossiers, lettres config) : lecture du répertoire courant" in err
    )
    assert "2 dossiers au 27/11/2026" in " ".join(out.split())
    config.write_text("rappel_jours: 400\n", encoding="utf-8")
    code, _, err = run("--config", str(config), "suivi")
    assert code == 2 and "rappel_jours doit être un nombre de jours entre 0 et 90" in err


def test_dossier_text_is_shown_never_obeyed(run, tmp_path, monkeypatch):
    hostile = copy.deepcopy(BASE)
    hostile["personne"]["nom"] = "[bold red]X[/] \x1b]0;titre\x07\x1b[2J"
    write_dossier(tmp_path, hostile, "hostile.yaml")
    monkeypatch.setenv("COLUMNS", "120")
    _, out, err = run("suivi", str(tmp_path), "--date-du-jour", JOUR)
    assert "[bold red]X[/]" in out and "\x1b" not in out and "\x07" not in out, err


def test_large_yaml_that_is_no_dossier_is_left_aside(tmp_path):
    from lettres.yamlio import TAILLE_MAX

    write_dossier(tmp_path, copy.deepcopy(CAS["loin.yaml"][0]), "loin.yaml")
    (tmp_path / "export.yaml").write_text("lignes:\n" + "  - x\n" * (TAILLE_MAX // 6 + 10), encoding="utf-8")
    enorme = tmp_path / "enorme.yaml"
    enorme.write_text(
        "personne:\n  nom: X\ndemande:\n  notes: |\n" + "    x\n" * (TAILLE_MAX // 6 + 10), encoding="utf-8"
    )
    suivi = build_suivi([tmp_path], AUJOURD_HUI)
    assert [ligne.fichier.name for ligne in suivi.lignes] == ["loin.yaml"]
    assert [(p.fichier.name, p.message) for p in suivi.problemes] == [
        ("enorme.yaml", "le fichier dépasse 2 Mo : un dossier n'en fait que quelques Ko")
    ]


def test_two_processes_give_the_same_table(structure):
    """A real caseload is shared between two processes (fork): the table does not depend on it."""
    write_broken(structure)
    seul = build_suivi([structure], AUJOURD_HUI, processus=1)
    partage = build_suivi([structure], AUJOURD_HUI, processus=2)
    assert partage == seul and len(seul.lignes) == 12 and len(seul.problemes) == 2


def test_after_an_implicit_rejection_the_appeal_period_comes_first(tmp_path):
    """Titre and API long expired, the implicit rejection arisen: the route is the court, so the row shows the
    end of the appeal period (in 18 days), not the expired API as if a request to the préfecture could fix it."""
    data = copy.deepcopy(BASE)
    data["demande"].update(
        date_depot="2026-06-15",
        titre_actuel_expiration="2026-07-01",
        document_provisoire="api",
        document_provisoire_debut="2026-07-01",
        document_provisoire_fin="2026-09-30",
    )
    path = write_dossier(tmp_path / "d", data)
    (ligne,) = build_suivi([path], AUJOURD_HUI).lignes
    assert "rejet_implicite" in ligne.situations
    assert (ligne.prochaine.genre, ligne.prochaine.jours, ligne.prochaine.etat) == ("fin_recours", 18, "proche")
    assert not ligne.en_retard
    etats = {e.genre: e.etat for e in ligne.echeances}
    assert etats["titre"] == "passee" and etats["document_provisoire"] == "passee"
