"""Each sentence rests on a dossier fact, and no document says what the dossier does not hold.

- a table of (fact, document, sentence): with the fact the sentence is there; remove the fact and it is gone;
- a matrix over situation × signatory (person, accompagnant, lawyer) × recipient of the note × with or without
  pièces × acknowledgement date known or not, asserting on the text of every document (rendered once per case)."""

from __future__ import annotations

import copy
import email
import re
from email import policy

import pytest

from aides import COURRIER, RDV, produire
from conftest import BASE
from docx_texte import docx_text
from lettres.referentiel import charger_referentiel

pytestmark = pytest.mark.usefixtures("sans_libreoffice")


def situation(code: str) -> dict:
    """The base dossier turned into one dossier of the situation ``code`` (steps 1 to 4 logged)."""
    data = copy.deepcopy(BASE)
    data["demarches"].append(copy.deepcopy(RDV))
    d, b = data["demande"], data["blocage"]
    if code == "diligences_incompletes":
        d["date_depot"] = ""
        data["demarches"].pop()  # step 4 missing
    elif code == "depot_impossible":
        d["date_depot"] = ""
    elif code == "depot_incomplet":
        b.update(types=["televersement"], piece_refusee="attestation de l'employeur", piece_refusee_depuis="2026-09-28")
        d["titre_actuel_expiration"] = "2027-06-30"
    elif code == "api":
        b["types"] = ["pas_api"]
        d["titre_actuel_expiration"] = "2026-11-10"
    elif code == "rejet_implicite":
        b["types"] = ["api_expiree"]
        d.update(
            date_depot="2026-07-10",
            titre_actuel_expiration="2026-08-01",
            document_provisoire="api",
            document_provisoire_debut="2026-08-01",
            document_provisoire_fin="2026-10-31",
        )
    return data


def textes(r) -> dict[str, str]:
    """The text of every document written, by file name (a draft: its subject and plain body)."""
    lus = {}
    for nom in r.fichiers:
        chemin = r.dossier / nom
        if nom.endswith(".docx") and "/" not in nom:
            lus[nom] = " ".join(docx_text(chemin.read_bytes()).split())
        elif nom.endswith(".eml"):
            m = email.message_from_bytes(chemin.read_bytes(), policy=policy.default)
            lus[nom] = " ".join(f"{m['Subject']} {m['To']} {m.get_body(('plain',)).get_content()}".split())
    return lus


# --- fact → sentence ---------------------------------------------------------------------------------------------


def _api() -> dict:
    return situation("api")


def _refere() -> dict:
    data = situation("api")
    data["demarches"].append(copy.deepcopy(COURRIER))
    data["envoi"]["accuse_reception_le"] = "2026-11-05"
    return data


def _incomplet() -> dict:
    return situation("depot_incomplet")


def _set(path: str, value):
    def apply(data: dict) -> None:
        *parents, last = path.split(".")
        for p in parents:
            data = data.setdefault(p, {})
        data[last] = value

    return apply


def _objet_courrier(data: dict) -> None:
    data["demarches"][-1]["objet"] = ["api"]


def _piece_jointe(data: dict) -> None:
    data["justificatifs"] = {"piece_a_transmettre": ["pieces/attestation.png"]}


def _sans_pieces(data: dict) -> None:
    for d in data["demarches"]:
        d["pieces"] = []


# (name, dossier, fact added, letters, document, sentence present with the fact only)
FAITS = [
    ("message d'erreur", _api, _set("blocage.message_erreur", "Erreur 503"), None, "2-courrier-prefecture.docx",
     "Le message suivant s'affiche : « Erreur 503 »"),
    ("numéro ANEF", _api, _set("demande.numero_anef", "13-2026-0000001"), None, "2-courrier-prefecture.docx",
     "N° de la demande ANEF : 13-2026-0000001"),
    ("titre qui expire", _incomplet, _set("demande.titre_actuel_expiration", "2027-01-15"), None,
     "2-courrier-prefecture.docx", "titre de séjour expire le 15 janvier 2027."),
    ("pièce refusée", _api, _set("blocage.piece_refusee", "avis d'imposition"), None, "2-courrier-prefecture.docx",
     "téléservice refuse le téléversement de la pièce suivante : avis d'imposition"),
    ("pièce refusée, note", _api, _set("blocage.piece_refusee", "avis d'imposition"), None,
     "3-note-orientation.docx", "Pièce refusée par le téléservice : avis d'imposition."),
    ("pièce demandée", _incomplet, _set("demande.piece_demandee", "avis d'imposition"), None,
     "2-courrier-prefecture.docx", "ont demandé l'avis d'imposition."),
    ("pièce jointe", _incomplet, _piece_jointe, None, "2-courrier-prefecture.docx", "jointe au présent courrier"),
    ("conséquences", _api, _set("blocage.consequences", "Mon contrat est suspendu."), None,
     "3-note-orientation.docx", "Mon contrat est suspendu."),
    ("interprète", _api, _set("personne.interprete", "peul"), None, "3-note-orientation.docx", "Interprète : nécessaire (peul)."),
    ("avis de réception", _refere, _set("envoi.accuse_reception_le", "2026-11-05"), ("refere",),
     "4-refere-mesures-utiles.docx", "Reçu le 5 novembre 2026, ce courrier est resté sans réponse à ce jour."),
    ("objet du courrier", _refere, _objet_courrier, ("refere",), "4-refere-mesures-utiles.docx",
     "a demandé au préfet des Bouches-du-Rhône la délivrance de l'attestation de prolongation de l'instruction"),
    ("avocat qui dépose", _refere, _set("recours.avocat", "Maître Claire DURAND"), ("refere",),
     "4-refere-mesures-utiles.docx", "Maître Claire DURAND"),
    ("pièces des démarches", _api, lambda data: None, None, "2-courrier-prefecture.docx",
     "les numéros renvoient au bordereau de pièces joint"),
]


@pytest.mark.parametrize("nom, base, fait, lettres, document, phrase", FAITS, ids=[f[0] for f in FAITS])
def test_a_sentence_exists_only_with_its_fact(tmp_path, nom, base, fait, lettres, document, phrase):
    avec = base()
    fait(avec)
    sans = base()
    if nom == "avis de réception":
        sans["envoi"].pop("accuse_reception_le", None)
        lettres_sans = ("orientation",)  # without the date, the requête is not ripe: the note says so
    else:
        lettres_sans = lettres
    if nom == "pièces des démarches":
        _sans_pieces(sans)
    texte_avec = textes(produire(tmp_path / "avec", avec, lettres))[document]
    assert phrase in texte_avec
    sans_r = produire(tmp_path / "sans", sans, lettres_sans)
    assert all(phrase not in t for t in textes(sans_r).values()), nom


# --- the matrix ----------------------------------------------------------------------------------------------------

SITUATIONS = ("diligences_incompletes", "depot_impossible", "depot_incomplet", "api", "rejet_implicite")


def _extraits_verifies() -> list[str]:
    textes_ref = charger_referentiel().textes
    return [" ".join(t.extrait.split()).lower() for t in textes_ref.values() if t.extrait]


def _citations(texte: str) -> list[str]:
    """Long quotations between « » (the short ones are labels: « Nous contacter », « blocage ANEF »)."""
    return list(re.findall(r"«\s*([^«»]{80,}?)\s*»", texte))


@pytest.mark.parametrize("ar", [True, False], ids=["ar", "sans-ar"])
@pytest.mark.parametrize("avec_pieces", [True, False], ids=["pieces", "sans-pieces"])
@pytest.mark.parametrize("vers", ["juriste", "delegue_ddd", "avocat"])
@pytest.mark.parametrize("signe", ["personne", "accompagnant", "avocat"])
@pytest.mark.parametrize("code", SITUATIONS)
def test_matrix(tmp_path, code, signe, vers, avec_pieces, ar):
    data = situation(code)
    data["demarches"].append(copy.deepcopy(COURRIER))
    data["signataire"] = "personne" if signe == "avocat" else signe
    if signe == "avocat":
        data["recours"] = {"avocat": "Maître Claire DURAND"}
    data["orientation"].update(vers=vers)
    if vers == "avocat":
        data["orientation"].update(nom="Maître Claire DURAND", civilite="madame")
    if not avec_pieces:
        _sans_pieces(data)
    if ar:
        data["envoi"]["accuse_reception_le"] = "2026-11-05"
    r = produire(tmp_path, data)
    lus = textes(r)
    tout = " ".join(lus.values())
    note, dgef = lus["3-note-orientation.docx"], lus["1-signalement-dgef.eml"]
    requete = lus.get("4-refere-mesures-utiles.docx")

    # the préfecture asked for nothing here: never « la pièce demandée »
    assert "pièce demandée" not in tout and "ayant demandé" not in tout
    # quotations only of verified texts, or of what the person wrote
    permis = [*_extraits_verifies(), *(" ".join(str(data["blocage"][k]).split()).lower() for k in ("description", "consequences"))]
    for citation in _citations(tout):
        citation = " ".join(citation.replace("“", "« ").replace("”", " »").split()).lower()
        assert any(citation in p or p in citation for p in permis), citation

    if not avec_pieces:
        assert "P. J. : bordereau" not in tout and "renvoient au bordereau" not in tout
        assert "toutes les diligences" not in tout and "pièce n°" not in dgef
        assert requete is None
    # the préfecture letter logged: its delay counted from the acknowledgement, or said unknown
    if ar and avec_pieces:
        assert "resté sans réponse plus de quinze jours après sa réception le 5 novembre 2026." in note
        assert "Le délai de réponse demandé" not in note
    elif ar:  # the acknowledgement date typed, but no pièce proves it: the delay is not counted from it
        assert "resté sans réponse depuis son envoi (aucune pièce ne prouve la date de sa réception" in note
        assert "après sa réception le" not in note
        assert "Le délai de réponse demandé" not in note
    else:
        assert "La date de réception de ce courrier, envoyé il y a " in note and "n'est pas renseignée." in note and requete is None
    if code == "rejet_implicite":
        assert "Stade de la procédure : décision implicite de rejet née." in note and "à obtenir" not in note
        assert "mise à disposition de l'attestation" not in dgef and requete is None
        assert "2-courrier-prefecture.docx" not in lus
    if requete is not None:
        if signe == "avocat":
            assert "Maître Claire DURAND" in requete
        else:
            assert "Maître" not in requete and "article 37" not in requete and "Son conseil" not in requete
    # the note speaks to its recipient
    assert ("Maître," in note) == (vers == "avocat")
    if vers == "delegue_ddd":
        assert "Défenseur des droits" in note
