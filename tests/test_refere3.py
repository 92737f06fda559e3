"""The référé draft and what decides it, after the jurists' reading of 6 December 2026 (rapports A and B): the
référé without the date of the avis de réception, the implicit rejection that ends the API, step 4 proven as
CE 435594 asks, the requête's wording, the forced draft's refusal, the Télérecours folder, ``suivi`` after the
expiry, the stage of steps done but unproven, the titres' labels after décret n° 2025-539."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from aides import COURRIER, RDV, RDV_RELANCE, copie_demo, produire, texte_docx
from conftest import AUJOURD_HUI, BASE, write_dossier
from docx_texte import docx_text
from lettres.dossier import load_dossier
from lettres.procedure.analyse import analyser

REQUETE = "4-refere-mesures-utiles.docx"


@pytest.fixture
def sans_soffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def mur(**demande) -> dict:
    """A filed renewal without API, steps 1 to 5 done and proven, the titre and the dépôt among the pièces, the
    avis de réception of the letter (sent on 2 November 2026) dated 5 November."""
    data = copy.deepcopy(BASE)
    data["demarches"] += [dict(RDV), copy.deepcopy(COURRIER)]
    data["blocage"]["types"] = ["pas_api"]
    data["demande"].update({"titre_actuel_expiration": "2026-11-10", **demande})
    data["envoi"]["accuse_reception_le"] = "2026-11-05"
    data["justificatifs"] = {"titre_sejour": ["pieces/titre.png"], "attestation_depot": ["pieces/depot.png"]}
    return data


def sans_accuse(envoye: str = "2026-11-02") -> dict:
    data = mur()
    del data["envoi"]["accuse_reception_le"]
    data["demarches"][-1]["date"] = envoye
    return data


def texte(resultat, part: str = "all") -> str:
    return " ".join(docx_text((resultat.dossier / REQUETE).read_bytes(), part).split())


def texte_de(resultat, nom: str) -> str:
    return texte_docx(resultat, nom)


def une_ligne(texte: str) -> str:
    return " ".join(texte.split())


def analyse_de(tmp_path, data: dict):
    return analyser(load_dossier(write_dossier(tmp_path / "a", data)), AUJOURD_HUI)


# --- 1. B-A1: no acknowledgement date is no reason to withhold the référé ----------------------------------------

AVERTI = (
    "La date de l'avis de réception n'est pas enregistrée ; le courrier a été envoyé le 2 novembre 2026, il y a "
    "25 jours : la requête peut être déposée ; ajoutez la date de l'avis de réception si vous l'avez."
)


def test_without_the_acknowledgement_date_the_referee_is_offered_with_a_warning(tmp_path, sans_soffice, run):
    refere = analyse_de(tmp_path, sans_accuse()).refere
    assert refere.possible and refere.reception == AVERTI
    assert "n'est pas enregistrée : son délai de 15 jours court de la réception" not in refere.phrase()
    resultat = produire(tmp_path, sans_accuse())
    assert REQUETE in resultat.fichiers
    assert any(a.code == "refere_reception" for a in resultat.avertissements)
    # said on screen, never in the draft's banner (B2-5); the facts never state a receipt the dossier does not hold
    assert texte(resultat, "header") == "Projet — à relire par un ou une juriste avant tout dépôt"
    corps = texte(resultat, "document")
    assert "Ce courrier est resté sans réponse depuis son envoi le 2 novembre 2026." in corps
    assert "reçu le" not in corps.lower() and "sa réception le" not in corps
    path = tmp_path / "dossier" / "dossier.yaml"
    code, out, _ = run("verifier", str(path))
    assert code == 0 and AVERTI in une_ligne(out)
    assert "pas encore prêt" not in une_ligne(out)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "cli"))
    assert code == 0 and "la date de l'avis de réception n'est pas enregistrée ; le courrier a été envoyé" in une_ligne(err)


def test_a_letter_sent_recently_waits_for_the_transit_and_the_reply_delay(tmp_path):
    # sent on 20 November: five days of transit and fifteen of reply, the référé from 11 December
    refere = analyse_de(tmp_path, sans_accuse("2026-11-20")).refere
    assert not refere.possible and not refere.reception
    assert (
        "le courrier à la préfecture a été envoyé le 20 novembre 2026, il y a 7 jours, et la date de son avis de "
        "réception n'est pas enregistrée : avec 5 jours d'acheminement et les 15 jours de réponse demandés, le "
        "référé sera possible à partir du 11 décembre 2026 ; ajoutez la date de l'avis de réception si vous l'avez"
    ) in refere.manques
    assert "reportez la date de l'avis de réception" not in refere.phrase()


# --- 2. B-A3: an implicit rejection ends the API ----------------------------------------------------------------


def test_the_implicit_rejection_excludes_the_api(tmp_path, run):
    path = copie_demo(tmp_path, "rejet_implicite")
    analyse = analyser(load_dossier(path), AUJOURD_HUI)
    assert analyse.situation.codes == ("rejet_implicite",)
    code, out, _ = run("verifier", str(path))
    assert code == 0
    situation = une_ligne(out).split("Situation")[1].split("Points à corriger")[0]
    assert "Décision implicite de rejet née (rejet_implicite)" in situation
    assert "(api)" not in situation and "ou récépissé à obtenir" not in situation
    _, out, _ = run("suivi", str(path))
    assert "Attestation" not in out and "API" not in out


# --- 3. A-6 and B-C5: step 4 proven as the fiche and CE 435594 ask ----------------------------------------------


def non_depose(*rendez_vous: dict) -> dict:
    data = copy.deepcopy(BASE)
    data["demande"].update(date_depot="", numero_anef="")
    data["demarches"] += [copy.deepcopy(r) for r in rendez_vous]
    return data


def test_one_appointment_attempt_does_not_prove_step_four_when_the_demande_is_not_filed(tmp_path, run):
    une = non_depose(RDV)
    analyse = analyse_de(tmp_path / "une", une)
    assert analyse.situation.codes == ("diligences_incompletes",) and not analyse.situation.substitution
    lettre = texte_de(produire(tmp_path / "une", une, ("prefecture",)), "2-courrier-prefecture.docx")
    assert "toutes les diligences" not in lettre
    code, out, _ = run("verifier", str(tmp_path / "une" / "dossier" / "dossier.yaml"))
    dit = une_ligne(out)
    assert code == 0 and "Démarches préalables" in dit
    assert next(e for e in analyse.etapes if e.etape.numero == 4).libelle_etat == "tentatives sur moins d'une semaine"
    assert (
        "La seule demande de rendez-vous prouvée date du 8 octobre 2026 : sans rendez-vous obtenu, les tentatives "
        "doivent s'étaler sur au moins une semaine." in dit
    )
    # attempts a week apart, or an appointment obtained: step 4 proven, the solution de substitution and its words
    semaine = non_depose(RDV, RDV_RELANCE)
    assert analyse_de(tmp_path / "semaine", semaine).situation.codes == ("depot_impossible",)
    lettre = texte_de(produire(tmp_path / "semaine", semaine, ("prefecture",)), "2-courrier-prefecture.docx")
    assert "toutes les diligences" in lettre
    obtenu = non_depose({**RDV, "resultat": "Rendez-vous obtenu pour le 2 décembre 2026"})
    assert analyse_de(tmp_path / "obtenu", obtenu).situation.codes == ("depot_impossible",)


def test_the_ce_435594_warning_is_only_for_a_demande_not_filed(tmp_path, run):
    # SOW's case: a filed renewal, captures from 30 October, one appointment attempt on 5 November
    data = mur()
    data["demarches"][0]["date"] = "2026-10-30"
    data["demarches"][3]["date"] = "2026-11-05"
    write_dossier(tmp_path / "sow", data)
    code, out, _ = run("verifier", str(tmp_path / "sow" / "dossier.yaml"))
    assert code == 0 and "CE, 10 juin 2020" not in out and "tiennent toutes en 7 jours" not in une_ligne(out)
    assert "semaine" not in une_ligne(out).split("Délais")[0]


# --- 4. the requête's wording (B-B1, B-B2, A-4/B-A4, the facts, A-19) ----------------------------------------------


def test_the_requete_says_what_the_dossier_holds(tmp_path, sans_soffice):
    data = mur(categorie="CR 2", titre="carte de résident")
    data["personne"]["civilite"] = ""
    data["blocage"]["consequences"] = "Mon employeur m'a indiqué qu'il suspendrait mon contrat."
    data["justificatifs"]["consequences"] = ["pieces/employeur.png"]
    corps = texte(produire(tmp_path / "a", data, ("refere",)), "document")
    # B-B1: known to the requérant, not a fact the dossier proves
    assert (
        "À la connaissance de la partie requérante, aucune décision de refus de séjour ni aucune mesure "
        "d'éloignement n'a été prise à son encontre" in corps
    )
    assert "Aucune décision de refus de séjour" not in corps
    # B2-2: the expired card is the document, until a date; the employer refuses it (its pièce); the attestation
    assert (
        "Si l'article L. 433-3 du CESEDA permet à la partie requérante de justifier de la régularité de son séjour par "
        "sa carte expirée, cette garantie prend fin au plus tard le 10 février 2027, alors qu'aucune décision n'est "
        "annoncée ; la partie requérante indique en outre que son employeur menace de suspendre son contrat de "
        "travail faute de document de séjour valable (pièce n° 8). Seule l'attestation prévue à l'article R. 431-15-1 du "
        "CESEDA met fin à cette situation." in corps
    )
    assert "ne prend la forme d'aucun document" not in corps and "doit être ordonnée dès à présent" not in corps
    assert "cesse à la date de la décision" not in corps and "par écrit" not in corps
    assert "8 Courrier montrant les conséquences du blocage" in corps
    # the facts: the receipt the avis de réception proves
    assert "Reçu le 5 novembre 2026, ce courrier est resté sans réponse à ce jour." in corps
    assert "plus de quinze jours après sa réception" not in corps
    # neutral
    assert "téléphone (joignable en urgence) : 06 12 34 56 78" in corps and "pour être joint" not in corps
    # the délai in words: eight days by default
    assert "dans un délai de huit jours à compter de la notification" in corps and "de 8 jours" not in corps
    # no employer among the consequences: the sentence names none
    data["blocage"]["consequences"] = "Je ne peux plus percevoir mes allocations."
    corps = texte(produire(tmp_path / "b", data, ("refere",)), "document")
    assert "alors qu'aucune décision n'est annoncée. Seule l'attestation prévue" in corps
    assert "employeur" not in corps.split("Sur l'urgence")[1].split("Sur l'utilité")[0].replace("« Je", "")


def test_r431_11_is_cited_in_its_2025_wording_and_a_near_rejection_asks_forty_eight_hours(tmp_path, sans_soffice):
    # filed on 1 August 2026: the implicit rejection on 1 December 2026, four days after the tests' today
    data = mur(date_depot="2026-08-01")
    corps = texte(produire(tmp_path / "a", data, ("refere",)), "document")
    assert (
        "(article R. 431-11 du CESEDA, dans sa rédaction issue du décret n° 2025-539 du 13 juin 2025)" in corps
    )
    assert "(article R. 431-11 du CESEDA)" not in corps
    assert "dans un délai de quarante-huit heures à compter de la notification" in corps
    assert "dans un délai de 3 jours" not in corps
    # within the month but not the week: three days, in words
    data = mur(date_depot="2026-08-20")
    corps = texte(produire(tmp_path / "b", data, ("refere",)), "document")
    assert "dans un délai de trois jours à compter de la notification" in corps


# --- 5. A-15: the forced référé's refusal lists every blocker ------------------------------------------------------


def test_a_forced_referee_without_any_piece_lists_every_blocker(tmp_path, run):
    def sans_pieces(data: dict) -> None:  # variant N: DIALLO, no pièce on any démarche, no justificatif
        for demarche in data["demarches"]:
            demarche["pieces"] = []
        data["justificatifs"] = {}

    path = copie_demo(tmp_path, None, sans_pieces)
    code, out, err = run("generer", str(path), "--lettres", "refere", "--sortie", str(tmp_path / "s"))
    dit = une_ligne(err)
    assert code == 2 and "Traceback" not in err
    assert dit.count("Le projet de requête en référé n'est pas écrit") == 1
    for bloquant in (
        "le dossier ne contient aucune pièce",
        "(« Attestation de dépôt ANEF »)",
        "(« Titre de séjour actuel ou dernier titre »)",
        "(« La pièce à transmettre elle-même »)",
        "le courrier à la préfecture n'a pas encore été envoyé",
    ):
        assert bloquant in dit, bloquant
    assert dit.endswith("puis relancez la génération.") and "générez-le de nouveau" not in dit
    # verifier lists the same blockers
    _, out, _ = run("verifier", str(path))
    assert "(« Titre de séjour actuel ou dernier titre »)" in une_ligne(out)


# --- 6. B-C3: the folder to file carries no draft banner ----------------------------------------------------------


def test_the_requete_to_file_carries_no_banner_or_is_named_a_draft(tmp_path, sans_soffice):
    complet = produire(tmp_path / "complet", mur(), ("refere",))
    copie = complet.dossier / "pieces-telerecours" / "requete-refere.docx"
    assert copie.is_file() and not (complet.dossier / "pieces-telerecours" / "projet-requete-refere.docx").exists()
    en_tete = une_ligne(docx_text(copie.read_bytes(), "header"))
    pied = une_ligne(docx_text(copie.read_bytes(), "footer"))
    assert "Projet" not in en_tete and "projet" not in pied and "Référé mesures utiles — Aminata Fatou DIALLO" in pied
    # the document 4 beside it keeps its banner
    assert texte(complet, "header").startswith("Projet — à relire par un ou une juriste")
    # the acknowledgement's date missing is said on screen only (B2-5): the copy to file has no banner
    sans = produire(tmp_path / "sans", sans_accuse(), ("refere",))
    copie = sans.dossier / "pieces-telerecours" / "requete-refere.docx"
    assert copie.is_file() and not (sans.dossier / "pieces-telerecours" / "projet-requete-refere.docx").exists()
    assert "Projet" not in une_ligne(docx_text(copie.read_bytes(), "header"))
    assert AVERTI not in une_ligne(docx_text(copie.read_bytes(), "all"))


# --- 7. B-C4: suivi after the expiry, the demande filed ----------------------------------------------------------


def test_suivi_shows_the_implicit_rejection_not_the_passed_expiry(tmp_path, run):
    # SOW's case: the titre expired on 10 November, the demande filed on 1 August, the rejection on 1 December
    data = mur(date_depot="2026-08-01")
    path = write_dossier(tmp_path / "sow", data)
    code, out, _ = run("suivi", str(path))
    ligne = une_ligne(out)
    assert code == 0 and "Rejet" in ligne and "01/12/2026" in ligne and "au plus tôt" in ligne
    assert "en retard" not in ligne.split("« en retard »")[0]
    assert "1 dossier au 27/11/2026 : 0 en retard, 1 à échéance proche." in ligne
    code, out, _ = run("suivi", str(path), "--json")
    prochaine = json.loads(out)["lignes"][0]["prochaine_echeance"]
    assert (prochaine["genre"], prochaine["date"], prochaine["au_plus_tot"]) == ("rejet_implicite", "2026-12-01", True)
    # not filed: the passed expiry is still what is late
    data["demande"]["date_depot"] = ""
    code, out, _ = run("suivi", str(write_dossier(tmp_path / "non", data)))
    assert code == 1 and "1 en retard" in une_ligne(out)


# --- 8.: the stage of steps done but unproven; the L. 433-3 information; no titre for a first demande --


def test_steps_done_without_pieces_are_said_so_and_l433_3_is_information(tmp_path, run):
    def sans_pieces(data: dict) -> None:  # variant N
        for demarche in data["demarches"]:
            demarche["pieces"] = []
        data["justificatifs"] = {}

    path = copie_demo(tmp_path / "n", None, sans_pieces)
    analyse = analyser(load_dossier(path), AUJOURD_HUI)
    assert analyse.situation.libelles[0] == "Démarches préalables faites mais non prouvées (aucune pièce)"
    _, out, _ = run("verifier", str(path))
    dit = une_ligne(out)
    assert "Démarches préalables faites mais non prouvées (aucune pièce)" in dit
    assert "Démarches préalables incomplètes" not in dit
    # the note says the same stage
    resultat = generate_note(tmp_path / "n", path)
    assert "démarches préalables faites mais non prouvées (aucune pièce)" in resultat
    assert "démarches préalables incomplètes" not in resultat
    # DIALLO: the rights kept are information, not a point to correct
    path = copie_demo(tmp_path / "d", None)
    _, out, _ = run("verifier", str(path))
    dit = une_ligne(out)
    corriger = dit.split("Points à corriger")[1].split("Délais")[0] if "Points à corriger" in dit else ""
    assert "L. 433-3" not in corriger.split("À savoir")[0]
    assert "À savoir - Jusqu'à la décision prise sur sa demande" in dit
    assert "! Jusqu'à la décision" not in dit


def generate_note(dossier: object, path) -> str:
    from lettres.documents.generation import generate

    resultat = generate(load_dossier(path), path.parent, dossier / "sorties", ("orientation",), aujourd_hui=AUJOURD_HUI)
    return texte_docx(resultat, "3-note-orientation.docx")


def test_a_first_demande_has_no_current_titre_line(tmp_path, run):
    data = copy.deepcopy(BASE)
    data["demande"].update(nature="premiere_demande", titre_actuel_expiration="", date_depot="")
    path = write_dossier(tmp_path / "p", data)
    _, out, _ = run("verifier", str(path))
    assert "Titre actuel" not in out
    data["demande"].update(nature="renouvellement")
    _, out, _ = run("verifier", str(write_dossier(tmp_path / "r", data)))
    assert "Titre actuel : date d'expiration non renseignée" in une_ligne(out)


# --- 9. A-5: the titres' labels after décret n° 2025-539 ----------------------------------------------------------


def test_the_talent_labels_follow_the_2025_decree(tmp_path, run):
    from lettres.referentiel import charger_referentiel

    titres = charger_referentiel().titres
    assert titres["CSP 1"].intitule == "CSP 1 – Talent"
    assert titres["CSP 1.1"].intitule == "CSP 1.1 – Talent – salarié qualifié"
    assert titres["CSP 1.5"].libelle.startswith("Talent – porteur de projet")
    assert not any("Passeport talent" in t.libelle for t in titres)
    # the former words still find the card; a letter dated before 16 June 2025 keeps the former name
    assert titres.trouver("passeport talent").code == "CSP 1"
    assert "passeport talent" in titres["CSP 1.1"].nom_au(date(2025, 6, 1))
    assert titres["CSP 1.1"].nom_au(AUJOURD_HUI) == "carte de séjour pluriannuelle « talent – salarié qualifié »"
    # verifier suggests the category by its new label
    data = copy.deepcopy(BASE)
    data["demande"].update(titre="passeport talent salarié qualifié")
    _, out, _ = run("verifier", str(write_dossier(tmp_path / "v", data)))
    dit = une_ligne(out)
    assert "CSP 1.1 – Talent – salarié qualifié" in dit and "Passeport talent salarié qualifié" not in dit
    assert "comme toutes les cartes passeport talent" not in dit.lower()
