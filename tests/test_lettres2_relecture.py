"""A jurist's second reading of the six demos (issue 20, « lettres2 »): each correction tested on the text a user
reads — the letter to the préfecture, the DGEF message, the note, the bordereau — and on what ``verifier`` says."""

from __future__ import annotations

import copy

import pytest

from aides import corps_eml, message_eml, produire, texte_docx
from conftest import AUJOURD_HUI, BASE
from docx_texte import docx_text
from lettres.dossier import validate_dossier
from lettres.procedure.verification import verify

pytestmark = pytest.mark.usefixtures("sans_libreoffice")


def alertes(data) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for a in verify(validate_dossier(data), AUJOURD_HUI).alertes:
        found.setdefault(a.regle, []).append(a.message)
    return found


def premiere(titre: str, categorie: str = "") -> dict:
    """A first demande that could not be filed (the ANEF account cannot be created), steps 1 and 2 only."""
    data = copy.deepcopy(BASE)
    data["personne"].update(civilite="monsieur", prenoms="Moussa", nom="KEITA", numero_etranger="")
    data["demande"].update(
        nature="premiere_demande", titre=titre, categorie=categorie, date_depot="", titre_actuel_expiration=""
    )
    data["blocage"].update(types=["compte_creation"], message_erreur="Impossible de créer votre compte")
    data["demarches"] = data["demarches"][:1]
    return data


# --- 1. a titre only partly on the ANEF: asked, not assumed ---------------------------------------------------------


def test_a_titre_partly_on_the_anef_is_asked_about_not_assumed(tmp_path):
    data = premiere("carte de séjour temporaire « vie privée et familiale »")
    lettre = texte_docx(produire(tmp_path, data, ("prefecture",)), "2-courrier-prefecture.docx")
    assert "Elle n'a pas pu être déposée." in lettre
    assert "déposée sur le téléservice ANEF" not in lettre
    assert (
        "Seules les demandes de titres de séjour figurant sur une liste fixée par arrêté se font au moyen du "
        "téléservice (article R. 431-2 du CESEDA) ; les autres se déposent à la préfecture ou à la sous-préfecture "
        "(article R. 431-3 du CESEDA). Ce qui suit vaut si ma demande relève du téléservice." in lettre
    )
    assert (
        "– m'indiquer si ma demande relève du téléservice ANEF (article R. 431-2 du CESEDA) ou d'un dépôt à la "
        "préfecture (article R. 431-3 du CESEDA) et, dans ce dernier cas, selon quelles modalités la déposer ; – si "
        "elle en relève, me recevoir au point d'accueil numérique de la préfecture" in lettre
    )
    (alerte,) = alertes(data)["titre_anef_incertain"]
    assert alerte.startswith("« carte de séjour temporaire « vie privée et familiale » » peut désigner CST 1 ou CST 2")


def test_the_note_tells_the_jurist_the_way_of_filing_is_open(tmp_path):
    data = premiere("carte de séjour temporaire « vie privée et familiale »")
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert (
        "– Voie de dépôt à vérifier : selon son fondement (liens personnels et familiaux, état de santé, autres situations), la carte de "
        "séjour temporaire « vie privée et familiale » ne se demande sur le téléservice ANEF que dans certains cas (article R. 431-2 du CESEDA) ; hors de ces cas, la demande se dépose à la préfecture "
        "(article R. 431-3 du CESEDA)." in note
    )
    data["demande"]["categorie"] = "CSP 1.1"
    note = texte_docx(produire(tmp_path / "anef", data, ("orientation",)), "3-note-orientation.docx")
    assert "Voie de dépôt à vérifier" not in note


def test_a_titre_surely_on_the_anef_is_written_as_such(tmp_path):
    data = premiere("carte de séjour pluriannuelle « talent – salarié qualifié »", "CSP 1.1")
    lettre = texte_docx(produire(tmp_path, data, ("prefecture",)), "2-courrier-prefecture.docx")
    assert "Elle n'a pas pu être déposée sur le téléservice ANEF." in lettre
    assert "Ce qui suit vaut si" not in lettre and "relève du téléservice" not in lettre
    assert "titre_anef_incertain" not in alertes(data)


# --- 2. a missing attestation is dated from the day it became due --------------------------------------------------


def sans_api(depuis: str) -> dict:
    data = copy.deepcopy(BASE)
    data["demande"].update(date_depot="2026-08-10", titre_actuel_expiration="2026-10-29")
    data["blocage"].update(types=["pas_api"], depuis=depuis, message_erreur="")
    return data


def test_a_blocking_dated_before_the_titre_expires_is_dated_from_the_expiry(tmp_path):
    data = sans_api("2026-10-14")
    r = produire(tmp_path, data, ("prefecture", "orientation", "dgef"))
    for texte in (texte_docx(r, "2-courrier-prefecture.docx"), texte_docx(r, "3-note-orientation.docx")):
        assert (
            "Depuis l'expiration du titre, le 29 octobre 2026, aucune attestation de prolongation de l'instruction "
            "n'est disponible dans" in texte
        )
        assert "14 octobre 2026" not in texte
    assert "Constaté depuis l'expiration du titre, le 29 octobre 2026" in corps_eml(r, "1-signalement-dgef.eml")
    (alerte,) = alertes(data)["blocage_avant_echeance"]
    assert alerte.startswith("Le blocage est daté du 14/10/2026, avant l'expiration du titre le 29/10/2026")


def test_a_blocking_dated_after_the_expiry_keeps_its_date(tmp_path):
    data = sans_api("2026-11-02")
    lettre = texte_docx(produire(tmp_path, data, ("prefecture",)), "2-courrier-prefecture.docx")
    assert "Depuis le 2 novembre 2026, aucune attestation de prolongation de l'instruction" in lettre
    assert "blocage_avant_echeance" not in alertes(data)


def test_an_expired_attestation_is_dated_from_its_own_end(tmp_path):
    data = sans_api("2026-10-01")
    data["blocage"]["types"] = ["api_expiree"]
    data["demande"].update(
        document_provisoire="api", document_provisoire_debut="2026-10-29", document_provisoire_fin="2026-11-20"
    )
    lettre = texte_docx(produire(tmp_path, data, ("prefecture",)), "2-courrier-prefecture.docx")
    assert (
        "L'attestation de prolongation de l'instruction a expiré le 20 novembre 2026 et n'a pas été renouvelée dans "
        "mon espace ANEF." in lettre
    )
    assert "Depuis l'expiration de l'attestation, le 20 novembre 2026, l'attestation" not in lettre


# --- 3. the pièce to transmit: cited by its number, never « jointe » when not in the bordereau ----------------------


def refusee(avec_fichier: bool) -> dict:
    data = copy.deepcopy(BASE)
    data["blocage"].update(
        types=["televersement"], piece_refusee="attestation de l'employeur", piece_refusee_depuis="2026-09-20"
    )
    data["justificatifs"] = {"titre_sejour": ["pieces/titre.png"]}
    if avec_fichier:
        data["justificatifs"]["piece_a_transmettre"] = ["pieces/attestation.png"]
    return data


def test_the_enclosed_piece_is_cited_by_its_bordereau_number(tmp_path):
    r = produire(tmp_path, refusee(True), ("prefecture", "bordereau"))
    lettre = texte_docx(r, "2-courrier-prefecture.docx")
    assert (
        "prendre en compte la pièce que le téléservice refuse (attestation de l'employeur), jointe au présent "
        "courrier (pièce n° 2), et l'ajouter à ma demande" in lettre
    )
    # the bordereau's number 2 is that very pièce (the titre comes first)
    assert "2 Attestation de l'employeur 02_piece-a-transmettre.png" in texte_docx(r, "bordereau-pieces.docx")


def test_a_piece_not_in_the_bordereau_is_never_said_enclosed(tmp_path):
    lettre = texte_docx(produire(tmp_path, refusee(False), ("prefecture",)), "2-courrier-prefecture.docx")
    assert "jointe" not in lettre
    assert "accepter que la pièce que le téléservice refuse (attestation de l'employeur) vous soit transmise" in lettre


# --- 4. an identity pièce in the préfecture letter's bordereau --------------------------------------------------------


def test_without_any_identity_piece_verifier_warns(tmp_path):
    data = copy.deepcopy(BASE)
    (alerte,) = alertes(data)["piece_identite"]
    assert alerte.startswith("Aucune copie du passeport, du titre de séjour ni du document provisoire")
    data["justificatifs"] = {"passeport": ["pieces/passeport.png"]}
    assert "piece_identite" not in alertes(data)
    bordereau = texte_docx(produire(tmp_path, data, ("prefecture", "bordereau")), "bordereau-pieces.docx")
    assert "1 Passeport 01_passeport.png" in bordereau


@pytest.mark.parametrize(("situation", "nom"), [("diligences_incompletes", "KEITA"), ("depot_impossible", "ABEBE")])
def test_the_demos_bordereaux_carry_the_passport(tmp_path, run, situation, nom):
    code, _, err = run("demo", "--situation", situation, "--sortie", str(tmp_path))
    assert code == 0, err
    (dossier,) = tmp_path.glob(f"*_{nom}_*")
    bordereau = " ".join(docx_text((dossier / "bordereau-pieces.docx").read_bytes()).split())
    assert "1 Passeport 01_passeport.png" in bordereau


# --- 5. a missing attestation is not called a malfunction -----------------------------------------------------------


def test_the_dgef_message_says_what_is_proven_of_a_missing_attestation(tmp_path):
    data = sans_api("2026-11-02")
    data["blocage"]["types"] = ["api_expiree", "instruction_bloquee"]
    data["demande"].update(
        date_depot="2026-08-10", document_provisoire="api", document_provisoire_debut="2026-08-10",
        document_provisoire_fin="2026-10-31",
    )  # no implicit rejection yet (test_relecture_juriste5: once it is born, the préfet has decided)
    r = produire(tmp_path, data, ("dgef", "orientation"))
    dgef = corps_eml(r, "1-signalement-dgef.eml")
    assert (
        "Je vous signale que l'attestation de prolongation de l'instruction de ma demande de renouvellement de titre "
        "de séjour (carte de séjour pluriannuelle « salarié »), qui a expiré le 31 octobre 2026, n'a pas été "
        "renouvelée sur le téléservice ANEF (Administration numérique pour les étrangers en France), alors que, "
        "lorsque l'instruction d'une demande complète, déposée dans les délais, se poursuit au-delà de l'expiration "
        "du titre, le préfet est tenu de la mettre à disposition au moyen de ce téléservice et de la renouveler tant "
        "qu'il n'a pas statué (article R. 431-15-1 du CESEDA)." in dgef
    )
    assert "dysfonctionnement" not in dgef
    objet = str(message_eml(r, "1-signalement-dgef.eml")["Subject"])
    assert objet.startswith("Signalement ANEF — attestation de prolongation de l'instruction non renouvelée")
    assert "dysfonctionnement" not in texte_docx(r, "3-note-orientation.docx")


def test_the_note_says_the_attestation_is_missing_not_that_the_teleservice_fails(tmp_path):
    note = texte_docx(produire(tmp_path, sans_api("2026-11-02"), ("orientation",)), "3-note-orientation.docx")
    assert (
        "Je vous soumets la situation de Madame Aminata Fatou DIALLO, que j'accompagne, dont la demande de "
        "renouvellement de titre de "
        "séjour (carte de séjour pluriannuelle « salarié ») reste sans attestation de prolongation de l'instruction "
        "sur le téléservice ANEF" in note
    )
    assert "dysfonctionnement" not in note
    assert "Objet : Note d'orientation — Madame Aminata Fatou DIALLO — demande de renouvellement de titre de séjour" in note
    r = produire(tmp_path / "courriel", sans_api("2026-11-02"), ("orientation",))
    assert str(message_eml(r, "3-note-orientation.eml")["Subject"]) == (
        "Note d'orientation — Aminata Fatou DIALLO — attestation de prolongation de l'instruction non disponible "
        "(renouvellement)"
    )


def test_a_technical_error_is_still_reported_as_a_malfunction(tmp_path):
    dgef = corps_eml(produire(tmp_path, copy.deepcopy(BASE), ("dgef",)), "1-signalement-dgef.eml")
    assert "Je vous signale un dysfonctionnement du téléservice ANEF" in dgef


def test_before_a_decision_the_support_is_asked_to_check_not_told_of_an_anomaly(tmp_path):
    data = sans_api("2026-11-02")
    dgef = corps_eml(produire(tmp_path, data, ("dgef",)), "1-signalement-dgef.eml")
    assert (
        "Je vous demande de bien vouloir vérifier si une anomalie du téléservice empêche la mise à disposition de "
        "l'attestation de prolongation de l'instruction et, le cas échéant, la corriger" in dgef
    )
    assert "corriger l'anomalie qui empêche" not in dgef


# --- 6. a note to a delegate of the Défenseur des droits has an address -------------------------------------------


def ddd(courriel: str = "") -> dict:
    data = copy.deepcopy(BASE)
    data["demarches"].append(
        {"type": "courrier_prefecture", "date": "2026-11-02", "resultat": "sans réponse", "pieces": ["c.png"]}
    )
    data["orientation"] = {"vers": "delegue_ddd", "nom": "", "structure": "Défenseur des droits", "courriel": courriel}
    return data


def test_a_note_to_a_delegate_without_address_goes_to_the_national_one(tmp_path):
    note = texte_docx(produire(tmp_path, ddd(), ("orientation",)), "3-note-orientation.docx")
    assert (
        "À l'attention d'un délégué ou d'une déléguée Défenseur des droits Libre réponse 71120 75342 Paris Cedex 07"
        in note
    )
    assert (
        "Faute de coordonnées d'un délégué ou d'une déléguée, cette note est adressée au siège du Défenseur des "
        "droits ; les délégués et déléguées territoriaux, qui tiennent des permanences locales, sont répertoriés "
        "sur le site defenseurdesdroits.fr." in note
    )


def test_a_note_to_a_delegate_with_an_address_keeps_it(tmp_path):
    note = texte_docx(produire(tmp_path, ddd("delegue@exemple.org"), ("orientation",)), "3-note-orientation.docx")
    assert "delegue@exemple.org" in note
    assert "Libre réponse 71120" not in note and "Faute de coordonnées" not in note


def test_the_national_address_is_verified_and_sourced():
    from lettres.referentiel import charger_referentiel

    contact = charger_referentiel().contacts["defenseur_droits_courrier"]
    assert contact.statut == "verifie"
    assert "https://" in contact.source and "Libre réponse 71120" in contact.source


# --- the web review says the same, from the same door-neutral rules ------------------------------------------------


def test_the_web_point_shows_the_new_warnings(tmp_path, monkeypatch):
    from conftest import write_dossier
    from web_outils import new_web, visible_text

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    data = sans_api("2026-10-14")
    path = write_dossier(web.racine / "diallo", data)
    text = visible_text(web.get(f"/dossier/{web.guichet.ident(path)}/point").text)
    assert "Le blocage est daté du 14/10/2026, avant l'expiration du titre le 29/10/2026" in text
    assert "Aucune copie du passeport, du titre de séjour ni du document provisoire" in text
    data = premiere("carte de séjour temporaire « vie privée et familiale »")
    path = write_dossier(web.racine / "keita", data)
    text = visible_text(web.get(f"/dossier/{web.guichet.ident(path)}/point").text)
    assert "peut désigner CST 1 ou CST 2" in text
