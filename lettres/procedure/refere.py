"""When the référé « mesures utiles » (article L. 521-3 of the code de justice administrative) is the next step,
before which tribunal, and when it is not, which route applies instead (docs/situations.md).

It is offered when the letter to the préfecture was sent and its delay has passed unanswered, steps 1 to 4 of
the fiche are proven, urgency is shown (presumed for a renewal, otherwise the concrete consequences), and no
decision stands in the way: not after an implicit rejection (a recours within two months, with a
référé-suspension), nor against a refusal or an OQTF already notified (the measure may not hinder it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lettres.dossier import Dossier
from lettres.francais import date_lettre, liste_fr
from lettres.procedure.delais import Echeances
from lettres.procedure.etapes import EtatEtape, etat_etapes
from lettres.procedure.situation import Situation
from lettres.procedure.titre import ControlePieces, controler_pieces, libelles
from lettres.referentiel import charger_referentiel

# the situations a référé « mesures utiles » injunction answers, in the order of the requête
INJONCTIONS = ("depot_impossible", "depot_incomplet", "api")


@dataclass(frozen=True)
class Refere:
    """Whether the draft requête is offered, from when, before which tribunal, and why not."""

    possible: bool
    possible_le: date | None  # the préfecture's delay ends: from then on its silence makes the référé ripe
    tribunal: dict[str, Any] | None  # code, nom, ville, adresse (R. 312-1 and R. 221-3 CJA, tribunaux.yaml)
    manques: tuple[str, ...]  # what is missing before it is offered (French sentences)
    voie: str  # when it is not the route at all: which one is (one French sentence), else ""
    injonctions: tuple[str, ...]  # the situations the injunction covers
    # the implicit rejection is near: once it arises, this référé no longer fits (one French sentence)
    attention: str = ""
    # what the préfecture's territory calls for (a tribunal to verify, overseas rules): French sentences
    reserves: tuple[str, ...] = ()
    # the justificatifs the requête needs and the dossier lacks (keys of « justificatifs », in PIECES_REQUISES'
    # order): each is also said among ``manques``
    pieces: tuple[str, ...] = ()
    # the référé is offered although the avis de réception's date is not recorded (one French sentence)
    reception: str = ""
    # the latest capture that dates the missing attestation is more than a few days old (one French sentence)
    capture: str = ""

    @property
    def tribunal_nom(self) -> str:
        return self.tribunal["nom"] if self.tribunal else ""

    def phrase(self) -> str:
        """« Référé possible … » or why not, in one sentence (verifier, generer)."""
        devant = f" devant le {self.tribunal_nom[:1].lower()}{self.tribunal_nom[1:]}" if self.tribunal else ""
        if self.possible and self.possible_le:
            # without the avis de réception, the date is an estimate: the sentence that follows says the sending
            depuis = "" if self.reception else f" à partir du {date_lettre(self.possible_le)}"
            phrase = f"Référé « mesures utiles » possible{depuis}{devant}."
            phrase = f"{phrase} {self.reception}" if self.reception else phrase
            phrase = f"{phrase} {self.capture}" if self.capture else phrase
            phrase = f"{phrase} Attention : {self.attention}" if self.attention else phrase
            return " ".join((phrase, *self.reserves))
        if self.voie:
            return f"Pas de référé « mesures utiles » : {self.voie}."
        return f"Référé « mesures utiles » pas encore prêt{devant} : {' ; '.join(self.manques)}."

    def as_dict(self) -> dict[str, Any]:
        return {
            "possible": self.possible,
            "possible_le": self.possible_le.isoformat() if self.possible_le else None,
            "tribunal": dict(self.tribunal) if self.tribunal else None,
            "manques": list(self.manques),
            "voie": self.voie or None,
            "injonctions": list(self.injonctions),
            "attention": self.attention or None,
            "reserves": list(self.reserves),
            "pieces_manquantes": list(self.pieces),
            "reception": self.reception or None,
            "capture": self.capture or None,
            "phrase": self.phrase(),
        }


def _voie(dossier: Dossier, situation: Situation) -> str:
    e = situation.echeances
    if "rejet_implicite" in situation.codes and e.rejet_implicite:
        avant = f", au plus tard le {date_lettre(e.fin_recours)}" if e.fin_recours and not e.recours_expire else ""
        return (
            f"une décision implicite de rejet est née le {date_lettre(e.rejet_implicite)} ; la voie est un recours "
            f"pour excès de pouvoir devant le tribunal administratif{avant}, assorti d'un référé-suspension "
            "(article L. 521-1 du code de justice administrative), avec un avocat ou une avocate"
        )
    d = dossier.demande
    if d.decision:
        quoi = (
            "une obligation de quitter le territoire français"
            if d.decision == "oqtf"
            else "un refus de titre de séjour"
        )
        accord = "notifiée" if d.decision == "oqtf" else "notifié"
        quand = f" le {date_lettre(d.decision_le)}" if d.decision_le else ""
        return (
            f"{quoi} a été {accord}{quand}, et un référé « mesures utiles » ne peut pas faire obstacle à son "
            "exécution ; consultez sans attendre un avocat ou une avocate pour la contester"
        )
    return ""


def compute_refere(
    dossier: Dossier,
    situation: Situation,
    controle: ControlePieces | None = None,
    etats: list[EtatEtape] | None = None,
) -> Refere:
    """Whether document 5 (the draft requête) is offered for this dossier, at the situation's date (``controle``
    and ``etats``: the dossier's pièce check and steps, when the caller has them already)."""
    e = situation.echeances
    trouve = charger_referentiel().tribunal(dossier.demande.prefecture)
    tribunal = trouve.model_dump() if trouve else None
    injonctions = tuple(c for c in INJONCTIONS if c in situation.codes)
    voie = _voie(dossier, situation)
    if voie:
        return Refere(False, None, tribunal, (), voie, injonctions)
    manques = []
    etats = etat_etapes(dossier) if etats is None else etats
    etapes = [str(s.etape.numero) for s in etats if s.etape.numero <= 4 and not s.prouvee]
    if etapes:
        quoi = f"l'étape {etapes[0]}" if len(etapes) == 1 else f"les étapes {liste_fr(etapes)}"
        manques.append(f"{quoi} de la fiche {'reste' if len(etapes) == 1 else 'restent'} à prouver")
    # the pièces the requête's facts rest on, before the letter to the préfecture and its delay
    pieces = pieces_requises(dossier, situation, injonctions)
    manques += [PIECES_REQUISES[cle] for cle in pieces]
    manques += _courrier(e)
    if not e.urgence_presumee and not dossier.blocage.consequences:
        manques.append(
            "l'urgence, qui n'est pas présumée hors renouvellement, n'est pas établie : décrivez les conséquences "
            "concrètes du blocage (« Conséquences concrètes »)"
        )
    manquantes = (controle or controler_pieces(dossier)).manquantes
    if "api" in injonctions and manquantes and e.completude != "prouvee":
        manques.append(
            f"des pièces exigées ne sont pas cochées ({libelles(manquantes)}) : l'attestation de prolongation de "
            "l'instruction n'est due que pour une demande complète (article R. 431-15-1 du CESEDA)"
        )
    if not injonctions and not etapes:
        manques.append("la situation du dossier n'appelle aucune injonction (dépôt, pièce ou attestation)")
    reserves = tuple(charger_referentiel().avertissements_prefecture(dossier.demande.prefecture, tribunal=True))
    return Refere(
        not manques,
        e.refere_possible_le,
        tribunal,
        tuple(manques),
        "",
        injonctions,
        _attention(e),
        reserves,
        pieces,
        avertissement_reception(e),
        avertissement_capture(dossier, injonctions, e.aujourd_hui),
    )


def _courrier(e: Echeances) -> list[str]:
    """What the letter to the préfecture still lacks before the référé: its sending, or the end of its delay
    (without the avis de réception's date: five days of transit, then the delay)."""
    if e.courrier_prefecture is None:
        return [
            "le courrier à la préfecture n'a pas encore été envoyé (son envoi s'enregistre comme une démarche "
            "« Courrier à la préfecture »)"
        ]
    if e.delai_prefecture_expire or e.refere_possible_le is None:
        return []
    if e.reception_inconnue:
        return [
            f"le courrier à la préfecture a été envoyé le {date_lettre(e.courrier_prefecture)}, il y a "
            f"{_jours(e.jours_depuis_envoi)}, et la date de son avis de réception n'est pas enregistrée : avec "
            f"{e.acheminement_jours} jours d'acheminement et les {e.delai_prefecture_jours} jours de réponse demandés, "
            f"le référé sera possible à partir du {date_lettre(e.refere_possible_le)} ; ajoutez la date de l'avis de "
            "réception si vous l'avez"
        ]
    return [
        f"la préfecture a jusqu'au {date_lettre(e.fin_delai_prefecture)} pour répondre (référé possible à partir "
        f"du {date_lettre(e.refere_possible_le)} si elle ne répond pas)"
    ]


def _jours(nombre: int | None) -> str:
    return "1 jour" if nombre == 1 else f"{nombre} jours"


def avertissement_reception(e: Echeances) -> str:
    """Once a posted letter's delay is presumed over and its avis de réception's date is not recorded: the référé
    is offered (L. 521-3 CJA requires no prior request), with this sentence; "" otherwise."""
    if not (e.reception_inconnue and e.delai_prefecture_expire and e.courrier_prefecture):
        return ""
    return (
        f"La date de l'avis de réception n'est pas enregistrée ; le courrier a été envoyé le "
        f"{date_lettre(e.courrier_prefecture)}, il y a {_jours(e.jours_depuis_envoi)} : la requête peut être "
        "déposée ; ajoutez la date de l'avis de réception si vous l'avez."
    )


# the blockings a dated capture of the espace ANEF shows by itself: no attestation there to download
BLOCAGES_ATTESTATION = frozenset({"pas_api", "api_expiree", "instruction_bloquee"})
# how old the latest capture may be before one of the day of filing is asked for
JOURS_CAPTURE = 3


def derniere_capture(dossier: Dossier, injonctions: tuple[str, ...]) -> date | None:
    """The date of the latest capture d'écran with its file, when the requête dates the missing attestation by it
    (the injunction is the attestation and the blocking only its absence); None otherwise."""
    types = set(dossier.blocage.types)
    if "api" not in injonctions or not types or not types <= BLOCAGES_ATTESTATION:
        return None
    dates = [d.date for d in dossier.demarches if d.type == "capture_ecran" and d.pieces]
    return max(dates) if dates else None


def avertissement_capture(dossier: Dossier, injonctions: tuple[str, ...], aujourd_hui: date) -> str:
    """The requête says what the latest capture showed on its date: when it is more than a few days old, a
    capture of the day of filing is asked for; "" otherwise."""
    derniere = derniere_capture(dossier, injonctions)
    if derniere is None or (aujourd_hui - derniere).days <= JOURS_CAPTURE:
        return ""
    return (
        f"La dernière capture d'écran de l'espace ANEF date du {date_lettre(derniere)}, il y a "
        f"{_jours((aujourd_hui - derniere).days)} ; ajoutez une capture d'écran du jour du dépôt, qui montre que "
        "l'attestation n'est toujours pas disponible."
    )


# the justificatifs a requête cannot do without when it asserts their fact (key of « justificatifs » → what is
# missing, said in the words of the interview): the judge rules on the pièces, not on the dossier's entries
PIECES_REQUISES = {
    "attestation_depot": (
        "pièce à joindre aux justificatifs (« Attestation de dépôt ANEF ») : l'attestation de dépôt de la demande, "
        "ou une capture de l'espace ANEF montrant la demande déposée, sans laquelle la requête affirme un dépôt "
        "qu'elle ne prouve pas"
    ),
    "titre_sejour": (
        "pièce à joindre aux justificatifs (« Titre de séjour actuel ou dernier titre ») : le titre dont le "
        "renouvellement est demandé, qui prouve sa date d'expiration"
    ),
    "piece_a_transmettre": (
        "pièce à joindre aux justificatifs (« La pièce à transmettre elle-même ») : la pièce que le téléservice ne "
        "permet pas de transmettre, que la requête demande de faire accepter par une autre voie"
    ),
    "consequences": (
        "pièce à joindre aux justificatifs (« Courriers montrant les conséquences ») : le document qui prouve les "
        "conséquences concrètes du blocage (promesse d'embauche, courrier de l'employeur, de France Travail ou de la "
        "CAF…), l'urgence n'étant pas présumée hors renouvellement"
    ),
}


def pieces_requises(dossier: Dossier, situation: Situation, injonctions: tuple[str, ...]) -> tuple[str, ...]:
    """The justificatifs the requête rests on and the dossier lacks: the attestation de dépôt when it says the
    demande was filed (a pièce to accept, an attestation to deliver), the titre when it asks for its renewal,
    the pièce to accept when it asks that it be accepted, the document proving the consequences when the urgency
    rests on them (not presumed outside a renewal)."""
    j, d = dossier.justificatifs, dossier.demande
    requises = []
    if situation.echeances.depot and ("api" in injonctions or "depot_incomplet" in injonctions):
        requises.append("attestation_depot")
    if d.nature == "renouvellement" and injonctions:
        requises.append("titre_sejour")
    if "depot_incomplet" in injonctions:
        requises.append("piece_a_transmettre")
    if not situation.echeances.urgence_presumee and dossier.blocage.consequences.strip():
        requises.append("consequences")
    return tuple(cle for cle in requises if not getattr(j, cle))


# how close the implicit rejection must be for the référé's sentence to warn about it
JOURS_AVANT_REJET = 30


def _attention(e: Echeances) -> str:
    """The référé « mesures utiles » cannot stand in the way of a decision (L. 521-3 CJA): when the implicit
    rejection arises within the month, it must be filed before, or the route becomes the court against it."""
    if e.rejet_implicite is None or not 0 <= (e.rejet_implicite - e.aujourd_hui).days <= JOURS_AVANT_REJET:
        return ""
    plus_tot = "" if e.rejet_implicite_certain else " au plus tôt"
    return (
        f"la décision implicite de rejet naîtra{plus_tot} le {date_lettre(e.rejet_implicite)} ; une fois "
        "née, ce référé ne convient plus (il ne peut faire obstacle à une décision) et la voie devient le recours "
        "contre elle, avec un référé-suspension : déposez-le avant cette date, ou consultez un avocat ou une avocate."
    )
