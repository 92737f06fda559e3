"""Two jurists' reading of the orientation notes and the demo dossiers (rapport A and B of 6 December 2026), on
the text of the generated documents: the consequence of the CE avis n° 494718, the attestation de dépôt, the
person named by civilité, the proof of the démarches, the first demande of a person who cannot create an account,
the categories of an uncertain card, the object line of a note the person writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from aides import documents_demo as documents
from aides import sans_pieces as sans_justificatifs
from aides import texte_docx
from conftest import AUJOURD_HUI
from lettres.demo import situations_demo

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

NOTE = "3-note-orientation.docx"




def note(tmp_path: Path, code: str | None, change: Callable[[dict], None] | None = None) -> str:
    return texte_docx(documents(tmp_path, code, change), NOTE)




# --- the silence on an incomplete demande, and the way left ---------------------------------------------------


def test_the_note_says_a_refusal_to_register_cannot_be_appealed_and_names_the_way_left(tmp_path):
    texte = note(tmp_path, None)
    assert (
        "si la préfecture le tient pour incomplet, son silence vaut refus implicite d'enregistrement, qui ne constitue "
        "pas une décision susceptible de recours (CE, avis, 10 octobre 2024, n° 494718) : la voie est alors le référé "
        "« mesures utiles »." in texte
    )
    assert "son silence vaut refus d'enregistrement" not in texte


def test_a_demande_the_prefecture_holds_incomplete_is_said_the_same_way(tmp_path):
    def incomplet(data: dict) -> None:
        data["demande"]["complet"] = "non"

    texte = note(tmp_path, None, incomplet)
    assert (
        "Demande déposée le 1er septembre 2026, que la préfecture tient pour incomplète ; son silence vaut refus "
        "implicite d'enregistrement, qui ne constitue pas une décision susceptible de recours (CE, avis, 10 octobre "
        "2024, n° 494718) : la voie est alors le référé « mesures utiles »." in texte
    )
    assert "et non décision implicite de rejet (CE" not in texte


# --- A-2 and B-B5: the attestation de dépôt --------------------------------------------------------------------------


@pytest.mark.parametrize("code", [None, "api"])
def test_the_demos_carry_their_attestation_de_depot_in_the_bordereau(tmp_path, code):
    resultat = documents(tmp_path, code)
    bordereau = texte_docx(resultat, "bordereau-pieces.docx")
    assert "Attestation de dépôt de la demande sur l'ANEF" in bordereau
    texte = texte_docx(resultat, NOTE)
    assert "Joindre l'attestation de dépôt ANEF" not in texte


def test_without_its_attestation_de_depot_the_note_asks_for_it_first(tmp_path):
    texte = note(tmp_path, None, sans_justificatifs)
    priorite = texte.split("À traiter en priorité", 1)[1].split("1. Situation", 1)[0]
    assert (
        "Joindre l'attestation de dépôt ANEF du 1er septembre 2026 (ou une autre pièce justifiant de la date de "
        "dépôt) : un recours contre un rejet implicite doit en être accompagné, à peine d'irrecevabilité (article R. 412-1 du code de justice administrative)." in priorite
    )


def test_the_attestation_de_depot_is_asked_for_when_the_rejection_is_near_only(tmp_path):
    def loin(data: dict) -> None:
        sans_justificatifs(data)
        data["demande"]["date_depot"] = "2026-11-20"  # the implicit rejection arises in March 2027

    assert "Joindre l'attestation de dépôt" not in note(tmp_path / "loin", None, loin)

    def benali(data: dict) -> None:
        data["justificatifs"].pop("attestation_depot")

    texte = note(tmp_path / "benali", "api", benali)
    assert "Joindre l'attestation de dépôt ANEF du 10 août 2026 (ou une autre pièce justifiant" in texte


def test_r412_1_is_a_verified_reference():
    from lettres.referentiel import charger_referentiel

    texte = charger_referentiel().textes["r412_1_cja"]
    assert texte.statut == "verifie" and texte.source.startswith("https://")


# --- A-4, B-B4: the person by civilité; the proof a recours relies on ------------------------------------------------


def test_the_note_names_the_person_who_keeps_her_rights(tmp_path):
    texte = note(tmp_path, None)
    assert "Mme DIALLO conserve ses droits sociaux et son droit d'exercer une activité professionnelle" in texte
    assert "la personne conserve" not in texte


def test_the_note_names_a_person_without_civilite_neutrally(tmp_path):
    def sans_civilite(data: dict) -> None:
        data["personne"]["civilite"] = ""

    texte = note(tmp_path, None, sans_civilite)
    assert "Aminata Fatou DIALLO conserve ses droits sociaux" in texte
    assert "la personne conserve" not in texte and " née le" not in texte


def test_a_demarche_without_proof_can_be_relied_on_only_with_its_proof(tmp_path):
    texte = note(tmp_path, "rejet_implicite")
    assert "; un recours ne pourra s'en prévaloir utilement que si la preuve en est jointe." in texte
    assert "en faire état qu'une fois" not in texte


# --- KEITA, who cannot create his account, writes his own note -------------------------------------------


def test_keita_says_he_cannot_create_his_account_not_that_his_demande_is_blocked(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert (
        "je vous expose ma situation : je ne peux pas créer mon compte sur le téléservice ANEF, par lequel je pensais "
        "déposer ma première demande de titre de séjour (carte de séjour temporaire « vie privée et familiale »)."
        in texte
    )
    assert "ma première demande de titre de séjour (carte de séjour temporaire « vie privée et familiale ») est bloquée" not in texte


def test_an_accompanied_person_who_cannot_create_an_account_is_said_so_in_the_third_person(tmp_path):
    def accompagne(data: dict) -> None:
        data["signataire"] = "accompagnant"
        data["personne"]["civilite"] = "madame"
        data["accompagnant"] = {"civilite": "monsieur", "nom": "MARTIN", "prenom": "Paul", "fonction": "travailleur social"}

    texte = note(tmp_path, "diligences_incompletes", accompagne)
    assert (
        "Je vous soumets la situation de Madame Moussa KEITA, que j'accompagne, qui ne peut pas créer son compte sur "
        "le téléservice ANEF, par lequel elle pensait déposer sa première demande" in texte
    )


def test_keita_note_names_the_card_once_with_its_grounds(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert (
        "Voie de dépôt à vérifier : selon son fondement (liens personnels et familiaux, état de santé, autres situations), la carte de séjour "
        "temporaire « vie privée et familiale » ne se demande sur le téléservice ANEF que dans certains cas" in texte
    )
    assert "selon le cas, carte de séjour temporaire" not in texte


def test_the_object_line_of_a_note_the_person_writes_has_no_civilite(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert "Objet : Note d'orientation — Moussa KEITA — " in texte
    assert "Monsieur Moussa KEITA" not in texte
    # written by someone else, the person is named with her civilité
    assert "Objet : Note d'orientation — Madame Aminata Fatou DIALLO — " in note(tmp_path / "diallo", None)


# --- item 5: the ABEBE demo -------------------------------------------------------------------------------


def test_abebe_documents_assert_no_deadline_the_promesse_does_not_show(tmp_path):
    resultat = documents(tmp_path, "depot_impossible")
    for nom in (NOTE, "2-courrier-prefecture.docx"):
        texte = texte_docx(resultat, nom)
        assert "attend le dépôt de la demande pour fixer la date d'embauche" in texte, nom
        assert "l'embauche est subordonnée à ce dépôt" not in texte, nom
        assert "date limite" not in texte, nom


def test_abebe_appointment_request_is_labelled_as_its_capture_shows_without_an_unconfirmed_number(tmp_path):
    resultat = documents(tmp_path, "depot_impossible")
    texte = texte_docx(resultat, NOTE)
    assert "Demande en ligne au point d'accueil numérique de Nice — Résultat : aucun créneau" in texte
    assert "Rendez-vous au point d'accueil numérique de Nice" not in texte
    for fichier in resultat.dossier.rglob("*"):
        if fichier.suffix in (".docx", ".eml", ".txt"):
            contenu = texte_docx(resultat, fichier.name) if fichier.suffix == ".docx" else fichier.read_text()
            assert "72 20 21" not in contenu, fichier.name


def test_no_data_or_demo_holds_the_unconfirmed_nice_number():
    from lettres.demo import demo_folder
    from lettres.referentiel import charger_referentiel

    assert charger_referentiel().prefectures["06"].rdv_blocage.telephone == ""
    racine = demo_folder().parent
    for fichier in [*(racine / "referentiel" / "donnees").glob("*.yaml"), *demo_folder().rglob("*.yaml")]:
        assert "72 20 21" not in fichier.read_text(encoding="utf-8"), fichier.name


def test_abebe_proves_step_4_by_attempts_on_several_days_over_a_week():
    from lettres.demo import charger_exemple
    from lettres.procedure.etapes import etat_etapes

    dossier = charger_exemple("depot_impossible", AUJOURD_HUI)
    rdv = [d for d in dossier.demarches if d.type == "demande_rdv"]
    assert len({d.date for d in rdv}) >= 3 and all(d.pieces for d in rdv)
    assert (max(d.date for d in rdv) - min(d.date for d in rdv)).days >= 7
    etape4 = next(e for e in etat_etapes(dossier) if e.etape.numero == 4)
    assert etape4.prouvee


# --- B-C6: the demo's calls, letters and appointments fall on working days, whatever today is -------------------------

# today as the tests pin it, and days spread over two years (every day of the week, Christmas, Easter, 1 May)
JOURS_DEMO = (
    AUJOURD_HUI,
    *(AUJOURD_HUI + timedelta(days=n * 17) for n in range(-21, 22) if n),
    date(2026, 12, 28),
    date(2027, 4, 2),
    date(2027, 5, 3),
    date(2027, 11, 12),
)


def test_french_public_holidays():
    from lettres.demo.ouvres import feries, ouvre, ouvre_precedent, paques

    assert [paques(a) for a in (2025, 2026, 2027)] == [date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28)]
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 11, 1), date(2026, 11, 11)} <= feries(
        2026
    )
    assert len(feries(2027)) == 11
    assert not ouvre(date(2026, 11, 1)) and not ouvre(date(2026, 11, 14)) and ouvre(date(2026, 11, 13))
    assert ouvre_precedent(date(2026, 11, 1)) == date(2026, 10, 30)  # Sunday, All Saints' Day
    assert ouvre_precedent(date(2026, 12, 27)) == date(2026, 12, 24)  # Sunday, after Christmas
    assert ouvre_precedent(date(2027, 5, 17)) == date(2027, 5, 14)  # Whit Monday
    assert ouvre_precedent(date(2026, 11, 12)) == date(2026, 11, 12)


@pytest.mark.parametrize("code", [None, *situations_demo()], ids=lambda c: c or "principal")
def test_each_demo_keeps_its_situation_and_its_working_days_whatever_today_is(code):
    from lettres.demo import OUVRES, charger_exemple
    from lettres.demo.ouvres import ouvre
    from lettres.procedure.verification import verify

    def etat(jour: date):
        dossier = charger_exemple(code, jour)
        v = verify(dossier, jour)
        refere = (v.refere.possible, bool(v.refere.voie)) if v.refere else None
        return dossier, (v.situation.codes, refere, [e.prouvee for e in v.etapes])

    _, attendu = etat(AUJOURD_HUI)
    for jour in JOURS_DEMO:
        dossier, obtenu = etat(jour)
        assert obtenu == attendu, (code, jour)
        for d in dossier.demarches:
            if d.type in OUVRES:
                assert ouvre(d.date), (code, jour, d.type, d.date)
        for envoi in (dossier.envoi.envoye_le, dossier.envoi.accuse_reception_le):
            assert envoi is None or ouvre(envoi), (code, jour, envoi)
        rdv = sorted(d.date for d in dossier.demarches if d.type == "demande_rdv")
        if code == "depot_impossible":  # its attempts stay more than a week apart, whatever today is
            assert (rdv[-1] - rdv[0]).days >= 7 and rdv[0].isocalendar()[:2] != rdv[-1].isocalendar()[:2], jour


# --- B-D: the notes' style; the urgency presumption sourced ----------------------------------------------------------


def test_a_prefecture_demarche_without_answer_is_said_without_a_second_colon(tmp_path):
    texte = note(tmp_path, "api")
    assert (
        "Une démarche a déjà été effectuée auprès de la préfecture : demande de rendez-vous « blocage ANEF » du "
        "9 novembre 2026, restée sans réponse." in texte
    )
    assert "« blocage ANEF » du 9 novembre 2026 : sans réponse. Un courrier" not in texte
    diallo = note(tmp_path / "diallo", None)
    assert "deux demandes de rendez-vous « blocage ANEF » des 7 et 15 octobre 2026 (aucun créneau disponible)" in diallo


def test_an_unanswered_demarche_names_its_label_once(tmp_path):
    texte = note(tmp_path, "api")
    assert "– Formulaire de contact ANEF (« Nous contacter ») du 3 novembre 2026 (demande de l'attestation) : sans" in texte
    assert "(Demande de l'attestation par le formulaire « Nous contacter »)" not in texte
    abebe = note(tmp_path / "abebe", "depot_impossible")
    assert "– Courriel au support ANEF de la DGEF du 14 octobre 2026 (signalement détaillé) : sans réponse." in abebe
    assert "(Signalement détaillé au support ANEF de la DGEF)" not in abebe


def test_the_note_submits_the_situation(tmp_path):
    texte = note(tmp_path, "rejet_implicite")
    assert "Je vous soumets la situation de Madame Fatima OUALI, que j'accompagne : sa demande" in texte
    assert "Je vous adresse" not in texte


def test_the_urgency_presumption_is_sourced(tmp_path):
    benali = note(tmp_path / "benali", "api")
    assert (
        "Urgence : il s'agit d'un renouvellement de titre de séjour ; l'urgence est en principe présumée (CE, 9 juin "
        "2022, n° 453391)." in benali
    )
    ouali = note(tmp_path / "ouali", "rejet_implicite")
    assert (
        "Urgence : il s'agit d'un renouvellement de titre de séjour ; contre le refus de le renouveler, même "
        "implicite, la condition d'urgence doit en principe être regardée comme satisfaite (CE, 6 mars 2025, "
        "n° 498497, à propos d'une autorisation provisoire de séjour)." in ouali
    )
    assert "l'urgence est en principe présumée." not in benali + ouali
    abebe = note(tmp_path / "abebe", "depot_impossible")
    assert "Urgence : il ne s'agit pas d'un renouvellement ; l'urgence n'est pas présumée" in abebe
    assert "453391" not in abebe and "498497" not in abebe


def test_the_decisions_cited_for_urgency_are_verified_with_their_source():
    from lettres.referentiel import charger_referentiel

    textes = charger_referentiel().textes
    assert textes["ce_2022_453391"].statut == "verifie"
    arret = textes["ce_2025_498497"]
    assert arret.statut == "verifie"
    assert arret.source == "http://conseil-etat.fr/fr/arianeweb/CE/analyse/2025-03-06/498497"
    assert "autorisation provisoire de séjour" in arret.intitule


# --- steps done but not proven -----------------------------------------------------------------------------------


def test_steps_done_without_any_piece_are_said_unproven_not_incomplete(tmp_path):
    texte = note(tmp_path, None, sans_justificatifs)
    assert "Stade de la procédure : démarches préalables faites mais non prouvées (aucune pièce)" in texte
    assert "démarches préalables incomplètes" not in texte


def test_steps_missing_are_still_said_incomplete(tmp_path):
    # KEITA writes his own note, without a « Stade » line; the same dossier written by a caseworker has it
    def accompagne(data: dict) -> None:
        data["signataire"] = "accompagnant"
        data["accompagnant"] = {"civilite": "monsieur", "nom": "MARTIN", "prenom": "Paul", "fonction": "travailleur social"}

    texte = note(tmp_path / "accompagne", "diligences_incompletes", accompagne)
    assert "Stade de la procédure : démarches préalables incomplètes (étapes 1 à 4 de la fiche)" in texte
    assert "faites mais non prouvées" not in texte


# --- from when the référé may be filed, in the note's request -------------------------------------------------


def test_the_request_says_from_when_the_refere_may_be_filed_after_a_letter_written_today(tmp_path):
    demande = note(tmp_path, None).split("7. Ce qui est demandé", 1)[1].split("8. Coordonnées", 1)[0]
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse dans les quinze jours de sa réception, et "
        "en tout état de cause avant le 15 décembre 2026. Le référé « mesures utiles », recevable même en l'absence "
        "de décision administrative préalable (article L. 521-3 du code de justice administrative), peut être "
        "introduit dès que ce délai expire sans réponse, ou plus tôt si l'expiration du titre de séjour le 15 "
        "décembre 2026 l'exige, et avant le 1er janvier 2027, date à laquelle une décision implicite de rejet est "
        "susceptible de naître." in demande
    )


def test_the_request_warns_when_the_rejection_may_come_first(tmp_path):
    demande = note(tmp_path, "api").split("7. Ce qui est demandé", 1)[1]
    assert (
        "lui demande une réponse avant le 10 décembre 2026, date à laquelle une décision implicite de rejet est "
        "susceptible de naître : sans réponse rapide, le référé « mesures utiles » devra être introduit avant cette "
        "date (voir « À traiter en priorité »)." in demande
    )


def test_the_request_counts_from_a_logged_letter_and_not_when_steps_are_missing(tmp_path):
    def lettre_envoyee(data: dict) -> None:
        data["demarches"].append(
            {"type": "courrier_prefecture", "date": "2026-11-20", "detail": "", "resultat": "", "pieces": []}
        )
        data["envoi"].update(envoye_le="2026-11-20", accuse_reception_le="2026-11-23")

    demande = note(tmp_path, "depot_impossible", lettre_envoyee).split("7. Ce qui est demandé", 1)[1]
    assert (
        "Le courrier à la préfecture du 20 novembre 2026 lui laisse quinze jours à compter de sa réception le 23 "
        "novembre 2026, soit jusqu'au 8 décembre 2026. Le référé « mesures utiles », recevable même en l'absence de "
        "décision administrative préalable, peut être introduit dès que ce délai expire sans réponse." in demande
    )
    keita = note(tmp_path / "keita", "diligences_incompletes").split("7. Ce qui est demandé", 1)[1]
    assert "peut être introduit" not in keita and "pourra être introduit" not in keita
