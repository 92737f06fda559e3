"""The situation of a dossier and its deadlines: what the facts call for, said in the right tense."""

from __future__ import annotations

import json
from datetime import date

import pytest

from aides import RDV_RELANCE
from conftest import AUJOURD_HUI, write_dossier
from lettres.dossier import validate_dossier
from lettres.procedure.delais import compute_echeances
from lettres.procedure.resume import deadline_lines
from lettres.procedure.situation import compute_situation
from lettres.procedure.verification import verify

RDV = {"type": "demande_rdv", "date": "2026-10-12", "detail": "Formulaire du PAN", "resultat": "aucun créneau", "pieces": ["captures/rdv.png"]}


def diligent(data: dict) -> dict:
    """Steps 1 to 4 proven (the base dossier lacks the appointment attempt)."""
    data["demarches"] += [dict(RDV), dict(RDV_RELANCE)]
    return data


def not_filed(data: dict) -> dict:
    data["demande"].update(date_depot="", numero_anef="")
    data["blocage"]["types"] = ["erreur_validation"]
    return data


def codes(data: dict, jour: date = AUJOURD_HUI) -> tuple[str, ...]:
    return compute_situation(validate_dossier(data), jour).codes


def test_not_filed_with_every_diligence_is_depot_impossible(data):
    s = compute_situation(validate_dossier(diligent(not_filed(data))), AUJOURD_HUI)
    assert s.codes == ("depot_impossible",) and s.substitution
    assert "aucune date de dépôt" in s.raisons[0].texte


def test_not_filed_without_step_four_asks_for_accompaniment_only(data):
    s = compute_situation(validate_dossier(not_filed(data)), AUJOURD_HUI)
    assert s.codes == ("diligences_incompletes",) and not s.substitution
    assert "l'étape 4 de la fiche n'est pas prouvée" in s.raisons[0].texte


def test_no_attestation_de_depot_means_not_filed(data):
    data = diligent(data)
    data["blocage"]["types"] = ["pas_attestation_depot"]
    assert codes(data) == ("depot_impossible",)
    assert compute_echeances(validate_dossier(data), AUJOURD_HUI).rejet_implicite is None


def test_filed_but_a_piece_cannot_be_uploaded(data):
    data = diligent(data)
    data["blocage"]["types"] = ["televersement"]
    data["demande"].update(piece_demandee="attestation de l'employeur", piece_demandee_le="2026-09-28")
    data["demande"]["titre_actuel_expiration"] = "2027-06-30"  # far away: no API yet
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert s.codes == ("depot_incomplet",) and s.substitution
    assert "attestation de l'employeur" in s.raisons[0].texte and "28 septembre 2026" in s.raisons[0].texte


def test_filed_incomplete_and_titre_expiring_treats_both_in_order(data):
    data = diligent(data)
    data["blocage"]["types"] = ["televersement", "modification_impossible"]
    assert codes(data) == ("depot_incomplet", "api")  # the titre expires in 18 days


def test_incomplete_diligences_and_a_piece_to_add(data):
    data["blocage"]["types"] = ["televersement"]
    assert codes(data) == ("diligences_incompletes", "depot_incomplet", "api")
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert not s.substitution  # letter 2 may not claim every diligence


def test_a_blocked_account_prevents_adding_the_piece_asked_for(data):
    data = diligent(data)
    data["blocage"]["types"] = ["connexion"]
    data["demande"]["piece_demandee"] = "justificatif de domicile"
    assert "depot_incomplet" in codes(data)


@pytest.mark.parametrize("blocage", ["pas_api", "api_expiree", "instruction_bloquee", "pas_recepisse"])
def test_filed_and_complete_without_api(data, blocage):
    data["blocage"]["types"] = [blocage]
    data["demande"]["titre_actuel_expiration"] = "2027-06-30"
    assert codes(data) == ("api",)


def test_api_due_soon_is_a_situation_by_itself(data):
    data["demande"].update(
        document_provisoire="api", document_provisoire_debut="2026-09-05", document_provisoire_fin="2026-12-05"
    )
    data["demande"]["titre_actuel_expiration"] = "2026-09-05"
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert s.codes == ("api",)
    assert "l'attestation de prolongation de l'instruction expire le 5 décembre 2026" in s.raisons[0].texte


def test_implicit_rejection_once_four_months_passed_and_complete(data):
    data["demande"].update(document_provisoire="api", document_provisoire_fin="2027-01-10", date_depot="2026-07-10")
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert s.principale == "rejet_implicite" and "rejet_implicite" in s.codes
    e = s.echeances
    assert e.rejet_implicite == date(2026, 11, 10) and e.rejet_implicite_certain
    assert e.fin_recours == date(2027, 1, 10)


def test_no_implicit_rejection_while_the_prefecture_holds_the_dossier_incomplete(data):
    data = diligent(data)
    data["demande"].update(date_depot="2026-07-10", piece_demandee="avis d'imposition")
    data["blocage"]["types"] = ["televersement"]
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert "rejet_implicite" not in s.codes and s.echeances.completude == "incertaine"
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert v.alertes[0].regle == "rejet_incertain"
    lines = " ".join(deadline_lines(s, s.echeances.depot))
    assert "serait née le 10 novembre 2026 si le dossier était regardé comme complet" in lines
    data["demande"]["complet"] = "non"
    e = compute_echeances(validate_dossier(data), AUJOURD_HUI)
    assert e.rejet_implicite is None and e.fin_recours is None


def test_completeness_caveat_before_the_date(data):
    data = diligent(data)
    data["blocage"]["types"] = ["televersement"]
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    lines = deadline_lines(s, s.echeances.depot)
    assert any("au plus tôt le 20 janvier 2027, si le dossier est regardé comme complet" in line for line in lines)
    data["demande"]["document_provisoire"] = "recepisse"
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    lines = deadline_lines(s, s.echeances.depot)
    assert any("Décision implicite de rejet : naîtra le 20 janvier 2027" in line for line in lines)


def test_override_keeps_the_computed_situation_beside(data):
    data["situation"] = "depot_impossible"
    s = compute_situation(validate_dossier(data), AUJOURD_HUI)
    assert s.codes == ("depot_impossible",) and s.forcee and s.calculee == ("api",)
    assert s.raisons[0].texte.startswith("Situation imposée par le dossier")
    data["situation"] = "inconnue"
    with pytest.raises(Exception, match="situation"):
        validate_dossier(data)


def test_past_dates_come_first_and_in_the_past_tense(data):
    data["demande"].update(document_provisoire="api", document_provisoire_fin="2027-01-10", date_depot="2026-07-10")
    v = verify(validate_dossier(data), date(2026, 12, 20))
    first = v.alertes[0]
    assert first.regle == "rejet_implicite_ne"
    assert first.message.startswith("La décision implicite de rejet est née le 10 novembre 2026 (il y a 40 jours")
    assert (
        v.alertes[1].regle == "fin_recours_proche"
        and "expire dans 21 jours : recours au plus tard le 10 janvier 2027" in v.alertes[1].message
    )
    # the next action is the lawyer, whatever step is missing
    assert v.prochaine.quoi.startswith("Consulter un avocat ou une avocate avant le 10 janvier 2027")
    assert v.prochaine.avant_le == date(2027, 1, 10)
    lines = " ".join(deadline_lines(v.situation, v.dossier.demande.date_depot))
    assert "Décision implicite de rejet : née le 10 novembre 2026 (il y a 40 jours)" in lines
    assert "naît" not in lines and "naîtra" not in lines


def test_appeal_period_over(data):
    data["demande"].update(document_provisoire="api", document_provisoire_fin="2027-01-10", date_depot="2026-05-10")
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert [a.regle for a in v.alertes[:2]] == ["rejet_implicite_ne", "recours_expire"]
    assert "a expiré le 10 novembre 2026" in v.prochaine.quoi


def test_api_end_alert(data):
    data["demande"].update(document_provisoire="api", document_provisoire_fin="2026-12-10")
    v = verify(validate_dossier(data), AUJOURD_HUI)
    alerte = next(a for a in v.alertes if a.regle == "fin_provisoire_proche")
    assert alerte.message == "L'attestation de prolongation de l'instruction expire le 10 décembre 2026, dans 13 jours."


def test_a_notified_decision_sends_to_a_lawyer(data):
    data["demande"].update(decision="oqtf", decision_le="2026-11-20")
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert v.alertes[0].regle == "decision_notifiee"
    assert (
        v.alertes[0].message == "Une obligation de quitter le territoire français a été notifiée le 20 novembre 2026."
    )
    assert v.prochaine.quoi.startswith("Consulter sans attendre un avocat ou une avocate")


def test_voice_of_the_person_who_signs(data):
    data["blocage"]["consequences"] = "Mme DIALLO risque de perdre son emploi."
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert any(a.regle == "voix" and "« Conséquences concrètes »" in a.message for a in v.alertes)
    data["signataire"] = "accompagnant"
    assert not any(a.regle == "voix" for a in verify(validate_dossier(data), AUJOURD_HUI).alertes)


def test_prefecture_delay_from_the_ar_or_its_own_word(data):
    data["demarches"].append({"type": "courrier_prefecture", "date": "2026-11-02", "detail": "LRAR"})
    e = compute_echeances(validate_dossier(data), AUJOURD_HUI)
    # a letter by post without its avis de réception: no receipt date is invented; the référé is ripe after five
    # days of transit and the fifteen days of the reply (2 Nov + 20 days, the next day)
    assert e.courrier_prefecture == date(2026, 11, 2) and e.reception_inconnue
    assert e.fin_delai_prefecture is None and e.refere_possible_le == date(2026, 11, 23) and e.delai_prefecture_expire
    # by e-mail, received the day it was sent
    data["demarches"][-1]["type"] = "courriel_prefecture"
    e = compute_echeances(validate_dossier(data), AUJOURD_HUI)
    assert (e.fin_delai_prefecture, e.refere_possible_le) == (date(2026, 11, 17), date(2026, 11, 18))
    assert e.delai_prefecture_expire
    data["demarches"][-1]["type"] = "courrier_prefecture"
    data["envoi"].update(accuse_reception_le="2026-11-05", delai_prefecture_jours=30)
    e = compute_echeances(validate_dossier(data), AUJOURD_HUI)
    assert e.fin_delai_prefecture == date(2026, 12, 5) and e.delai_prefecture_annonce and not e.delai_prefecture_expire


def test_verifier_names_the_situation_and_explains(run, tmp_path, data):
    path = write_dossier(tmp_path, diligent(not_filed(data)))
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    flat = " ".join(out.split())
    assert code == 0, err
    assert "Situation Dépôt impossible sur l'ANEF (depot_impossible)." in flat
    assert "La demande n'a pas pu être déposée : aucune date de dépôt n'est renseignée" in flat
    code, out, _ = run("verifier", str(path), "--json", "--date-du-jour", "2026-11-27")
    report = json.loads(out)
    assert report["situation"]["codes"] == ["depot_impossible"]
    assert report["situation"]["raisons"][0]["code"] == "depot_impossible"
    assert report["situation"]["forcee"] is False
