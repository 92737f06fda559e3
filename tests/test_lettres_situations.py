"""The letters follow the situation: for each situation × signataire × civilité × recipient, what the text of
each document must say, and what it must never say."""

from __future__ import annotations

import copy
import re

import pytest

from aides import RDV_RELANCE
from conftest import AUJOURD_HUI, BASE, PNG, write_dossier
from docx_texte import docx_text, xml_parts
from lettres.cli.avertissements import phrases
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.erreurs import DocumentImpossible

RDV = {"type": "demande_rdv", "date": "2026-10-08", "detail": "Formulaire du PAN", "resultat": "aucun créneau", "pieces": ["captures/rdv.png"]}
COURRIER = {"type": "courrier_prefecture", "date": "2026-11-02", "detail": "Courrier recommandé", "resultat": ""}


def situation_data(code: str) -> dict:
    """The base dossier turned into one typical dossier of each situation."""
    data = copy.deepcopy(BASE)
    d = data["demande"]
    if code == "diligences_incompletes":
        d.update(date_depot="")  # not filed, step 4 missing
    elif code == "depot_impossible":
        d.update(date_depot="")
        data["demarches"] += [dict(RDV), dict(RDV_RELANCE)]
    elif code == "depot_incomplet":
        data["demarches"].append(dict(RDV))
        data["blocage"]["types"] = ["televersement"]
        d.update(
            piece_demandee="avis d'imposition", piece_demandee_le="2026-10-02", titre_actuel_expiration="2027-06-30"
        )
    elif code == "api":
        data["demarches"].append(dict(RDV))
        data["blocage"]["types"] = ["pas_api"]
        d.update(titre_actuel_expiration="2026-11-10")
    elif code == "rejet_implicite":
        data["demarches"].append(dict(RDV))
        data["blocage"]["types"] = ["api_expiree"]
        d.update(
            date_depot="2026-07-10",
            titre_actuel_expiration="2026-08-01",
            document_provisoire="api",
            document_provisoire_debut="2026-08-01",
            document_provisoire_fin="2026-10-31",
        )
    return data


OBJETS = {
    "diligences_incompletes": "Objet : Demande d'accompagnement pour déposer une demande de titre de séjour (art. R. 431-2, al. 2, du CESEDA)",
    "depot_impossible": "Objet : Demande de mise en œuvre de la solution de substitution (art. R. 431-2 du CESEDA)",
    "depot_incomplet": "Objet : Transmission d'une pièce par une autre voie que le téléservice ANEF (art. R. 431-2 et R. 431-11 du CESEDA)",
    "api": "Objet : Délivrance de l'attestation de prolongation de l'instruction (art. R. 431-15-1 du CESEDA)",
    "rejet_implicite": "Objet : Décision implicite de rejet de la demande de titre de séjour déposée le 10 juillet 2026",
}
DEMANDES = {
    "diligences_incompletes": "au point d'accueil numérique de la préfecture, afin",
    "depot_impossible": "d'utiliser le téléservice ANEF pour déposer",
    "depot_incomplet": "la pièce demandée par vos services (avis d'imposition) vous soit transmise par courrier, par courriel ou au guichet",
    "api": "l'attestation de prolongation de l'instruction prévue à l'article R. 431-15-1 du CESEDA",
    "rejet_implicite": "les motifs de la décision implicite de rejet née le 10 novembre 2026",
}
SITUATIONS = tuple(OBJETS)


def produce(tmp_path, data, lettres=None):
    path = write_dossier(tmp_path / "dossier", data)
    return generate(load_dossier(path), path.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def text(resultat, name: str) -> str:
    return docx_text((resultat.dossier / name).read_bytes())


@pytest.mark.parametrize("vers", ["juriste", "delegue_ddd", "avocat"])
@pytest.mark.parametrize("civilite", ["madame", "monsieur", ""])
@pytest.mark.parametrize("signataire", ["personne", "accompagnant"])
@pytest.mark.parametrize("code", SITUATIONS)
def test_matrix(tmp_path, code, signataire, civilite, vers):
    data = situation_data(code)
    data["signataire"] = signataire
    data["personne"]["civilite"] = civilite
    data["orientation"]["vers"] = vers
    forced = ("dgef", "prefecture", "orientation") if code == "rejet_implicite" else None
    r = produce(tmp_path, data, forced)
    lettre = text(r, "2-courrier-prefecture.docx")
    note = text(r, "3-note-orientation.docx")

    # the objet and the request fit the situation
    assert OBJETS[code] in lettre
    assert DEMANDES[code] in lettre
    # never « toutes les diligences » without steps 1 to 4; never the substitution once the demande was filed
    if code in ("diligences_incompletes", "api", "rejet_implicite"):
        assert "toutes les diligences" not in lettre
    if code not in ("depot_impossible",):
        assert "accueil physique permettant son enregistrement" not in lettre
    if code in ("diligences_incompletes", "api", "rejet_implicite"):
        assert "prévoit qu'« une solution de substitution" not in lettre
    if code == "rejet_implicite":
        assert "dans l'attente de la décision" not in lettre and "saisir le juge des référés" not in lettre
    # help labels of the blockage list never become facts
    assert "format, taille" not in lettre + note and "malgré un dossier complet" not in lettre + note

    # one voice: « je » when the person signs, her name otherwise
    court = {"madame": "Mme DIALLO", "monsieur": "M. DIALLO", "": "Aminata Fatou DIALLO"}[civilite]
    if signataire == "personne":
        corps = lettre[lettre.index("Je me permets") : lettre.index("Je vous prie d'agréer")]
        assert "me répondre par écrit" in corps and court not in corps
        assert "Courrier adressé avec l'accord" not in lettre
    else:
        assert "me répondre" not in lettre and " ma demande" not in lettre
        assert "La personne concernée\nAminata Fatou DIALLO" in lettre  # the person's own signature line
    # agreement by civilité; nobody signs with their own civilité
    if civilite == "":
        assert "Madame Aminata" not in lettre + note and "née le 12 avril" not in lettre + note
    else:
        ne = "Née" if civilite == "madame" else "Né"
        assert f"{ne} le 12 avril 1990 à Conakry (Guinée), de nationalité guinéenne" in lettre
    assert "\nMadame Aminata Fatou DIALLO\n12 rue" not in lettre

    # the note: recipient, truth about the préfecture, deadlines in the right tense
    assert {"juriste": "Madame, Monsieur,", "delegue_ddd": "Madame, Monsieur,", "avocat": "Maître,"}[vers] in note
    # one démarche with the préfecture, save two appointment attempts a week apart when not filed (CE 435594)
    assert code == "depot_impossible" or "Des démarches ont déjà été effectuées auprès de la préfecture" not in note
    if vers == "delegue_ddd" and code == "diligences_incompletes":
        # the letter to the préfecture goes out the same day: said, never « aucune démarche »
        assert "Aucune démarche auprès de la préfecture" not in note
        assert (
            "Un courrier à la préfecture est établi ce jour (27 novembre 2026), en même temps que la présente note ; "
            "aucune démarche antérieure auprès de la préfecture ne figure dans la chronologie ci-dessous." in note
        )
    elif vers == "delegue_ddd":  # the rendez-vous « blocage ANEF » was asked of the préfecture
        assert {
            "depot_impossible": "Des démarches ont déjà été effectuées auprès de la préfecture : deux demandes de "
            "rendez-vous « blocage ANEF » des 8 et 20 octobre 2026 (aucun créneau)."
        }.get(
            code,
            "Une démarche a déjà été effectuée auprès de la préfecture : demande de rendez-vous « blocage ANEF » "
            "du 8 octobre 2026 (aucun créneau).",
        ) in note
    if vers == "delegue_ddd":
        assert "ne suspend pas" in note
    if vers == "avocat":
        assert "Tribunal compétent : tribunal administratif de Marseille." in note
        assert "Aide juridictionnelle : non précisée." in note
    if code == "rejet_implicite":
        assert note.index("À traiter en priorité") < note.index("1. Situation")
        # said once, in the introduction; the urgent line goes on with the appeal period
        assert "une décision implicite de rejet est née le 10 novembre 2026" in note
        avant_situation = note[: note.index("1. Situation")]
        assert avant_situation.count("décision implicite de rejet est née le 10 novembre 2026") == 1
        assert "Le délai de recours contentieux de deux mois (article R. 421-2 du code de justice administrative)" in note
        assert "expire le 10 janvier 2027" in note
        assert "naîtra le 10 novembre" not in note and "naît le" not in note
    if code == "depot_incomplet":
        assert "naîtra au plus tôt le 20 janvier 2027, si le dossier est regardé comme complet" in note
    for past in re.findall(r"(naîtra|expirera)[^.]*? le (\d+ \w+ \d{4})", note):
        assert "2027" in past[1] or "décembre 2026" in past[1], past  # a future tense only for a future date


def test_rejet_implicite_leaves_letter_two_out_unless_asked(tmp_path):
    r = produce(tmp_path / "a", situation_data("rejet_implicite"))
    assert "2-courrier-prefecture.docx" not in r.fichiers and "3-note-orientation.docx" in r.fichiers
    raison = next(a for a, c in zip(phrases(r), r.codes, strict=True) if c == "prefecture")
    assert raison == (
        "Le courrier à la préfecture n'est pas produit : une décision implicite de rejet est née le 10 novembre 2026, "
        "et la voie est désormais un recours devant le tribunal administratif, au plus tard le 10 janvier 2027, avec un avocat "
        "ou une avocate (la note d'orientation le prépare) ; pour écrire quand même à la préfecture (motifs de la "
        "décision, réexamen), demandez-le avec --lettres prefecture."
    )
    # the dated alerts are said (the implicit rejection first); the référé is not offered, and the route is said
    assert "rejet_implicite_ne" in r.codes
    refere = next(a for a, c in zip(phrases(r), r.codes, strict=True) if c == "refere")
    assert (
        "la voie est un recours pour excès de pouvoir devant le tribunal administratif, au plus tard le 10 janvier 2027"
        in refere
    )
    forced = produce(tmp_path / "b", situation_data("rejet_implicite"), ("prefecture",))
    lettre = text(forced, "2-courrier-prefecture.docx")
    assert "retirer cette décision et réexaminer ma demande" in lettre
    assert "art. R. 432-1 et R. 432-2 du CESEDA" in lettre
    # verified on 6 December 2026: the request for reasons rests on L. 232-4 of the CRPA
    assert (
        "me communiquer les motifs de la décision implicite de rejet née le 10 novembre 2026, en application de "
        "l'article L. 232-4 du code des relations entre le public et l'administration" in lettre
    )


def test_several_situations_treated_in_order(tmp_path):
    data = situation_data("depot_incomplet")
    data["demande"]["titre_actuel_expiration"] = "2026-12-10"  # and the API is due
    lettre = text(produce(tmp_path, data), "2-courrier-prefecture.docx")
    assert (
        "Objet : Transmission d'une pièce par une autre voie que le téléservice ANEF (art. R. 431-2 et R. 431-11 du CESEDA) ; délivrance de l'attestation"
        in lettre
    )
    assert lettre.index("vous soit transmise par courrier") < lettre.index("mettre à ma disposition l'attestation")
    assert lettre.index("transmises par l'étranger dans un délai raisonnable") < lettre.index("le préfet est tenu de mettre")
    assert "prévoit qu'« une solution de substitution" not in lettre


def test_incomplete_diligences_with_a_piece_to_add(tmp_path):
    data = situation_data("depot_incomplet")
    data["demarches"] = [d for d in data["demarches"] if d["type"] != "demande_rdv"]
    lettre = text(produce(tmp_path, data), "2-courrier-prefecture.docx")
    assert "Objet : Demande d'accompagnement pour compléter une demande de titre de séjour" in lettre
    assert "à défaut, accepter que la pièce demandée par vos services (avis d'imposition) vous soit transmise" in lettre
    assert "toutes les diligences" not in lettre and "prévoit qu'« une solution de substitution" not in lettre
    assert "prévoit que « Les personnes qui ne sont pas en mesure d'effectuer elles-mêmes le dépôt en ligne" in lettre


def test_ddd_told_the_prefecture_steps_the_log_holds(tmp_path):
    data = situation_data("api")
    data["orientation"]["vers"] = "delegue_ddd"
    data["demarches"].append(dict(COURRIER))
    data["envoi"]["numero_recommande"] = "1A 234"
    note = text(produce(tmp_path, data), "3-note-orientation.docx")
    assert (
        "Des démarches ont déjà été effectuées auprès de la préfecture : demande de rendez-vous « blocage ANEF » du "
        "8 octobre 2026 (aucun créneau) ; courrier à la préfecture du 2 novembre 2026 (recommandé n° 1A 234), "
        "sans réponse enregistrée." in note
    )
    # no avis de réception recorded: the note says so and computes nothing
    assert "La date de réception de ce courrier, envoyé il y a " in note and "jours, n'est pas renseignée." in note
    assert "17 novembre 2026" not in note
    data["envoi"]["accuse_reception_le"] = "2026-11-04"
    note = text(produce(tmp_path / "ar", data), "3-note-orientation.docx")
    # a letter written elsewhere does not say which delay it gave: the time without answer is said, no « délai
    # demandé »; no copy of the letter and its AR among the pièces: counted from no receipt (test_relecture_juriste5)
    assert (
        "courrier à la préfecture du 2 novembre 2026 (recommandé n° 1A 234), resté sans réponse depuis son envoi "
        "(aucune pièce ne prouve la date de sa réception, d'où court le délai de quinze jours)." in note
    )
    assert "délai de réponse demandé" not in note


def test_the_person_writes_the_note_in_the_first_person(tmp_path):
    data = situation_data("api")
    del data["accompagnant"]
    note = text(produce(tmp_path, data), "3-note-orientation.docx")
    assert "je vous expose ma situation : ma demande de renouvellement" in note
    # the purpose comes first, not hung on the blocking (« … est bloquée …, afin de solliciter »)
    assert ", afin de solliciter" not in note
    # no API: what the screenshots prove, not a malfunction of the téléservice (lettres2, point 5)
    assert "reste sans attestation de prolongation de l'instruction sur le téléservice ANEF." in note
    assert "dysfonctionnement" not in note
    assert "J'accepte que les informations et pièces de ce dossier vous soient transmises." in note
    assert "Madame Aminata Fatou DIALLO a donné son accord" not in note and "que j'accompagne" not in note
    assert "– Je suis Aminata Fatou DIALLO, née le 12 avril 1990" in note


def test_typed_text_in_the_first_person_is_quoted_when_the_accompagnant_writes_the_note(tmp_path):
    data = situation_data("api")
    data["blocage"]["consequences"] = "Je risque de perdre mon emploi."
    note = text(produce(tmp_path, data), "3-note-orientation.docx")
    assert "« Je risque de perdre mon emploi. »" in note


def test_identity_and_status_pieces_in_one_sequence(tmp_path):
    data = situation_data("api")
    data["justificatifs"] = {
        "passeport": ["pieces/passeport.png"],
        "titre_sejour": ["pieces/titre.png", "pieces/verso.png"],
    }
    for name in ("passeport.png", "titre.png", "verso.png"):
        (tmp_path / "dossier" / "pieces").mkdir(parents=True, exist_ok=True)
        (tmp_path / "dossier" / "pieces" / name).write_bytes(PNG)
    r = produce(tmp_path, data)
    assert sorted(p.name for p in (r.dossier / "pieces").iterdir())[:4] == [
        "01_titre-sejour.png",
        "02_titre-sejour.png",
        "03_passeport.png",
        "04_2026-09-20_capture-ecran.png",
    ]
    bordereau = text(r, "bordereau-pieces.docx")
    assert "1\nCarte de séjour pluriannuelle « salarié » " in bordereau and "(1/2)\n01_titre-sejour.png" in bordereau
    assert "recto verso" not in bordereau
    lettre = text(r, "2-courrier-prefecture.docx")
    assert "P. J. : bordereau de pièces (7 pièces)" in lettre
    chronologie = lettre[lettre.index("Les démarches suivantes") :]
    assert "20/09/2026 à 10 h 42\nCapture d'écran ANEF\nErreur à la validation\n4" in chronologie


def test_prefet_or_prefete_from_the_dossier_or_the_configuration(tmp_path):
    data = situation_data("api")
    data["envoi"]["prefet_civilite"] = "madame"
    r = produce(tmp_path / "a", data)
    lettre = text(r, "2-courrier-prefecture.docx")
    assert "\nMadame la Préfète,\n" in lettre and "Monsieur le Préfet" not in lettre
    assert "Je vous prie d'agréer, Madame la Préfète, l'expression de ma haute considération." in lettre
    assert "prefet_civilite" not in r.codes
    r = produce(tmp_path / "b", situation_data("api"))
    assert "Madame la Préfète, Monsieur le Préfet," in text(r, "2-courrier-prefecture.docx")
    assert "prefet_civilite" in r.codes


def test_typography_of_the_dossier_text(tmp_path):
    data = situation_data("depot_impossible")
    data["personne"].update(civilite="", prenoms="Eden", nom="ABEBE")
    data["signataire"] = "accompagnant"
    data["demarches"][1]["detail"] = "Appel au 0 806 001 620, 12 minutes, ticket n° 4521"
    data["blocage"]["description"] = "Le bouton «Valider» reste grisé."
    r = produce(tmp_path, data)
    raw = (r.dossier / "2-courrier-prefecture.docx").read_bytes()
    xml = xml_parts(raw)["word/document.xml"].decode("utf-8")
    assert "0\u00a0806\u00a0001\u00a0620, 12\u00a0minutes, ticket n°\u00a04521" in xml
    assert "«\u00a0Valider\u00a0»" in xml
    assert "article R.\u00a0431-2 du CESEDA" in xml
    lettre = docx_text(raw)
    assert "l'accord d'Eden ABEBE" in lettre and "de Eden" not in lettre


def test_explicit_request_of_a_refused_note_still_fails(tmp_path):
    data = situation_data("rejet_implicite")
    data["consentement"]["transmission_tiers"] = False
    with pytest.raises(DocumentImpossible):
        produce(tmp_path, data, ("orientation",))
