"""What to do, said once by the engine (``procedure/actions.py``) and phrased by each door: the terminal gives
the command to type with the dossier's file name quoted, the web a link or a button — and no file below the
doors (``procedure/``, ``dossier/``) writes a command."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI, PNG, write_dossier
from lettres.dossier import load_dossier
from web_outils import new_web, visible_text

# a command of the terminal, or its option naming the documents: the doors' words only
COMMANDE = re.compile(r"lettres (?:generer|config|nouveau|etape|verifier|demo|lot|suivi|web|modeles)\b|--lettres\b")
SRC = Path(__file__).resolve().parents[1] / "lettres"


@pytest.fixture
def exemple(run, tmp_path) -> Path:
    """The demo's example dossier (its step 5, the letter to the préfecture, is missing), copied as
    « Fatou Camara.yaml » next to its pièces: a name with a space, as caseworkers write it."""
    code, _, err = run("demo", "--sortie", str(tmp_path / "demo"))
    assert code == 0, err
    dossier = tmp_path / "dossiers" / "fatou"
    shutil.copytree(tmp_path / "demo" / "exemple-dossier", dossier)
    (dossier / "dossier.yaml").rename(dossier / "Fatou Camara.yaml")
    return dossier / "Fatou Camara.yaml"


def test_verifier_in_the_terminal_gives_the_command_with_the_quoted_file(run, exemple, monkeypatch):
    monkeypatch.chdir(exemple.parent)
    code, out, err = run("verifier", "Fatou Camara.yaml")
    assert code == 0, err
    texte = " ".join(out.split())
    assert "Prochaine action (étape 5) Écrire au service des étrangers de la préfecture" in texte
    assert (
        'Pour préparer le courrier à la préfecture et le bordereau de pièces : lettres generer "Fatou Camara.yaml" '
        "--lettres prefecture,bordereau" in texte
    )


def test_verifier_json_keeps_its_keys_and_adds_the_actions(run, exemple):
    import json

    code, out, err = run("verifier", str(exemple), "--json")
    assert code == 0, err
    prochaine = json.loads(out)["prochaine_action"]
    assert {"etape", "quoi", "avant_le", "court", "contacts"} <= set(prochaine)
    assert prochaine["actions"] == [
        {"quoi": "produire", "documents": ["prefecture", "bordereau"], "section": "", "champ": "", "valeur": ""}
    ]
    assert not COMMANDE.search(out)


def test_the_point_page_shows_a_button_and_no_command(exemple, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(exemple.parent.parent)
    ident = web.guichet.ident(exemple)
    page = web.get(f"/dossier/{ident}/point")
    assert page.status_code == 200
    assert not COMMANDE.search(page.text), COMMANDE.search(page.text)
    prochaine = page.text.split('<h2 id="titre-action">')[1].split("</section>")[0]
    bouton = re.search(rf'<form method="post" action="/dossier/{ident}/documents">(.*?)</form>', prochaine, re.S)
    assert bouton is not None, prochaine
    assert re.findall(r'name="lettres" value="(\w+)"', bouton.group(1)) == ["prefecture", "bordereau"]
    assert "Produire le courrier à la préfecture et le bordereau de pièces" in visible_text(bouton.group(1))
    # the button does what it says: those two documents, and no other
    produit = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["prefecture", "bordereau"]}))
    assert produit.status_code == 200, produit.text[:500]
    sortie = re.search(r"fichiers produits dans le dossier <code>([^<]+)</code>", produit.text)
    assert sortie is not None and AUJOURD_HUI.isoformat() in sortie.group(1)
    fichiers = {p.name for p in (web.guichet.sortie(web.guichet.config()) / sortie.group(1)).iterdir()}
    assert {"2-courrier-prefecture.docx", "bordereau-pieces.docx"} <= fichiers
    assert "1-signalement-dgef.eml" not in fichiers and "3-note-orientation.docx" not in fichiers


def test_a_duplicate_is_removed_by_its_number_in_both_doors(run, tmp_path, data, monkeypatch):
    data["demarches"].append(dict(data["demarches"][1], resultat="ticket n° 99"))
    path = write_dossier(tmp_path / "dossiers" / "doublon", data, "Awa Diallo.yaml")
    monkeypatch.chdir(path.parent)
    _, out, _ = run("verifier", "Awa Diallo.yaml", "--date-du-jour", "27/11/2026")
    assert 'Pour supprimer la démarche n° 4 : lettres etape "Awa Diallo.yaml" --supprimer 4' in " ".join(out.split())
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    ident = web.guichet.ident(path)
    page = web.get(f"/dossier/{ident}/point").text
    assert f'href="/dossier/{ident}/demarches/3/retirer">Retirer la démarche n° 4</a>' in page
    assert not COMMANDE.search(page)
    confirmation = web.get(f"/dossier/{ident}/demarches/3/retirer")
    assert confirmation.status_code == 200 and "ticket n° 99" in visible_text(confirmation.text)
    assert len(load_dossier(path).demarches) == 4, "nothing removed before the confirmation"


def test_an_unknown_demarche_number_says_how_to_list_them(run, tmp_path, data):
    path = write_dossier(tmp_path / "mes dossiers", data)
    code, _, err = run("etape", str(path), "--supprimer", "9")
    assert code == 2
    assert f'Il n\'y a pas de démarche n° 9 dans ce dossier (de 1 à 3) : « lettres etape "{path}" --liste »' in err


@pytest.mark.parametrize("paquet", ["procedure", "dossier"])
def test_no_command_is_written_below_the_doors(paquet):
    """The engine never names a command or its options: the doors do (cli/conseils.py, web/conseils.py)."""
    fichiers = sorted((SRC / paquet).rglob("*.py"))
    assert len(fichiers) > 5
    trouves = [
        f"{f.relative_to(SRC)}:{n}: {ligne.strip()}"
        for f in fichiers
        for n, ligne in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        if COMMANDE.search(ligne) or "DOSSIER.yaml" in ligne
    ]
    assert trouves == []


def test_the_rules_say_what_to_do_without_a_command():
    from lettres.referentiel import charger_referentiel

    regles = charger_referentiel().regles
    assert not [code for code, regle in regles.items() if COMMANDE.search(str(regle.get("quoi_faire", "")))]


def test_every_field_an_action_names_is_on_the_page_the_web_links_to(exemple, tmp_path, monkeypatch):
    """A link to a field lands on it: the page exists and holds the field (the acknowledgement date, the
    pièces ticked, the category…), for every rule whose alert asks to correct a field."""
    from lettres.procedure.actions import Action, Quoi
    from lettres.procedure.regles import ACTIONS_REGLE
    from lettres.web.conseils import link_for

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(exemple.parent.parent)
    ident = web.guichet.ident(exemple)
    actions = [Action(Quoi.ACCUSE_RECEPTION), *(a for a in ACTIONS_REGLE.values() if a.quoi is Quoi.COMPLETER)]
    for action in actions:
        lien = link_for(action, ident)
        assert lien is not None and not lien.bouton
        page, ancre = lien.href.split("#")
        reponse = web.get(page)
        assert reponse.status_code == 200 and f'id="{ancre}"' in reponse.text, (action, lien.href)


def test_an_unknown_appointment_channel_is_added_in_the_settings_in_both_doors(run, tmp_path, data, monkeypatch):
    """Step 4 missing, and no source says how to get an appointment at this préfecture's PAN: once found, the
    structure adds it — with « lettres config » in the terminal, on the Réglages page in the browser."""
    data["demande"]["prefecture"] = "01"
    path = write_dossier(tmp_path / "dossiers" / "ain", data)
    code, out, err = run("verifier", str(path), "--date-du-jour", "27/11/2026")
    assert code == 0, err
    texte = " ".join(out.split())
    assert "Prochaine action (étape 4)" in texte
    assert "À ajouter avec lettres config, menu « Une préfecture »" in texte
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    page = web.get(f"/dossier/{web.guichet.ident(path)}/point").text
    prochaine = page.split('<h2 id="titre-action">')[1].split("</section>")[0]
    assert '<a class="bouton" href="/reglages?prefecture=01#prefecture-01">' in prochaine
    assert not COMMANDE.search(page)
    assert 'id="prefecture-01"' in web.get("/reglages?prefecture=01").text


def test_the_missing_step_opens_the_demarche_form_on_its_type(tmp_path, data, monkeypatch):
    """Step 4 missing: the point links to the démarche form with « Demande de rendez-vous » already chosen."""
    path = write_dossier(tmp_path / "dossiers" / "diallo", data)
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    ident = web.guichet.ident(path)
    prochaine = web.get(f"/dossier/{ident}/point").text.split('<h2 id="titre-action">')[1].split("</section>")[0]
    lien = re.search(r'<a class="bouton" href="([^"]+)">Ajouter une démarche : Demande de rendez-vous', prochaine)
    assert lien is not None, prochaine
    assert lien.group(1) == f"/dossier/{ident}/demarches?type=demande_rdv#titre-ajout"
    formulaire = web.get(lien.group(1).split("#")[0]).text
    assert '<option value="demande_rdv" selected>' in formulaire
    assert formulaire.count(" selected>") == 1
    # an unknown type in the address chooses nothing
    assert '<option value="demande_rdv" selected>' not in web.get(f"/dossier/{ident}/demarches?type=x").text


def test_the_command_given_for_a_missing_piece_attaches_it(run, tmp_path, data, monkeypatch):
    """The advice is a command that works: typed as given (with the file in place of FICHIER), the démarche
    gets its pièce and the alert goes away."""
    data["demarches"][2]["pieces"] = []  # the e-mail to the support, without its copy
    path = write_dossier(tmp_path / "dossier", data, "Awa Diallo.yaml")
    (path.parent / "copie courriel.png").write_bytes(PNG)
    monkeypatch.chdir(path.parent)
    _, out, _ = run("verifier", "Awa Diallo.yaml", "--date-du-jour", "27/11/2026")
    conseil = re.search(r"Pour joindre la pièce : (lettres etape .+? --piece) FICHIER", " ".join(out.split()))
    assert conseil is not None and conseil.group(1) == 'lettres etape "Awa Diallo.yaml" --modifier 3 --piece'
    code, _, err = run("etape", "Awa Diallo.yaml", "--modifier", "3", "--piece", "copie courriel.png")
    assert code == 0, err
    assert load_dossier(path).demarches[2].pieces
    _, out, _ = run("verifier", "Awa Diallo.yaml", "--date-du-jour", "27/11/2026")
    assert "Pour joindre la pièce" not in out


def test_the_acknowledgement_date_is_asked_for_with_its_command_and_its_field(run, tmp_path, data, monkeypatch):
    """Letter 2 sent, its avis de réception not recorded: the terminal gives the command with the real file,
    which works once the date replaces JJ/MM/AAAA; the web links to the field."""
    data["demarches"] += [
        {"date": "2026-10-20", "type": "demande_rdv", "pieces": ["captures/rdv.png"]},
        {"date": "2026-11-20", "type": "courrier_prefecture", "pieces": ["captures/lettre.png"]},
    ]
    path = write_dossier(tmp_path / "dossiers" / "awa", data, "Awa Diallo.yaml")
    monkeypatch.chdir(path.parent)
    _, out, _ = run("verifier", "Awa Diallo.yaml", "--date-du-jour", "27/11/2026")
    texte = " ".join(out.split())
    commande = 'lettres etape "Awa Diallo.yaml" --accuse-reception JJ/MM/AAAA'
    assert f"Pour reporter la date de l'avis de réception : {commande}" in texte
    assert "Pour préparer la note d'orientation et le bordereau de pièces" in texte  # the step after the wait
    code, _, err = run("etape", "Awa Diallo.yaml", "--accuse-reception", "24/11/2026")
    assert code == 0, err
    _, out, _ = run("verifier", "Awa Diallo.yaml", "--date-du-jour", "27/11/2026")
    assert "attendre sa réponse jusqu'au" in " ".join(out.split()) and "--accuse-reception" not in out
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    path = write_dossier(tmp_path / "dossiers" / "awa", data, "Awa Diallo.yaml")  # without the date again
    web = new_web(tmp_path / "dossiers")
    ident = web.guichet.ident(path)
    prochaine = web.get(f"/dossier/{ident}/point").text.split('<h2 id="titre-action">')[1].split("</section>")[0]
    assert (
        f'<a class="bouton" href="/dossier/{ident}/page/envoi#champ-envoi-accuse-reception-le">'
        "Reporter la date de l&#39;avis de réception</a>" in prochaine
    )
    assert not COMMANDE.search(prochaine)
