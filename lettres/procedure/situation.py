"""The situation of a dossier: which letter the facts call for (docs/situations.md).

Five situations, in the order letters treat them (``situations.yaml``):

- ``diligences_incompletes``: steps 1 to 4 of the fiche are not all proven, and the request would rest on
  R. 431-2 al. 3 (the demande could not be filed, or cannot be completed): letter 2 asks for
  accompagnement (al. 2) and never claims that every diligence was accomplished;
- ``depot_impossible``: the demande could not be filed, steps 1 to 4 proven: solution de substitution;
- ``depot_incomplet``: filed, but a pièce cannot be uploaded or the demande cannot be completed;
- ``api``: filed, and an API or récépissé is missing, expired or due soon, or the instruction is stuck;
- ``rejet_implicite``: the category's delay since the dépôt (R. 432-2) is past and the dossier is presumed complete;
  it excludes ``api`` (the attestation is renewed only while the préfet has not decided, R. 431-15-1).

The user may impose the situation (``situation`` in the dossier); the computed one is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lettres.dossier import Dossier
from lettres.francais import date_lettre, liste_fr
from lettres.procedure.delais import Echeances, compute_echeances, delai, depot_effectue
from lettres.procedure.etapes import EtatEtape, etat_etapes
from lettres.procedure.titre import ControlePieces, PieceTitre, controler_pieces, libelles
from lettres.referentiel import charger_referentiel

CODES = ("diligences_incompletes", "depot_impossible", "depot_incomplet", "api", "rejet_implicite")


@dataclass(frozen=True)
class Raison:
    """Why a situation was chosen (or not): the situation code and one French sentence."""

    code: str
    texte: str


@dataclass(frozen=True)
class Situation:
    """The situations of a dossier, in the order of ``situations.yaml``."""

    codes: tuple[str, ...]
    calculee: tuple[str, ...]  # what the facts give, even when the dossier imposes another situation
    forcee: bool
    raisons: tuple[Raison, ...]
    depot: bool  # the demande was filed
    diligences: bool  # steps 1 to 4 proven
    echeances: Echeances
    # steps 1 to 4 all logged, those unproven without any pièce: « faites mais non prouvées (aucune pièce) »
    sans_piece: bool = False
    # the provisional document at stake: « api » on the ANEF, « recepisse » for a paper dépôt, "" when unknown
    provisoire: str = ""

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    @property
    def principale(self) -> str:
        """The situation that decides the route: an implicit rejection overrides the others."""
        return "rejet_implicite" if "rejet_implicite" in self.codes else self.codes[0]

    @property
    def libelles(self) -> tuple[str, ...]:
        situations = charger_referentiel().situations
        return tuple(self._libelle(c, situations[c]) for c in self.codes)

    def _libelle(self, code: str, donnees: dict[str, Any]) -> str:
        if code == "diligences_incompletes" and self.sans_piece:
            return donnees.get("libelle_sans_piece", donnees["libelle"])
        if code == "api" and self.provisoire:  # the document the dossier calls for, not « API ou récépissé »
            return donnees.get(f"libelle_{self.provisoire}", donnees["libelle"])
        return donnees["libelle"]

    @property
    def substitution(self) -> bool:
        """Letter 2 may rest on R. 431-2 al. 3 and state that every diligence was accomplished."""
        return self.diligences and ("depot_impossible" in self.codes or "depot_incomplet" in self.codes)

    def as_dict(self) -> dict[str, Any]:
        situations = charger_referentiel().situations
        return {
            "codes": list(self.codes),
            "principale": self.principale,
            "libelles": list(self.libelles),
            "demandes": [situations[c]["demande"] for c in self.codes],
            "forcee": self.forcee,
            "calculee": list(self.calculee),
            "raisons": [{"code": r.code, "texte": r.texte} for r in self.raisons],
        }


def _libelles_blocage(types: list[str]) -> str:
    courts = charger_referentiel().blocages_courts
    return ", ".join(f"« {courts[t]} »" for t in types)


def _besoin_api(dossier: Dossier, e: Echeances) -> str | None:
    """Why an API (or récépissé) is to be asked for now, or None."""
    familles = charger_referentiel().familles_blocage
    instruction = [t for t in dossier.blocage.types if familles[t] == "instruction"]
    if instruction:
        return f"blocage déclaré : {_libelles_blocage(instruction)}"
    anticipation = delai("anticipation_api").nombre_jours
    quoi = "l'attestation de prolongation de l'instruction" if e.document_provisoire != "recepisse" else "le récépissé"
    fin = e.jours_avant_fin_provisoire
    if fin is not None and fin <= anticipation:
        etat = "a expiré" if fin < 0 else "expire"
        return f"{quoi} {etat} le {date_lettre(e.document_provisoire_fin)}"
    jours = e.jours_avant_expiration
    if not e.document_provisoire and jours is not None and jours <= anticipation:
        etat = "a expiré" if jours < 0 else "expire"
        return (
            f"le titre actuel {etat} le {date_lettre(e.titre_expiration)} et aucun document provisoire n'est enregistré"
        )
    return None


def _reserve_completude(manquantes: tuple[PieceTitre, ...], e: Echeances) -> str:
    """A required pièce missing from the checklist weakens a request for the API: said beside it."""
    if not manquantes or e.completude == "prouvee":
        return ""
    return (
        f" ; mais des pièces exigées ne sont pas cochées ({libelles(manquantes)}) : l'attestation n'est due que "
        "pour une demande complète (article R. 431-15-1 du CESEDA)"
    )


def _etapes_texte(manquantes: list[str]) -> str:
    """« l'étape 3 de la fiche n'est pas prouvée », « les étapes 2 et 3 de la fiche ne sont pas prouvées »."""
    if len(manquantes) == 1:
        return f"l'étape {manquantes[0]} de la fiche n'est pas prouvée"
    return f"les étapes {liste_fr(manquantes)} de la fiche ne sont pas prouvées"


def _non_depose(dossier: Dossier, diligences: bool, etapes: str) -> Raison:
    """The demande was never filed: the solution de substitution once steps 1 to 4 are proven, else accompagnement."""
    familles = charger_referentiel().familles_blocage
    types = dossier.blocage.types
    pourquoi = (
        "l'attestation de dépôt n'a jamais été délivrée"
        if "pas_attestation_depot" in types
        else "aucune date de dépôt n'est renseignée (« Date de dépôt de la demande »)"
    )
    apres = [t for t in types if familles[t] in ("completude", "instruction")]
    if apres:
        pourquoi += (
            f" ; les blocages {_libelles_blocage(apres)} supposent pourtant une demande déposée : "
            "si elle l'a été, renseignez la « Date de dépôt de la demande »"
        )
    if diligences:
        return Raison("depot_impossible", f"La demande n'a pas pu être déposée : {pourquoi}.")
    return Raison(
        "diligences_incompletes",
        f"La demande n'a pas pu être déposée ({pourquoi}) et {etapes} : la solution de substitution "
        "ne peut être demandée qu'après les étapes 1 à 4 ; le courrier demande un accompagnement.",
    )


def _faits_incomplet(dossier: Dossier, blocages: list[str], absentes: tuple[PieceTitre, ...]) -> list[str]:
    """What keeps a filed demande from being completed: the pièce asked for, the blockings, the pièces unticked."""
    d = dossier.demande
    faits = []
    if d.piece_demandee or d.piece_demandee_le:
        quand = f" le {date_lettre(d.piece_demandee_le)}" if d.piece_demandee_le else ""
        quoi = f" ({d.piece_demandee})" if d.piece_demandee else ""
        faits.append(f"la préfecture a demandé une pièce{quoi}{quand}")
    b = dossier.blocage
    if b.piece_refusee:
        depuis = f" depuis le {date_lettre(b.piece_refusee_depuis)}" if b.piece_refusee_depuis else ""
        faits.append(f"l'ANEF refuse la pièce « {b.piece_refusee} »{depuis}")
    if blocages:
        faits.append(f"blocage {_libelles_blocage(blocages)}")
    if absentes:
        faits.append(f"pièces exigées non cochées : {libelles(absentes)}")
    return faits


def _depot_incomplet(
    dossier: Dossier, diligences: bool, etapes: str, depose: str, absentes: tuple[PieceTitre, ...]
) -> list[Raison]:
    """Filed, but it cannot be completed (with accompagnement first while steps 1 to 4 are not proven)."""
    familles = charger_referentiel().familles_blocage
    types = dossier.blocage.types
    d = dossier.demande
    completude = [t for t in types if familles[t] == "completude"]
    # a pièce asked for cannot be added when the upload fails, or when the account itself is blocked
    acces = [t for t in types if familles[t] == "depot"] if d.piece_demandee or d.piece_demandee_le else []
    if not (completude or acces or dossier.blocage.piece_refusee):
        return []
    raisons: list[Raison] = []
    if not diligences:
        raisons.append(
            Raison(
                "diligences_incompletes",
                f"{etapes[:1].upper()}{etapes[1:]} : le courrier demande un accompagnement pour compléter la "
                "demande, sans affirmer que toutes les diligences ont été accomplies.",
            )
        )
    faits = _faits_incomplet(dossier, completude + acces, absentes)
    raisons.append(Raison("depot_incomplet", f"{depose}, mais elle ne peut pas être complétée : {' ; '.join(faits)}."))
    return raisons


# why a dossier counts as complete, which the implicit rejection requires
PRESOMPTIONS = {
    "prouvee": "le dossier est regardé comme complet (document provisoire délivré ou complétude confirmée)",
    "presumee": "aucune demande de pièce ni aucune incomplétude n'est notée au dossier",
}


def _rejet_implicite(dossier: Dossier, e: Echeances, depose: str) -> Raison | None:
    """The category's delay since the dépôt has run, no decision, and the dossier counts as complete."""
    presomption = PRESOMPTIONS.get(e.completude)
    if not e.rejet_implicite_atteint or dossier.demande.decision or not presomption:
        return None
    duree = e.delai_rejet.duree if e.delai_rejet else "le délai"
    return Raison(
        "rejet_implicite",
        f"{depose} : {duree} se sont écoulés depuis le dépôt (le {date_lettre(e.rejet_implicite)}, "
        f"{e.delai_rejet.references if e.delai_rejet else 'R. 432-2 du CESEDA'}) et {presomption}.",
    )


def _computed(
    dossier: Dossier, e: Echeances, diligences: bool, manquantes: list[str], absentes: tuple[PieceTitre, ...]
) -> list[Raison]:
    """The situations the facts point to, each with its reason (``absentes``: the required pièces unticked)."""
    etapes = _etapes_texte(manquantes)
    if not depot_effectue(dossier):
        return [_non_depose(dossier, diligences, etapes)]
    depose = f"Demande déposée le {date_lettre(dossier.demande.date_depot)}"
    raisons = _depot_incomplet(dossier, diligences, etapes, depose, absentes)
    reserve = _reserve_completude(absentes, e)
    rejet = _rejet_implicite(dossier, e, depose)
    # once the préfet has decided, implicitly, the API is no longer owed (R. 431-15-1 renews it only until then)
    api = _besoin_api(dossier, e) if rejet is None else None
    if api:
        raisons.append(Raison("api", f"{depose} ; {api}{reserve}."))
    if rejet is not None:
        raisons.append(rejet)
    if not raisons:
        # filed, and nothing about the dépôt or a pièce: what is left to ask is the instruction itself
        raisons.append(
            Raison(
                "api",
                f"{depose} ; aucun blocage de dépôt ou de pièce n'est déclaré : la demande porte sur "
                f"l'instruction et le document provisoire{reserve}.",
            )
        )
    return raisons


def compute_situation(
    dossier: Dossier,
    aujourd_hui: date,
    controle: ControlePieces | None = None,
    etats: list[EtatEtape] | None = None,
) -> Situation:
    """The situations of the dossier at ``aujourd_hui``, with the reasons ``verifier`` shows; ``controle`` and
    ``etats``, when the caller has them already (``analyse.analyser``), are this dossier's pièce check and steps."""
    controle = controle or controler_pieces(dossier)
    e = compute_echeances(dossier, aujourd_hui, controle)
    etats = etat_etapes(dossier) if etats is None else etats
    manquantes = [str(s.etape.numero) for s in etats if s.etape.numero <= 4 and not s.prouvee]
    diligences = not manquantes
    raisons = _computed(dossier, e, diligences, manquantes, controle.manquantes)
    calculee = tuple(c for c in CODES if any(r.code == c for r in raisons))
    forcee = bool(dossier.situation)
    codes = tuple(c for c in CODES if c in dossier.situation) if forcee else calculee
    if forcee:
        libelles = charger_referentiel().situations
        imposee = ", ".join(libelles[c]["libelle"].lower() for c in codes)
        raisons = [
            Raison(codes[0], f"Situation imposée par le dossier (question « Situation imposée ») : {imposee}."),
            *(r for r in raisons if r.code in codes),
        ]
    premieres = [s for s in etats if s.etape.numero <= 4]
    # every step logged, and those unproven carry no pièce at all (not a step 4 over less than a week)
    sans_piece = not diligences and all(s.faite and (s.prouvee or set(s.demarches) <= set(s.sans_piece)) for s in premieres)
    return Situation(
        codes, calculee, forcee, tuple(raisons), depot_effectue(dossier), diligences, e, sans_piece,
        _provisoire(dossier),
    )


def recepisse_en_jeu(dossier: Dossier) -> bool:
    """The dossier speaks of a récépissé (one issued, or its absence the blocking): a paper dépôt (R. 431-12),
    not the ANEF's attestation de prolongation de l'instruction."""
    return dossier.demande.document_provisoire == "recepisse" or "pas_recepisse" in dossier.blocage.types


def _provisoire(dossier: Dossier) -> str:
    """« recepisse » (``recepisse_en_jeu``), « api » when the demande was filed on the ANEF, "" otherwise."""
    if recepisse_en_jeu(dossier):
        return "recepisse"
    return "api" if depot_effectue(dossier) else ""
