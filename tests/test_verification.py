"""``lettres verifier``: each rule and deadline on dated dossiers, the JSON shape, the exit codes."""

from __future__ import annotations

import json
from datetime import date

from conftest import PNG, write_dossier
from lettres.dossier import validate_dossier
from lettres.procedure.verification import as_json, verify

TODAY = date(2026, 11, 27)


def alerts(data, today=TODAY) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for a in verify(validate_dossier(data), today).alertes:
        found.setdefault(a.regle, []).append(a.message)
    return found


def complete(data) -> dict:
    """All six steps proven, every capture/call/appointment with a pièce, over several weeks."""
    data["demarches"] = [
        {"type": "capture_ecran", "date": "2026-09-20", "pieces": ["a.png"]},
        {"type": "courriel_dgef", "date": "2026-09-25", "pieces": ["d.png"]},
        {"type": "appel_anef", "date": "2026-10-01", "pieces": ["b.png"]},
        {"type": "demande_rdv", "date": "2026-10-08", "pieces": ["c.png"]},
        {"type": "courrier_prefecture", "date": "2026-10-20", "pieces": ["courrier.pdf"]},
        {"type": "saisine_juriste", "date": "2026-11-10"},
    ]
    data["envoi"]["accuse_reception_le"] = "2026-10-23"  # the préfecture's delay runs from its receipt
    data["justificatifs"] = {"titre_sejour": ["titre.png"]}  # an identity pièce for the letter's bordereau
    return data


def test_complete_dossier_has_no_alert(data):
    data = complete(data)
    data["justificatifs"]["attestation_depot"] = ["depot.png"]  # with the titre: what the référé rests on
    v = verify(validate_dossier(data), TODAY)
    assert v.complet and v.alertes == []
    # every step proven and the préfecture's delay over: the next action is the référé, before its tribunal
    assert v.prochaine.etape == 6 and "le juge des référés du tribunal administratif de Marseille" in v.prochaine.quoi
    assert v.refere is not None and v.refere.possible


def test_appointment_attempts_within_a_week_when_the_demande_is_not_filed(data):
    data = complete(data)
    data["demande"]["date_depot"] = ""  # the appointment is what filing needs: CE 435594 applies
    data["demarches"].insert(4, {"type": "demande_rdv", "date": "2026-10-12", "pieces": ["e.png"]})
    found = alerts(data)["semaines"]
    assert found == [
        "Les demandes de rendez-vous prouvées tiennent en 5 jours (du 8 octobre 2026 au 12 octobre 2026) : sans "
        "rendez-vous obtenu, les tentatives doivent s'étaler sur au moins une semaine."
    ]
    v = verify(validate_dossier(data), TODAY)
    semaines = next(a for a in v.alertes if a.regle == "semaines")
    assert "CE, 10 juin 2020, n° 435594" in semaines.source and "la même semaine" in semaines.raison
    assert "au moins une semaine" in semaines.quoi_faire
    assert next(e for e in v.etapes if e.etape.numero == 4).libelle_etat == "tentatives sur moins d'une semaine"
    # the captures do not count in the span (step 1): the old warning's « 7 jours » from the first capture is gone
    assert not any("tiennent toutes" in m for m in found)


def test_a_filed_demande_is_not_concerned_by_ce_435594(data):
    # the API is owed as of right: one attempt proves step 4, no warning
    data = complete(data)
    data["demarches"][0]["date"] = "2026-10-05"
    assert "semaines" not in alerts(data)
    v = verify(validate_dossier(data), TODAY)
    assert next(e for e in v.etapes if e.etape.numero == 4).prouvee


def test_an_appointment_obtained_proves_step_four(data):
    data = complete(data)
    data["demande"]["date_depot"] = ""
    data["demarches"][3]["resultat"] = "Rendez-vous obtenu pour le 20 octobre 2026"
    assert "semaines" not in alerts(data)
    assert next(e for e in verify(validate_dossier(data), TODAY).etapes if e.etape.numero == 4).prouvee


def test_two_weeks_apart_is_fine(data):
    assert "semaines" not in alerts(complete(data))


def test_demarche_without_piece_is_flagged(data):
    data = complete(data)
    data["demarches"][2]["pieces"] = []
    assert alerts(data)["piece_manquante"] == ["Appel à l'assistance ANEF du 01/10/2026 sans pièce (étape 3)."]


def test_step_six_before_step_five(data):
    data = complete(data)
    data["demarches"][5]["date"] = "2026-10-15"
    assert alerts(data)["ordre_prefecture_orientation"] == [
        "Orientation (étape 6) du 15/10/2026 avant le courrier à la préfecture du 20/10/2026."
    ]


def test_ddd_needs_a_prior_prefecture_demarche(data):
    data = complete(data)
    del data["demarches"][4]
    data["demarches"][-1]["type"] = "saisine_ddd"
    found = alerts(data)
    assert found["ddd_demarche_prealable"] == [
        "Saisine du Défenseur des droits du 10/11/2026 sans démarche préalable auprès de la préfecture."
    ]
    assert "ordre_prefecture_orientation" in found


def test_diligences_rule_when_steps_missing(data):
    found = alerts(data)  # the base dossier has no appointment attempt
    assert found["diligences"][0].startswith(
        "Étapes 1 à 4 de la fiche non toutes prouvées (manquent : 4 (Rendez-vous « blocage ANEF »))"
    )


def test_deadlines_renewal_and_expired(data):
    e = as_json(verify(validate_dossier(data), date(2026, 12, 20)))["echeances"]
    assert {k: e[k] for k in ("titre_expiration", "jours_avant_expiration", "date_depot")} == {
        "titre_expiration": "2026-12-15",
        "jours_avant_expiration": -5,
        "date_depot": "2026-09-20",
    }
    assert (e["rejet_implicite"], e["fin_recours"], e["urgence_presumee"], e["inconnu"]) == (
        "2027-01-20",
        "2027-03-20",
        True,
        [],
    )
    # no API, no word from the préfecture on completeness: the date is not certain
    assert e["completude"] == "presumee" and e["rejet_implicite_certain"] is False


def test_deadlines_first_application_without_depot(data):
    data["demande"].update(nature="premiere_demande", date_depot="", titre_actuel_expiration="")
    e = as_json(verify(validate_dossier(data), TODAY))["echeances"]
    assert e["rejet_implicite"] is None and e["fin_recours"] is None and e["urgence_presumee"] is False
    assert e["inconnu"] == ["titre_expiration", "date_depot"]


def test_next_action_names_the_prefecture_contact(data):
    data["demande"]["prefecture"] = "06"
    v = verify(validate_dossier(data), TODAY)
    assert v.prochaine.etape == 4
    nice = v.prochaine.contacts[0]
    # the number the fiche gives is confirmed by no public source: the channel only, no number
    assert nice.libelle.startswith("Point d'accueil numérique Étrangers (ANEF) de Nice : rendez-vous par téléphone")
    assert nice.telephone == "" and nice.horaires == ""
    numbers = [c.telephone for c in v.prochaine.contacts]
    assert "0 806 001 620" in numbers and "04 84 89 58 05" in numbers
    data["demande"]["prefecture"] = "13"
    marseille = verify(validate_dossier(data), TODAY).prochaine.contacts[0]
    assert "Marseille : formulaire en ligne" in marseille.libelle


def test_cli_table_json_and_strict(run, tmp_path, data):
    path = write_dossier(tmp_path, data)
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    assert code == 0, err
    for fragment in (
        "Les six étapes de la fiche",
        "1. Captures d'écran du blocage",
        "prouvée",
        "manquante",
        "Points à corriger",
        "Pourquoi :",
        "À faire :",
        "Titre actuel : expire le 15 décembre 2026, dans 18 jours.",
        "Décision implicite de rejet : au plus tôt le 20 janvier 2027, si le dossier est regardé comme complet",
        "Situation",
        "Urgence : présumée (renouvellement).",
        "Prochaine action (étape 4)",
        "0 806 001 620",
        "04 84 89 58 05",
    ):
        assert fragment in " ".join(out.split()), fragment  # the terminal wraps long lines
    code, out, _ = run("verifier", str(path), "--json", "--date-du-jour", "2026-11-27")
    report = json.loads(out)
    assert code == 0
    assert list(report) == [
        "date_du_jour",
        "complet",
        "etapes",
        "alertes",
        "situation",
        "refere",
        "titre",
        "echeances",
        "prochaine_action",
        "prefecture",
        "accompagnant",
    ]
    assert report["prefecture"]["tribunal"] == "Tribunal administratif de Marseille"
    assert report["prefecture"]["cour_appel"] == "Cour administrative d'appel de Marseille"
    assert report["situation"]["codes"] == ["api"] and report["situation"]["raisons"]
    assert [s["prouvee"] for s in report["etapes"]] == [True, True, True, False, False, False]
    assert report["etapes"][0]["demarches"] == [
        {"date": "2026-09-20", "type": "capture_ecran", "pieces": ["captures/erreur.png"]}
    ]
    assert report["prochaine_action"]["etape"] == 4
    code, _, _ = run("verifier", str(path), "--strict")
    assert code == 1
    complete_path = write_dossier(tmp_path / "complet", complete(data))
    code, _, _ = run("verifier", str(complete_path), "--strict")
    assert code == 0
    code, _, err = run("verifier", str(tmp_path / "absent.yaml"), "--strict")
    assert code == 2 and "introuvable" in err
    code, _, err = run("verifier", str(path), "--date-du-jour", "demain")
    assert code == 2 and "« demain » (--date-du-jour) n'est pas une date" in err


def test_generer_prints_the_same_warnings(run, tmp_path, data):
    data = complete(data)
    data["demarches"][2]["pieces"] = []
    path = write_dossier(tmp_path, data)
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "c.png").write_bytes(PNG)
    (tmp_path / "titre.png").write_bytes(PNG)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--lettres", "prefecture")
    assert code == 0
    assert "Attention : Appel à l'assistance ANEF du 01/10/2026 sans pièce (étape 3). Pourquoi :" in err


def test_prefecture_letter_without_its_copy_is_done_not_proven(run, tmp_path, data):
    """Step 5 follows the fiche's rule: a letter logged without its copy or AR is « faite, sans pièce », the
    alert says how to attach it, and nobody is told to write to the préfecture again."""
    data = complete(data)
    del data["demarches"][5]  # no referral yet: step 6 is what follows the letter
    data["demarches"][4].update(date="2026-11-20", pieces=[])  # the préfecture's 15 days still run
    data["envoi"]["accuse_reception_le"] = "2026-11-23"
    path = write_dossier(tmp_path / "sans", data)
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    texte = " ".join(out.split())
    assert code == 0, err
    assert "5. Courrier à la préfecture │ faite, sans pièce │ 20/11/2026 │ 0" in texte
    assert "! Courrier à la préfecture du 20/11/2026 sans pièce (étape 5)." in texte
    assert "sa copie et l'avis de réception" in texte
    commande = f"Pour joindre la pièce : lettres etape {path} --modifier 5 --piece FICHIER"
    assert "".join(commande.split()) in "".join(out.split())  # a long path wraps anywhere in the terminal
    assert "Écrire au service des étrangers" not in texte
    assert "Prochaine action (étape 6)" in texte
    _, out, _ = run("verifier", str(path), "--json", "--date-du-jour", "2026-11-27")
    report = json.loads(out)
    assert [s["prouvee"] for s in report["etapes"]] == [True, True, True, True, False, False]
    assert report["prochaine_action"]["etape"] == 6

    data["demarches"][4]["pieces"] = ["courrier.pdf"]
    path = write_dossier(tmp_path / "avec", data)
    code, out, _ = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    texte = " ".join(out.split())
    assert "5. Courrier à la préfecture │ prouvée │ 20/11/2026 │ 1" in texte
    assert "sans pièce (étape 5)" not in texte


def test_suivi_does_not_count_a_sent_letter_as_missing(tmp_path, data):
    from lettres.suivi.tableau import build_row

    data = complete(data)
    del data["demarches"][5]
    data["demarches"][4]["pieces"] = []
    path = write_dossier(tmp_path, data)
    assert build_row(validate_dossier(data), path, TODAY).etapes_manquantes == (6,)
    dossier = validate_dossier(data)
    dossier.demarches[0].pieces.clear()  # a capture without its file is still to redo
    assert build_row(dossier, path, TODAY).etapes_manquantes == (1, 6)
