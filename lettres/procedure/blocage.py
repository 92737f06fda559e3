"""The blocking as the dossier can date and prove it (docs/situations.md, « Ce que le blocage prouve »).

An attestation de prolongation de l'instruction is due only once the titre, or the previous attestation, has
expired (article R. 431-15-1 du CESEDA): its absence blocks nothing before that day, whatever date the dossier
gives the blocking. And its absence is a fact the screenshots prove, while its cause is not: the préfet makes the
attestation available through the téléservice, so the documents say what is missing, not that the téléservice
« malfunctions ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lettres.dossier import Dossier
from lettres.francais import date_lettre

TYPES_ATTESTATION = frozenset({"pas_api", "api_expiree"})
# the blockings that say nothing more than « the attestation is missing and the demande does not move »
TYPES_INSTRUCTION = TYPES_ATTESTATION | {"instruction_bloquee"}


def attestation_seule(dossier: Dossier) -> bool:
    """The blocking is only a missing (or expired, not renewed) attestation, maybe with a demande that does not
    move: nothing the téléservice is proven to refuse."""
    types = set(dossier.blocage.types)
    return bool(types & TYPES_ATTESTATION) and types <= TYPES_INSTRUCTION


def attestation_manquante(dossier: Dossier) -> str:
    """« attestation de prolongation de l'instruction non disponible » (« non renouvelée » once one expired): the
    blocking as a document's subject says it when it is only that; "" for any other blocking."""
    if not attestation_seule(dossier):
        return ""
    quoi = "non renouvelée" if "api_expiree" in dossier.blocage.types else "non disponible"
    return f"attestation de prolongation de l'instruction {quoi}"


@dataclass(frozen=True)
class Echeance:
    """The day the attestation became due, and what expired that day (« du titre », « de l'attestation »)."""

    jour: date
    quoi: str


def attestation_due(dossier: Dossier) -> Echeance | None:
    """When the missing attestation became due: at the titre's expiry (no attestation yet), at the end of the
    previous one (not renewed); None when the dossier does not say, or when the blocking is something else."""
    if not attestation_seule(dossier):
        return None
    d = dossier.demande
    types = set(dossier.blocage.types)
    if "api_expiree" in types and d.document_provisoire == "api" and d.document_provisoire_fin:
        return Echeance(d.document_provisoire_fin, "de l'attestation")
    if "pas_api" in types and d.titre_actuel_expiration:
        return Echeance(d.titre_actuel_expiration, "du titre")
    return None


def blocage_trop_tot(dossier: Dossier) -> Echeance | None:
    """The expiry the dossier's blocking date comes before (a missing attestation dated before it was due)."""
    due = attestation_due(dossier)
    if due is None or dossier.blocage.depuis >= due.jour:
        return None
    return due


def debut_blocage(dossier: Dossier) -> tuple[date, str]:
    """The day the documents date the blocking from, and how they say it: « Depuis le 14 octobre 2026 », or, when
    the stated start comes before the attestation was due, « Depuis l'expiration du titre, le 29 octobre 2026 »."""
    trop_tot = blocage_trop_tot(dossier)
    if trop_tot is None:
        return dossier.blocage.depuis, f"Depuis le {date_lettre(dossier.blocage.depuis)}"
    return trop_tot.jour, f"Depuis l'expiration {trop_tot.quoi}, le {date_lettre(trop_tot.jour)}"
