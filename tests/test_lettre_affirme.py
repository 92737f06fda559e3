"""What the letters assert, the dossier proves: the letter to the préfecture written elsewhere, the DGEF message
after a decision, the note beside the situation and the letter of the same day, the forced requête."""

from __future__ import annotations

import copy
import email
from email import policy

import pytest

from aides import COURRIER, RDV, RDV_RELANCE, corps_eml, produire, texte_docx
from conftest import BASE, write_dossier
from lettres.dossier import load_dossier
from lettres.erreurs import DocumentImpossible

pytestmark = pytest.mark.usefixtures("sans_libreoffice")


def ripe(objet=None) -> dict:
    """A filed renewal without API, steps 1 to 5 done, the préfecture's 15 days over on 27 November 2026."""
    data = copy.deepcopy(BASE)
    courrier = copy.deepcopy(COURRIER)
    if objet is not None:
        courrier["objet"] = objet
    data["demarches"] += [dict(RDV), courrier]
    data["blocage"]["types"] = ["pas_api"]
    data["demande"]["titre_actuel_expiration"] = "2026-11-10"
    data["envoi"]["accuse_reception_le"] = "2026-11-05"
    return data


def rejet() -> dict:
    data = ripe()
    data["blocage"]["types"] = ["api_expiree"]
    data["demande"].update(
        date_depot="2026-07-10", document_provisoire="api", document_provisoire_debut="2026-07-10",
        document_provisoire_fin="2026-10-31",
    )
    return data


# --- 2. the letter to the préfecture written elsewhere ---------------------------------------------------------


def test_a_letter_written_elsewhere_is_given_no_content(tmp_path):
    requete = texte_docx(produire(tmp_path, ripe(), ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "du 2 novembre 2026, la requérante s'est adressée au préfet des Bouches-du-Rhône (pièce n° 5). Reçu le "
        "5 novembre 2026, ce courrier est resté sans réponse à ce jour." in requete
    )
    assert "a demandé au préfet" not in requete
    assert "solution de substitution" not in requete


def test_what_the_letter_asked_is_said_once_recorded(tmp_path):
    requete = texte_docx(produire(tmp_path, ripe(["api"]), ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "la requérante a demandé au préfet des Bouches-du-Rhône la délivrance de l'attestation de prolongation de "
        "l'instruction (pièce n° 5)." in requete
    )
    assert "s'est adressée au préfet" not in requete


def test_the_letter_s_object_is_kept_in_the_file_and_refused_when_unknown(tmp_path):
    data = ripe(["substitution", "api"])
    dossier = load_dossier(write_dossier(tmp_path, data))
    lettre = next(d for d in dossier.demarches if d.type == "courrier_prefecture")
    assert lettre.objet == ["substitution", "api"]
    data["demarches"][-1]["objet"] = ["tout"]
    with pytest.raises(Exception, match="tout"):
        load_dossier(write_dossier(tmp_path / "autre", data))


def test_the_question_is_asked_only_for_a_letter_to_the_prefecture():
    from lettres.dossier.questions import question

    q = question("demarches.objet")
    assert q.saisie.applicable({"type": "courrier_prefecture"})
    assert not q.saisie.applicable({"type": "appel_anef"})


# --- 3. the DGEF message after a decision ---------------------------------------------------------------------------


def test_after_an_implicit_rejection_the_dgef_is_asked_nothing_about_the_api(tmp_path):
    dgef = corps_eml(produire(tmp_path, rejet(), ("dgef",)), "1-signalement-dgef.eml")
    # an attestation not renewed: the fact and who makes it available, no malfunction asserted (lettres2)
    assert (
        "Je vous demande de bien vouloir confirmer par écrit que, depuis le 31 octobre 2026, aucune attestation de "
        "prolongation de l'instruction en cours de validité n'est disponible dans mon espace ANEF." in dgef
    )
    # the demande was rejected: nothing to correct, nothing « blocked »
    assert "corriger" not in dgef and "bloque" not in dgef
    assert "dysfonctionnement" not in dgef
    assert "mise à disposition de l'attestation" not in dgef
    assert "solution de substitution" not in dgef


def test_the_dgef_message_cites_only_the_pieces_attached_to_it(tmp_path):
    r = produire(tmp_path, ripe(), ("dgef",))
    dgef = corps_eml(r, "1-signalement-dgef.eml")
    assert "Erreur à la validation — résultat : (pièce n° 1, jointe)" not in dgef  # no empty result
    assert "(capture jointe)" in dgef  # the screenshot, attached, without the bordereau's number
    for numero in (2, 3, 4, 5):  # the call log, the e-mail, the rendez-vous, the letter: not attached here
        assert f"pièce n° {numero}" not in dgef


# --- 4. the note beside the situation and the letter of the same day -------------------------------------------------


def test_the_note_does_not_pair_a_rejection_with_an_api_to_obtain(tmp_path):
    data = rejet()
    data["blocage"]["types"] = ["api_expiree", "pas_api"]
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert "Stade de la procédure : décision implicite de rejet née." in note
    assert "à obtenir" not in note


def test_the_note_written_with_the_prefecture_letter_says_so(tmp_path):
    data = copy.deepcopy(BASE)
    data["demarches"].append(dict(RDV))
    data["demande"].update(date_depot="")
    avec = texte_docx(produire(tmp_path / "a", data), "3-note-orientation.docx")
    assert "Aucune démarche auprès de la préfecture" not in avec
    assert "Un courrier à la préfecture est établi ce jour (27 novembre 2026), en même temps que la présente note" in avec
    seule = texte_docx(produire(tmp_path / "b", data, ("orientation",)), "3-note-orientation.docx")
    assert "établi ce jour" not in seule


def test_the_note_to_espace_is_addressed_from_the_reference_data(tmp_path):
    data = copy.deepcopy(BASE)
    data["orientation"].update(structure="ESPACE", courriel="")
    r = produire(tmp_path, data, ("orientation",))
    m = email.message_from_bytes((r.dossier / "3-note-orientation.eml").read_bytes(), policy=policy.default)
    assert "juridique@espace.asso.fr" in str(m["To"])
    assert "juridique@espace.asso.fr" in texte_docx(r, "3-note-orientation.docx")
    ailleurs = copy.deepcopy(data)
    ailleurs["demande"]["prefecture"] = "69"  # outside PACA and Corse: the regional address is not assumed
    r = produire(tmp_path / "lyon", ailleurs, ("orientation",))
    assert "espace.asso.fr" not in texte_docx(r, "3-note-orientation.docx")


# --- 8. forcing the requête ------------------------------------------------------------------------------------------


def test_forced_after_an_implicit_rejection_no_draft_and_one_sentence(tmp_path):
    with pytest.raises(DocumentImpossible) as exc:
        produire(tmp_path, rejet(), ("refere",))
    assert str(exc.value).startswith(
        "Le projet de requête en référé n'est pas écrit : une décision implicite de rejet est née le 10 novembre 2026"
    )
    assert not (tmp_path / "sorties").exists() or not any((tmp_path / "sorties").rglob("4-refere*"))


def test_forced_without_any_piece_no_draft(tmp_path, run):
    data = ripe()
    for d in data["demarches"]:
        d["pieces"] = []
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("generer", str(path), "--lettres", "refere", "--force", "--sortie", str(tmp_path / "s"), "--date", "27/11/2026")
    assert code == 2
    assert "Le projet de requête en référé n'est pas écrit : le dossier ne contient aucune pièce" in err
    assert "Traceback" not in err and not list((tmp_path / "s").rglob("4-refere*"))


def test_etape_records_what_the_letter_asked(tmp_path, run):
    path = write_dossier(tmp_path, copy.deepcopy(BASE))
    code, _, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--objet", "api, rendez_vous"
    )
    assert code == 0, err
    lettre = load_dossier(path).demarches[-1]
    assert lettre.type == "courrier_prefecture" and lettre.objet == ["api", "rendez_vous"]
    assert "objet: [api, rendez_vous]" in path.read_text(encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "03/11/2026", "--objet", "api")
    assert code == 2 and "--objet s'emploie avec --type courrier_prefecture" in err
    code, _, err = run("etape", str(path), "--type", "courriel_prefecture", "--date", "03/11/2026", "--objet", "tout")
    assert code == 2 and "--objet attend des codes séparés par des virgules parmi : rendez_vous" in err


def test_names_typed_in_lower_case_are_written_as_letters_write_them(tmp_path):
    data = ripe()
    data["personne"].update(nom="camara", prenoms="fatou binta")
    data["accompagnant"].update(nom="martin", prenom="paul")
    r = produire(tmp_path, data, ("prefecture", "orientation"))
    # the first letter recorded as sent: asked for by name, the letter is its relance
    tout = texte_docx(r, "2-relance-prefecture.docx") + texte_docx(r, "3-note-orientation.docx")
    assert "Madame Fatou Binta CAMARA" in tout and "Paul MARTIN" in tout
    assert "fatou" not in tout and "camara" not in tout and "Camara" not in tout


def test_after_a_notified_refusal_the_dgef_is_asked_nothing_about_the_api(tmp_path):
    data = ripe()
    data["demande"].update(decision="refus", decision_le="2026-11-20")
    dgef = corps_eml(produire(tmp_path, data, ("dgef",)), "1-signalement-dgef.eml")
    # an attestation not renewed: the fact and who makes it available, no malfunction asserted (lettres2)
    assert (
        "Je vous demande de bien vouloir confirmer par écrit que, depuis le 10 novembre 2026, aucune attestation de "
        "prolongation de l'instruction en cours de validité n'est disponible dans mon espace ANEF." in dgef
    )
    # the demande was rejected: nothing to correct, nothing « blocked »
    assert "corriger" not in dgef and "bloque" not in dgef
    assert "dysfonctionnement" not in dgef
    assert "mise à disposition de l'attestation" not in dgef


# --- the préfecture's delay: said only when the préfecture announced it; the receipt said when unknown ----------


def test_the_delay_of_a_letter_written_elsewhere_is_not_invented(tmp_path):
    r = produire(tmp_path, ripe(), ("refere", "orientation"))
    requete, note = texte_docx(r, "4-refere-mesures-utiles.docx"), texte_docx(r, "3-note-orientation.docx")
    assert "qui lui était laissé" not in requete and "délai de réponse demandé" not in note
    assert "resté sans réponse plus de quinze jours après sa réception le 5 novembre 2026." in note


def test_the_delay_the_prefecture_announced_is_kept(tmp_path):
    data = ripe()
    data["envoi"]["delai_prefecture_jours"] = 10
    r = produire(tmp_path, data, ("refere", "orientation"))
    requete, note = texte_docx(r, "4-refere-mesures-utiles.docx"), texte_docx(r, "3-note-orientation.docx")
    assert "Le délai de 10 jours qu'elle a elle-même annoncé a expiré le 15 novembre 2026 sans réponse." in requete
    assert "Le délai de réponse annoncé par la préfecture (10 jours) a expiré le 15 novembre 2026." in note


def test_forced_with_the_receipt_unknown_the_letter_is_still_stated(tmp_path):
    data = ripe()
    data["envoi"]["accuse_reception_le"] = None
    data["envoi"]["numero_recommande"] = "1A 234"
    requete = texte_docx(produire(tmp_path, data, ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "Par courrier recommandé avec avis de réception n° 1A 234, la requérante s'est adressée au préfet des "
        "Bouches-du-Rhône (pièce n° 5). Ce courrier est resté sans réponse depuis son envoi le 2 novembre 2026."
        in requete
    )
    assert "inconnue" not in requete
    assert "quinze jours" not in requete


# --- the urgency: rights kept under L. 433-3 are dealt with; the person's account stays theirs ---------------------


def test_the_urgency_deals_with_the_rights_kept_after_expiry(tmp_path):
    data = ripe()
    data["demande"].update(categorie="CR 2", titre="carte de résident")
    data["blocage"]["consequences"] = "Mon employeur m'a indiqué qu'il suspendrait mon contrat."
    requete = texte_docx(produire(tmp_path, data, ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "la condition d'urgence est en principe regardée comme remplie (CE, 9 juin 2022, n° 453391)." in requete
    )
    # B2-2: the expired card is the document until a date; the employer who refuses it, as the consequences say
    assert (
        "Si l'article L. 433-3 du CESEDA permet à la requérante de justifier de la régularité de son séjour par sa "
        "carte expirée, cette garantie prend fin au plus tard le 10 février 2027, alors qu'aucune décision n'est "
        "annoncée ; la requérante indique en outre que son employeur menace de suspendre son contrat de travail "
        "faute de document de séjour valable. Seule l'attestation prévue à l'article R. 431-15-1 du CESEDA met "
        "fin à cette situation." in requete
    )
    assert "cesse à la date de la décision" not in requete
    # the paragraph serves the urgency: no relative date (false the next day), no « Si … » conceding it
    assert "dans 75 jours" not in requete and "Si la requérante conserve" not in requete
    assert "ne dure que" not in requete and "avant qu'il ne prenne fin" not in requete
    assert "qui suppose l'exécution de l'ordonnance par la préfecture" not in requete
    # the threat argued above is not quoted again just after it
    assert "« Mon employeur m'a indiqué qu'il suspendrait mon contrat. »" not in requete and "par écrit" not in requete
    # a titre without that maintien: the paragraph is not there
    sans = texte_docx(produire(tmp_path / "sans", ripe(), ("refere",)), "4-refere-mesures-utiles.docx")
    assert "L. 433-3" not in sans
    # the decision 385332 is rated « secondaire » in the data: not cited
    assert "385332" not in requete


def test_a_rejection_born_after_the_requete_is_said_as_such(tmp_path):
    data = ripe()
    data["demande"]["date_depot"] = "2026-08-01"
    requete = texte_docx(produire(tmp_path, data, ("refere",)), "4-refere-mesures-utiles.docx")
    # CE 420343 covers a later refusal of the measure asked, not the implicit rejection of the titre
    assert (
        "Une décision refusant la mesure demandée qui interviendrait après l'introduction de la présente requête ne "
        "ferait pas obstacle à ce que le juge des référés fasse usage des pouvoirs qu'il tient de l'article L. 521-3 "
        "du code de justice administrative (CE, 28 novembre 2018, n° 420343)." in requete
    )
    assert "Une décision implicite de rejet qui naîtrait" not in requete
    # B2-1: the requête does not argue against itself; it is filed before the rejection, with a short delay
    assert (
        "La requérante saisit le juge des référés avant le 1er décembre 2026 et lui demande de statuer avant cette "
        "date, ou à tout le moins d'assortir l'injonction d'un bref délai d'exécution." in requete
    )
    assert "appellerait un recours pour excès de pouvoir" not in requete and "c'est pourquoi" not in requete
    assert "dans un délai de quarante-huit heures à compter de la notification de l'ordonnance" in requete
    note = texte_docx(produire(tmp_path / "note", data, ("orientation",)), "3-note-orientation.docx")
    assert "ensuite, la voie sera le recours pour excès de pouvoir contre cette décision, assorti si besoin d'un " \
        "référé-suspension." in note


# --- steps 1 to 4 not proven: neither the substitution nor the référé is announced --------------------------------


def incompletes(**personne) -> dict:
    """A first application not filed yet, no démarche logged: steps 1 to 4 are not proven."""
    data = copy.deepcopy(BASE)
    data["demande"].update(nature="premiere_demande", titre_actuel_expiration="", date_depot="")
    data["personne"].update(personne)
    return data


@pytest.mark.parametrize(
    "signataire, personne, attendu",
    [
        ("personne", {"civilite": "madame"}, "impossible, afin de pouvoir être accompagnée pour déposer ma demande."),
        ("personne", {"civilite": ""}, "afin de pouvoir bénéficier d'un accompagnement pour déposer ma demande."),
        (
            "accompagnant",
            {"civilite": "", "prenoms": "Eden", "nom": "ABEBE"},
            "afin qu'Eden ABEBE puisse bénéficier d'un accompagnement pour déposer sa demande.",
        ),
        (
            "accompagnant",
            {"civilite": "monsieur", "prenoms": "Moussa", "nom": "KONÉ"},
            "afin que M. KONÉ puisse être accompagné pour déposer sa demande.",
        ),
    ],
)
def test_steps_not_proven_the_dgef_message_asks_for_help_to_file(tmp_path, signataire, personne, attendu):
    data = incompletes(**personne)
    data["signataire"] = signataire
    r = produire(tmp_path, data)
    dgef = corps_eml(r, "1-signalement-dgef.eml")
    assert attendu in dgef
    assert "solution de substitution" not in dgef and "R. 431-2" not in dgef
    lettre = texte_docx(r, "2-courrier-prefecture.docx")
    assert "juge des référés" not in lettre and "L. 521-3" not in lettre


def test_steps_proven_the_substitution_and_the_referee_are_announced_with_elision(tmp_path):
    data = copy.deepcopy(BASE)
    data["demande"].update(date_depot="")
    data["demarches"] += [dict(RDV), dict(RDV_RELANCE)]  # attempts over a week (CE 435594)
    data["signataire"] = "accompagnant"
    data["personne"].update(civilite="", prenoms="Eden", nom="ABEBE")
    r = produire(tmp_path, data)
    dgef = corps_eml(r, "1-signalement-dgef.eml")
    assert (
        "afin qu'Eden ABEBE puisse solliciter auprès de la préfecture la solution de substitution prévue par "
        "l'article R. 431-2 du CESEDA." in dgef
    )
    assert "afin que Eden" not in dgef
    lettre = texte_docx(r, "2-courrier-prefecture.docx")
    assert "Eden ABEBE se réserve la possibilité de saisir le juge des référés" in lettre


# --- the note after an implicit rejection: what the requête needs, the late filing said -----------------------------


def test_the_note_after_a_rejection_says_the_proof_of_filing_is_required_and_the_late_filing(tmp_path):
    data = rejet()
    data["demande"]["titre_actuel_expiration"] = "2026-08-01"  # filed on 10 July, after the 60th day before expiry
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert (
        "La requête doit être accompagnée, à peine d'irrecevabilité, de la pièce justifiant de la date de dépôt de la "
        "demande, l'attestation de dépôt ANEF (article R. 412-1 du code de justice administrative)." in note
    )
    assert (
        "La demande de renouvellement a été déposée le 10 juillet 2026, après la période prévue par l'article "
        "R. 431-5 du CESEDA (du 3 avril 2026 au 2 juin 2026) : point à examiner avec l'avocat ou l'avocate avant le "
        "recours." in note
    )
    # filed within the period: nothing said
    dans = rejet()
    dans["demande"]["titre_actuel_expiration"] = "2026-10-15"
    note = texte_docx(produire(tmp_path / "dans", dans, ("orientation",)), "3-note-orientation.docx")
    assert "Stade de la procédure : décision implicite de rejet née." in note and "après la période" not in note


def test_the_note_cites_the_avis_on_incomplete_demandes_only(tmp_path):
    data = copy.deepcopy(BASE)
    data["blocage"]["piece_refusee"] = "attestation de l'employeur"  # completeness uncertain
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert (
        "si la préfecture le tient pour incomplet, son silence vaut refus implicite d'enregistrement, qui ne constitue "
        "pas une décision susceptible de recours (CE, avis, 10 octobre 2024, n° 494718) : la voie est alors le référé "
        "« mesures utiles ». Si une décision implicite de rejet naît le 20 janvier 2027, le recours sera à former au plus tard "
        "le 20 mars 2027." in note
    )
    # n° 493514 is about a demande sent by post: not cited for an incomplete demande
    assert "493514" not in note and "serait alors" not in note


def test_a_rejection_presumed_only_is_said_with_its_condition_in_the_note(tmp_path):
    """No API, no récépissé, the checklist not ticked: the silence « is » a rejection only if the dossier is
    regarded as complete — the note's introduction says so, and says it once."""
    data = ripe()
    data["demande"]["date_depot"] = "2026-07-10"
    data["blocage"]["types"] = ["instruction_bloquee"]
    note = texte_docx(produire(tmp_path, data, ("orientation",)), "3-note-orientation.docx")
    assert (
        "est restée sans réponse, et une décision implicite de rejet est née le 10 novembre 2026, si le dossier est "
        "regardé comme complet." in note
    )
    avant = note[: note.index("1. Situation")]
    assert avant.count("est née le 10 novembre 2026") == 1


def test_the_rights_kept_may_end_as_early_as_the_implicit_rejection(tmp_path):
    data = ripe()
    data["demande"].update(categorie="CR 2", titre="carte de résident", date_depot="2026-09-20")
    data["blocage"]["consequences"] = "Mon employeur m'a indiqué qu'il suspendrait mon contrat."
    sortie = produire(tmp_path, data, ("refere", "orientation"))
    requete = texte_docx(sortie, "4-refere-mesures-utiles.docx")
    # the garantie said as limited, never as lasting until the decision (B-B2)
    assert "cette garantie prend fin au plus tard le 10 février 2027, alors qu'aucune décision n'est annoncée" in requete
    assert "y compris une décision implicite de rejet" not in requete
    note = texte_docx(sortie, "3-note-orientation.docx")
    assert "Jusqu'à la décision prise sur sa demande, et au plus tard le 10 février 2027" in note
    # the person writes her note herself: first person throughout
    del data["accompagnant"]
    note = texte_docx(produire(tmp_path / "seule", data, ("orientation",)), "3-note-orientation.docx")
    assert "Jusqu'à la décision prise sur ma demande, et au plus tard le 10 février 2027" in note
    assert "je conserve mes droits sociaux et mon droit d'exercer une activité professionnelle" in note
    assert "la personne conserve" not in note


def test_the_teleservice_case_law_is_introduced_by_its_subject(tmp_path):
    """CE 452798 is about the obligation to use a téléservice: said so, and « jugé » (the founding decision)."""
    data = ripe()
    data["demande"]["date_depot"] = ""
    data["demarches"].insert(-1, dict(RDV_RELANCE))  # attempts over a week (CE 435594)
    data["blocage"]["types"] = copy.deepcopy(BASE["blocage"]["types"])
    requete = texte_docx(produire(tmp_path, data, ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "S'agissant de l'obligation de recourir à un téléservice, le Conseil d'État a jugé que « le pouvoir "
        "réglementaire ne saurait édicter une telle obligation" in requete
    )
    assert "a rappelé" not in requete


@pytest.mark.parametrize(
    "consequences, phrase",
    [
        (
            "L'employeur qui a signé une promesse d'embauche attend le récépissé.",
            "l'urgence résulte des conséquences concrètes de la situation (pièce n° 6) : l'employeur qui a signé une "
            "promesse d'embauche attend le récépissé.",
        ),
        (
            "France Travail a suspendu l'inscription.",
            "l'urgence résulte des conséquences concrètes de la situation (pièce n° 6), ainsi décrites : « France "
            "Travail a suspendu l'inscription. »",
        ),
    ],
)
def test_a_caseworker_text_after_a_colon_goes_on_lower_case_or_quoted(tmp_path, consequences, phrase):
    data = ripe()
    data["demande"].update(nature="premiere_demande", titre_actuel_expiration="")
    data["signataire"] = "accompagnant"
    data["blocage"]["consequences"] = consequences
    data["justificatifs"] = {"consequences": ["pieces/consequences.png"]}  # outside a renewal, proven by a pièce
    requete = texte_docx(produire(tmp_path, data, ("refere",)), "4-refere-mesures-utiles.docx")
    assert phrase in requete
    assert "situation : L'" not in requete and "situation : F" not in requete


def test_a_near_rejection_is_dated_once_in_the_note_with_its_condition(tmp_path):
    data = ripe()
    data["demande"]["date_depot"] = "2026-08-01"
    sortie = produire(tmp_path, data, ("orientation",))
    note = texte_docx(sortie, "3-note-orientation.docx")
    assert note.count("1er décembre 2026") == 1
    assert (
        "Une décision implicite de rejet naîtra au plus tôt le 1er décembre 2026, si le dossier est regardé comme "
        "complet (quatre mois après le dépôt" in note
    )
    assert (
        "Demande déposée le 1er août 2026 : en cas de décision implicite de rejet (voir ci-dessus), le recours sera à "
        "former au plus tard le 1er février 2027" in note
    )
    eml = corps_eml(sortie, "3-note-orientation.eml")
    assert " ".join(eml.split()).count("1er décembre 2026") == 1


def test_a_forced_draft_says_at_its_top_what_is_not_met_and_the_note_what_is_not_proven(tmp_path):
    from docx_texte import docx_text

    data = ripe()
    data["envoi"]["accuse_reception_le"] = None  # the référé is not open yet: produced on demand
    data["demarches"][-2]["pieces"] = []  # the request for a rendez-vous: no file proves it
    sortie = produire(tmp_path, data, ("refere", "orientation"))
    entete = " ".join(docx_text((sortie.dossier / "4-refere-mesures-utiles.docx").read_bytes(), "header").split())
    assert entete.startswith("Projet à compléter : ")
    # what to check of the avis de réception is said on screen, not in the pleading (B2-5)
    assert "La date de l'avis de réception n'est pas enregistrée" not in entete
    assert any(a.code == "refere_reception" for a in sortie.avertissements)
    assert (
        "aucune pièce ne prouve la démarche suivante : demande de rendez-vous « blocage ANEF » du 8 octobre 2026."
        in entete
    )
    assert entete.endswith("À relire par un ou une juriste avant tout dépôt.")
    note = texte_docx(sortie, "3-note-orientation.docx")
    assert (
        "Aucune pièce ne prouve la démarche suivante : demande de rendez-vous « blocage ANEF » du 8 octobre 2026 ; "
        "un recours ne pourra s'en prévaloir utilement que si la preuve en est jointe." in note
    )
    # every démarche proven, the titre and the dépôt too, the référé open: the plain header
    prouve = ripe()
    prouve["justificatifs"] = {"titre_sejour": ["pieces/titre.png"], "attestation_depot": ["pieces/depot.png"]}
    ouvert = produire(tmp_path / "ouvert", prouve, ("refere",))
    entete = " ".join(docx_text((ouvert.dossier / "4-refere-mesures-utiles.docx").read_bytes(), "header").split())
    assert entete == "Projet — à relire par un ou une juriste avant tout dépôt"


def test_the_pj_line_never_stands_alone_on_a_page(tmp_path):
    """Every paragraph from the last one of the body to the signature is kept with the next: the « P. J. » line
    goes over with them, never alone on a last page (note and letter to the préfecture)."""
    from docx_texte import W, parse_strict, xml_parts

    sortie = produire(tmp_path, ripe(), ("prefecture", "orientation"))
    for nom, debut in (
        ("3-note-orientation.docx", "Je vous remercie de l'attention"),
        ("2-relance-prefecture.docx", "Vous trouverez ci-joint la copie des pièces"),  # the first one was sent
    ):
        corps = parse_strict(xml_parts((sortie.dossier / nom).read_bytes())["word/document.xml"]).find(f"{W}body")
        paras = [
            (p, "".join(t.text or "" for t in p.iter(f"{W}t"))) for p in corps.iter(f"{W}p")
        ]
        textes = [t for _, t in paras]
        i = next(n for n, t in enumerate(textes) if t.startswith(debut))
        j = next(n for n, t in enumerate(textes) if t.startswith("P. J."))
        for p, t in paras[i:j]:
            if t.strip():
                assert p.find(f"{W}pPr/{W}keepNext") is not None, (nom, t)
