"""The law as of December 2026: implicit-rejection delays by titre category (R. 432-2), the renewal window
(R. 431-5), the appeal period stated prudently, the request for reasons (L. 232-4 CRPA), L. 433-3, the most
pressing date first, agreements (Algeria, Morocco, Tunisia) and dated values — read as a user reads them: the
dates ``verifier`` gives, the next action, and the text of the letters."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from conftest import AUJOURD_HUI, BASE, write_dossier
from docx_texte import docx_text
from lettres.documents.generation import generate
from lettres.dossier import load_dossier, validate_dossier
from lettres.dossier.titre import liste_pieces
from lettres.procedure.resume import deadline_lines
from lettres.procedure.verification import as_json, verify
from lettres.referentiel import charger_referentiel


def dossier(**demande) -> dict:
    data = copy.deepcopy(BASE)
    data["demande"].update(demande)
    return data


def verified(data: dict):
    return verify(validate_dossier(data), AUJOURD_HUI)


def lines(data: dict) -> str:
    v = verified(data)
    return "\n".join(deadline_lines(v.situation, v.dossier.demande.date_depot))


def letter(tmp_path, data: dict, name: str = "2-courrier-prefecture.docx") -> str:
    path = write_dossier(tmp_path / "dossier", data)
    resultat = generate(load_dossier(path), path.parent, tmp_path / "sorties", None, aujourd_hui=AUJOURD_HUI)
    return docx_text((resultat.dossier / name).read_bytes())


# -- the delay by category -----------------------------------------------------------------------------------


def test_a_students_implicit_rejection_arises_at_90_days():
    data = dossier(
        categorie="CSP 5",
        titre="carte de séjour pluriannuelle « étudiant »",
        date_depot="2026-09-20",
        titre_actuel_expiration="2027-01-10",
    )
    v = verified(data)
    assert v.echeances.rejet_implicite == date(2026, 12, 19)
    assert "dépôt du 20 septembre 2026 + 90 jours, art. R. 432-2 et R. 422-5 du CESEDA" in lines(data)
    # 22 days away: it is the most pressing date, and it changes the next action
    assert lines(data).startswith("Échéance la plus proche : la décision implicite de rejet, le 19 décembre 2026")
    assert v.prochaine.quoi.startswith("Agir avant le 19 décembre 2026")


def test_a_talent_chercheur_waits_60_days_and_the_secondary_source_is_said():
    data = dossier(categorie="CSP 1.4", titre="talent chercheur", date_depot="2026-10-20")
    v = verified(data)
    assert v.echeances.rejet_implicite == date(2026, 12, 19)
    (alerte,) = [a for a in v.alertes if a.regle == "delai_a_verifier"]
    assert "60 jours" in alerte.message and "R. 421-26" in alerte.message and "source secondaire" in alerte.message


def test_a_blue_card_of_another_state_gives_30_days_and_is_asked_otherwise():
    avec = dossier(categorie="CSP 1.2", titre="carte bleue", date_depot="2026-11-10", carte_bleue_autre_etat=True)
    assert verified(avec).echeances.rejet_implicite == date(2026, 12, 10)
    sans = dossier(categorie="CSP 1.2", titre="carte bleue", date_depot="2026-11-10")
    v = verified(sans)
    assert v.echeances.rejet_implicite == date(2027, 2, 8)
    (alerte,) = [a for a in v.alertes if a.regle == "delai_a_verifier"]
    assert "30 jours pour le ou la titulaire d'une carte bleue européenne délivrée par un autre État" in alerte.message


def test_the_general_delay_stays_four_months():
    v = verified(dossier(categorie="CST 8", titre="visiteur", date_depot="2026-09-20"))
    assert v.echeances.rejet_implicite == date(2027, 1, 20)
    assert v.echeances.delai_rejet is not None and v.echeances.delai_rejet.references == (
        "art. R. 432-1 et R. 432-2 du CESEDA"
    )
    assert as_json(v)["echeances"]["delai_rejet"]["duree"] == "quatre mois"


# -- the renewal window --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depot", "etat", "alerte"),
    [("2026-10-30", "tardif", True), ("2026-07-20", "anticipe", True), ("2026-09-20", "dans_les_delais", False)],
)
def test_the_renewal_window_of_r431_5(depot, etat, alerte):
    v = verified(dossier(date_depot=depot, titre_actuel_expiration="2026-12-15"))
    assert v.echeances.fenetre is not None and v.echeances.fenetre.etat == etat
    assert v.echeances.fenetre.debut == date(2026, 8, 17) and v.echeances.fenetre.fin == date(2026, 10, 16)
    assert any(a.regle == "depot_hors_fenetre" for a in v.alertes) is alerte


def test_the_api_letter_says_filed_in_time_only_when_it_was(tmp_path):
    data = dossier(date_depot="2026-09-20", titre_actuel_expiration="2027-01-05")
    data["blocage"]["types"] = ["pas_api"]
    dans = letter(tmp_path / "a", data)
    assert (
        "La demande de renouvellement a été déposée le 20 septembre 2026, dans la période prévue à l'article "
        "R. 431-5 du CESEDA (du 7 septembre 2026 au 6 novembre 2026)." in dans
    )
    data["demande"]["date_depot"] = "2026-11-20"
    tard = letter(tmp_path / "b", data)
    assert "R. 431-5" not in tard


# -- the appeal, stated prudently, and the reasons --------------------------------------------------------------


def test_the_appeal_date_is_prudent_with_its_reserve_and_one_year_limit():
    data = dossier(date_depot="2026-06-01", complet="oui", titre_actuel_expiration="2026-07-01")
    v = verified(data)
    assert v.echeances.rejet_implicite == date(2026, 10, 1) and v.echeances.fin_recours == date(2026, 12, 1)
    texte = lines(data)
    assert "Recours au plus tard le 1er décembre 2026 (deux mois, date prudente" in texte
    assert "articles L. 112-3, L. 112-6 et R. 112-5 du CRPA" in texte
    assert "sinon, au plus tard le 1er octobre 2027 (un an, CE, Section, 18 mars 2019, n° 417270)" in texte
    # the reasons can still be asked for, within the appeal period
    (motifs,) = [a for a in v.alertes if a.regle == "motifs"]
    assert "jusqu'au 1er décembre 2026" in motifs.message and "L. 232-4" in motifs.source


def test_a_request_for_reasons_moves_the_appeal_period():
    data = dossier(date_depot="2026-06-01", complet="oui", titre_actuel_expiration="2026-07-01")
    data["recours"] = {"motifs_demandes_le": "2026-11-15"}
    v = verified(data)
    assert v.echeances.fin_recours == date(2027, 11, 15)  # no answer: one year from the request at most
    assert v.echeances.motifs_reponse_due == date(2026, 12, 15)
    assert not any(a.regle == "motifs" for a in v.alertes)
    data["recours"]["motifs_communiques_le"] = "2026-11-25"
    assert verified(data).echeances.fin_recours == date(2027, 1, 25)


# -- the most pressing date first ------------------------------------------------------------------------------


def test_a_rejection_in_four_days_overrides_the_next_action_and_the_reply_date(tmp_path):
    data = dossier(date_depot="2026-08-01", titre_actuel_expiration="2026-12-15")
    v = verified(data)
    assert v.echeances.rejet_implicite == date(2026, 12, 1)
    assert v.prochaine.quoi.startswith("Agir avant le 1er décembre 2026 : la décision implicite de rejet naîtra")
    assert v.prochaine.avant_le == date(2026, 12, 1)
    datees = [a.regle for a in v.alertes if a.regle in ("rejet_proche", "reponse_avant_echeance")]
    assert datees[0] == "rejet_proche"
    courrier = letter(tmp_path, data)
    assert (
        "répondre par écrit avant le 1er décembre 2026, date à laquelle une décision implicite de rejet est "
        "susceptible de naître (articles R. 432-1 et R. 432-2 du CESEDA)" in courrier.replace("me répondre", "répondre")
    )
    assert "À défaut de réponse rapide, je me réserve la possibilité de saisir le tribunal administratif de Marseille." in (
        courrier
    )
    assert "dans un délai de" not in courrier


def test_no_reply_date_after_the_titre_expires(tmp_path):
    data = dossier(date_depot="2026-10-01", titre_actuel_expiration="2026-12-06")
    courrier = letter(tmp_path, data)
    assert "avant le 6 décembre 2026, date à laquelle mon titre de séjour expire" in courrier
    assert "dans un délai de" not in courrier


# -- agreements ------------------------------------------------------------------------------------------------


def test_an_algerian_renewal_names_the_certificat(tmp_path):
    data = dossier(categorie="CST 1", titre="carte de séjour temporaire « vie privée et familiale »")
    data["personne"]["nationalite"] = "algérienne"
    v = verified(data)
    (alerte,) = [a for a in v.alertes if a.regle == "accord_bilateral"]
    assert "accord franco-algérien du 27 décembre 1968" in alerte.message
    assert "certificat de résidence algérien d'un an" in alerte.message
    courrier = letter(tmp_path, data)
    assert "certificat de résidence algérien d'un an" in courrier
    assert "vie privée et familiale" not in courrier
    liste = liste_pieces(charger_referentiel().titres["CST 1"], "renouvellement", date(2026, 9, 20), "algérienne")
    assert liste is not None
    (engagement,) = [p for p in liste.pieces if p.code == "engagement_republique"]
    assert not engagement.obligatoire and "facultatif" in (engagement.condition or "")


def test_a_moroccan_salarie_gets_article_3_and_others_keep_the_ceseda_wording():
    data = dossier(categorie="CST 3", titre="carte salarié")
    data["personne"]["nationalite"] = "marocaine"
    v = verified(data)
    (alerte,) = [a for a in v.alertes if a.regle == "accord_bilateral"]
    assert "article 3 de l'accord franco-marocain du 9 octobre 1987" in alerte.message
    data["personne"]["nationalite"] = "guinéenne"
    assert not any(a.regle == "accord_bilateral" for a in verified(data).alertes)


def test_a_nationality_naming_two_agreements_is_said_undecided():
    data = dossier()
    data["personne"]["nationalite"] = "algérienne et marocaine"
    (alerte,) = [a for a in verified(data).alertes if a.regle == "accord_bilateral"]
    assert "ne peut pas dire lequel" in alerte.message


# -- L. 433-3 ---------------------------------------------------------------------------------------------------


def test_rights_kept_three_months_when_france_travail_suspends():
    data = dossier(
        categorie="CR 2", titre="carte de résident", date_depot="2026-09-20", titre_actuel_expiration="2026-11-20"
    )
    data["blocage"]["consequences"] = "France Travail a suspendu mes allocations."
    v = verified(data)
    assert v.echeances.droits_maintenus_jusqu_au == date(2027, 2, 20)
    (alerte,) = [a for a in v.alertes if a.regle == "maintien_droits"]
    # the rights last until the decision on the application, three months at most (L. 433-3)
    assert "Jusqu'à la décision prise sur sa demande, et au plus tard le 20 février 2027" in alerte.message
    assert "L. 433-3" in alerte.message
    assert "entre la date d'expiration de ce titre et la décision prise" in charger_referentiel().textes[
        "l433_3"
    ].intitule
    assert "si la carte pluriannuelle" not in alerte.message  # a résident card: no condition of length
    # the reason given with it says the same limit, not « pendant trois mois » flat
    assert "jusqu'à la décision prise sur sa demande, dans la limite de trois mois" in alerte.raison
    # a one-year card is not covered
    data["demande"].update(categorie="CST 8", titre="visiteur")
    assert verified(data).echeances.droits_maintenus_jusqu_au is None


def test_a_pluriannual_card_keeps_the_four_year_condition_of_l433_3():
    """L. 433-3 al. 1 names the pluriannual card « d'une durée de quatre ans » (docs/sources-juridiques.md); the
    dossier does not hold the expired card's length, so the sentence keeps the condition in words."""
    data = dossier(
        categorie="CSP 1.1", titre="carte de séjour pluriannuelle", date_depot="2026-09-20",
        titre_actuel_expiration="2026-11-20",
    )
    data["blocage"]["consequences"] = "France Travail a suspendu mes allocations."
    v = verified(data)
    (alerte,) = [a for a in v.alertes if a.regle == "maintien_droits"]
    assert "si la carte pluriannuelle expirée était d'une durée de quatre ans (article L. 433-3 du CESEDA)" in alerte.message
    assert "d'une durée de quatre ans" in alerte.raison
    textes = charger_referentiel().textes
    assert "carte pluriannuelle d'une durée de quatre ans" in textes["l433_3"].intitule


def test_the_note_does_not_call_a_threat_a_suspension(tmp_path):
    """The consequences speak of the employer: the note says a suspension may be contested, not that « the
    suspension described » happened."""
    from aides import produire, texte_docx

    data = dossier(
        categorie="CR 2", titre="carte de résident", date_depot="2026-09-20", titre_actuel_expiration="2026-11-20"
    )
    data["blocage"]["consequences"] = "Mon employeur m'a dit qu'il ne pourrait pas me garder sans document."
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert (
        "(article L. 433-3 du CESEDA) : une suspension de ces droits ou du travail pendant cette période (France "
        "Travail, CAF, employeur) peut être contestée sur ce fondement." in note
    )
    assert "suspension décrite" not in note


# -- dated values ------------------------------------------------------------------------------------------------


def test_the_engagement_is_required_only_for_a_demande_from_17_july_2024():
    titre = charger_referentiel().titres["CST 8"]
    avant = liste_pieces(titre, "renouvellement", date(2024, 7, 1))
    apres = liste_pieces(titre, "renouvellement", date(2024, 7, 20))
    assert avant is not None and apres is not None
    assert "engagement_republique" not in {p.code for p in avant.pieces}
    assert "engagement_republique" in {p.code for p in apres.pieces}


def test_passeport_talent_became_talent_on_16_june_2025():
    titre = charger_referentiel().titres["CSP 1.1"]
    assert "« passeport talent salarié qualifié" in titre.nom_au(date(2025, 6, 1))
    assert "« talent – salarié qualifié" in titre.nom_au(date(2025, 6, 16))


def test_the_rejection_delay_is_the_one_in_force_on_the_depot():
    rejet = charger_referentiel().delais["rejet_implicite"]
    assert rejet.au(date(2026, 9, 20)).mois == 4
    etudiant = rejet.derogation("CSP 5")
    assert etudiant is not None and etudiant.au(date(2026, 9, 20)).jours == 90


def test_a_resident_card_named_without_its_category_keeps_the_rights_too():
    """« carte de résident » typed as the titre, no category chosen: L. 433-3 covers it all the same."""
    data = dossier(categorie="", titre="carte de résident", date_depot="2026-09-20", titre_actuel_expiration="2026-11-20")
    assert verified(data).echeances.droits_maintenus_jusqu_au == date(2027, 2, 20)
    data["demande"]["titre"] = "carte de séjour temporaire « visiteur »"
    assert verified(data).echeances.droits_maintenus_jusqu_au is None
