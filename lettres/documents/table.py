"""The documents lettres writes, as a table: for each, its Word template, its e-mail draft, whom the draft
goes to and what it carries, and when the situation leaves it out (``generation.py`` walks this table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from lettres.documents.avertissements import Avertissement, DocumentRefuse
from lettres.dossier import Dossier
from lettres.erreurs import DocumentImpossible
from lettres.francais import date_lettre
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.analyse import Analyse


def parse_lettres(texte: str | None) -> tuple[str, ...] | None:
    """``dgef,prefecture`` → ('dgef', 'prefecture'); None means every letter."""
    if texte is None:
        return None
    choix = tuple(dict.fromkeys(t.strip().lower() for t in texte.split(",") if t.strip()))
    inconnues = [c for c in choix if c not in LETTRES]
    if inconnues or not choix:
        raise DocumentImpossible(
            f"Lettre inconnue : {', '.join(inconnues) or '(aucune)'} ; valeurs possibles : {', '.join(LETTRES)}."
        )
    return choix


# the interview section and the field where the orientation note's missing facts are given
_ORIENTATION = "orientation"


def _orientation_refusal(dossier: Dossier) -> Avertissement | None:
    if not dossier.consentement.transmission_tiers:
        return Avertissement(
            "orientation",
            "La note d'orientation n'est pas produite : la personne n'a pas donné son accord à la transmission "
            "de son dossier à un tiers",
            "consentement",
            Action(Quoi.COMPLETER, section=_ORIENTATION, champ="consentement.transmission_tiers"),
        )
    if dossier.orientation is None:
        return Avertissement(
            "orientation",
            "La note d'orientation n'est pas produite : son destinataire (juriste, Défenseur des droits ou avocat) "
            "n'est pas indiqué",
            "destinataire",
            Action(Quoi.COMPLETER, section=_ORIENTATION, champ="orientation.vers"),
        )
    return None


def _prefecture_absent(analyse: Analyse) -> Avertissement | None:
    """In ``rejet_implicite``, a letter asking for the substitution no longer fits: the route is the court.
    Once letter 2 is recorded as sent, writing it again would date a second letter today, carrying the first
    one's registered-mail number and reopening its delay: it is written again only when asked for."""
    situation = analyse.situation
    e = situation.echeances
    ecrire = Action(Quoi.PRODUIRE, documents=("prefecture",))
    if "rejet_implicite" in situation.codes and e.rejet_implicite is not None:
        fin = f", au plus tard le {date_lettre(e.fin_recours)}" if e.fin_recours and not e.recours_expire else ""
        return Avertissement(
            "prefecture",
            f"Le courrier à la préfecture n'est pas produit : une décision implicite de rejet est née le "
            f"{date_lettre(e.rejet_implicite)}, et la voie est désormais un recours devant le tribunal "
            f"administratif{fin}, avec un avocat ou une avocate (la note d'orientation le prépare)",
            "rejet_implicite",
            ecrire,
        )
    if e.courrier_prefecture is not None:
        return Avertissement(
            "prefecture",
            f"Le courrier à la préfecture n'est pas produit de nouveau : il a été envoyé le "
            f"{date_lettre(e.courrier_prefecture)}",
            "deja_envoye",
            ecrire,
        )
    return None


def relance(analyse: Analyse) -> date | None:
    """When letter 2 was recorded as sent on an earlier day and is left out for that reason: asking for it by
    name then writes a relance, dated today, recalling the first letter (``courrier._relance``). None
    otherwise (not sent, sent today, or the route is now the court)."""
    absent = _prefecture_absent(analyse)
    envoye = analyse.echeances.courrier_prefecture
    if absent is None or absent.raison != "deja_envoye" or envoye is None or envoye >= analyse.echeances.aujourd_hui:
        return None
    return envoye


def _refere_absent(analyse: Analyse) -> Avertissement | None:
    """Document 5 only when the situation allows it; otherwise why not and which route applies — said once
    the référé is in sight (letter to the préfecture sent) or another route applies (« verifier » always
    says where the référé stands). An empty ``texte``: left out silently."""
    refere = analyse.refere
    if refere.possible:
        return None
    if not refere.voie and analyse.echeances.courrier_prefecture is None:
        return Avertissement("refere")  # left out silently: the letter to the préfecture comes first
    phrase = refere.phrase()
    raison = "voie" if refere.voie else "pas_encore"
    # the one fact the user can give at once: the date of the acknowledgement, which starts the delay
    action = Action(Quoi.ACCUSE_RECEPTION) if not refere.voie and analyse.echeances.reception_inconnue else None
    if action is None and refere.pieces:  # else the first pièce the requête needs, among the justificatifs
        raison = "pieces"
        action = Action(Quoi.COMPLETER, section="justificatifs", champ=f"justificatifs.{refere.pieces[0]}")
    return Avertissement(
        "refere",
        f"Le projet de requête en référé n'est pas produit — {phrase[:1].lower()}{phrase[1:-1]}",
        raison,
        action,
    )


def _signataire(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return [(ctx["expediteur"]["nom_complet"], ctx["expediteur"]["courriel"])]


def _auteur_note(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return [(ctx["expediteur_note"]["nom_complet"], ctx["expediteur_note"]["courriel"])]


def _copies(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    """Cc: the other party keeps a copy (the person when the accompagnant signs, and conversely)."""
    if dossier.signataire == "accompagnant":
        return [(ctx["personne"]["designation"], ctx["personne"]["courriel"])]
    acc = ctx["accompagnant"]
    return [(acc["nom_complet"], acc["courriel"])] if dossier.accompagnant is not None else []


def _nobody(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return []


Adresses = Callable[[Dossier, dict], list[tuple[str, str]]]


@dataclass(frozen=True)
class Document:
    """One document of the table: its Word template, its e-mail draft and what the draft carries.

    ``joints`` names the attachments: ``lettre`` (this document's .docx), ``bordereau``, ``pieces``
    (every numbered pièce) or ``captures`` (the screenshots only)."""

    code: str
    docx: str | None = None
    courriel: str | None = None  # prefix of email/PREFIX.objet.txt and email/PREFIX.corps.txt
    texte: bool = False  # also a .txt of the message (to paste in a web form)
    a: Adresses = _nobody
    cc: Adresses = _nobody
    de: Adresses = _signataire
    joints: tuple[str, ...] = ()
    avec_pieces: bool = False  # needs the bordereau and the pieces/ folder
    # why the document is left out unless asked for by name, given the analysis of the dossier
    absent_si: Callable[[Analyse], Avertissement | None] | None = None
    nom: str | None = None  # the files' name when it is not the templates' (a relance)

    @property
    def fichier_docx(self) -> str | None:
        """The name of the .docx written (the template's, or ``nom.docx``)."""
        return f"{self.nom}.docx" if self.nom and self.docx else self.docx

    @property
    def fichier_courriel(self) -> str | None:
        """What names the draft written (``PREFIX.eml``, ``PREFIX.txt``)."""
        return self.nom if self.nom and self.courriel else self.courriel


DOCUMENTS: tuple[Document, ...] = (
    Document(
        "dgef",
        courriel="1-signalement-dgef",
        texte=True,
        cc=_copies,
        joints=("captures",),
        a=lambda d, ctx: [(ctx["contacts"]["dgef_support"]["libelle"], ctx["contacts"]["dgef_support"]["courriel"])],
    ),
    Document(
        "prefecture",
        docx="2-courrier-prefecture.docx",
        courriel="2-courrier-prefecture",
        cc=_copies,
        joints=("lettre", "bordereau", "pieces"),
        avec_pieces=True,
        a=lambda d, ctx: [(ctx["prefecture"]["nom"], ctx["prefecture"]["courriel"])],
        absent_si=_prefecture_absent,
    ),
    Document(
        "orientation",
        docx="3-note-orientation.docx",
        courriel="3-note-orientation",
        de=_auteur_note,
        # the préfecture letter written with it, which the note asks to review: « courrier »
        joints=("lettre", "bordereau", "courrier", "refere"),
        avec_pieces=True,
        a=lambda d, ctx: [
            (ctx["orientation"]["nom"] or ctx["orientation"]["structure"], ctx["orientation"]["courriel"])
        ],
    ),
    Document("bordereau", docx="bordereau-pieces.docx", avec_pieces=True),
    Document("refere", docx="4-refere-mesures-utiles.docx", avec_pieces=True, absent_si=_refere_absent),
)
LETTRES = tuple(d.code for d in DOCUMENTS)
TEMPLATES_DOCX = tuple(d.docx for d in DOCUMENTS if d.docx)
BORDEREAU = next(d for d in DOCUMENTS if d.code == "bordereau")
# a relance has its own files: the letter sent stays where it is, under its own name, beside it
RELANCE_PREFECTURE = "2-relance-prefecture"
REFERE = next(d for d in DOCUMENTS if d.code == "refere")


def choose_documents(analyse: Analyse, lettres: tuple[str, ...] | None) -> tuple[list[Document], list[Avertissement]]:
    """The documents to write, and the warnings for those left out by default (asked for explicitly, a
    document left out by default is written; one that cannot be written is an error)."""
    avertissements: list[Avertissement] = []
    refus = _orientation_refusal(analyse.dossier)
    if lettres is None:
        retenus = []
        for document in DOCUMENTS:
            raison = refus if document.code == "orientation" else None
            raison = raison or (document.absent_si(analyse) if document.absent_si else None)
            if raison is None:
                retenus.append(document.code)
            elif raison.texte:
                avertissements.append(raison)
        lettres = tuple(retenus)
    elif "orientation" in lettres and refus:
        raise DocumentRefuse(refus)
    documents = [d for d in DOCUMENTS if d.code in lettres]
    if "prefecture" in lettres and relance(analyse) is not None:
        documents = [replace(d, nom=RELANCE_PREFECTURE) if d.code == "prefecture" else d for d in documents]
    if any(d.avec_pieces for d in documents) and BORDEREAU not in documents:
        documents.append(BORDEREAU)
    # the bordereau first: the other drafts attach it
    documents.sort(key=lambda d: d is not BORDEREAU)
    return documents, avertissements
