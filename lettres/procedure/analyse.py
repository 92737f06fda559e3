"""One analysis per dossier: everything the procedure says of it on a given day, computed once.

``analyser`` checks the pièces and the steps of the fiche once, then derives the deadlines and the situation from
them; the référé, the alerts and the préfecture follow from those when first read. Documents (their template context, which is built from the
analysis and never read back), the generation's warnings, ``verifier``, ``suivi`` and batches read this object
instead of computing each part again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from lettres.dossier import Dossier
from lettres.procedure.delais import Echeances
from lettres.procedure.etapes import EtatEtape, etat_etapes
from lettres.procedure.prefecture import FichePrefecture, fiche_prefecture
from lettres.procedure.refere import Refere, compute_refere
from lettres.procedure.regles import Alerte, check_rules
from lettres.procedure.situation import Situation, compute_situation
from lettres.procedure.titre import ControlePieces, controler_pieces
from lettres.procedure.urgences import check_deadlines
from lettres.referentiel import charger_referentiel


@dataclass(frozen=True)
class Destinataire:
    """The préfecture letter 2 is sent to, as far as the data and the dossier know it (the dossier's own
    values, completed from the configuration, come before the reference data)."""

    code: str  # département code of the préfecture
    adresse: str  # postal address of the foreigners' service, "" when unknown
    courriel: str  # e-mail address of the foreigners' service, "" when unknown
    civilite: str  # « madame », « monsieur », or "" when the préfet is not known

    @property
    def prefet_connu(self) -> bool:
        return bool(self.civilite)


def destinataire(dossier: Dossier) -> Destinataire:
    """Where letter 2 goes and to whom it is addressed, for this dossier."""
    data = charger_referentiel().prefectures[dossier.demande.prefecture]
    envoi = dossier.envoi
    return Destinataire(
        dossier.demande.prefecture,
        envoi.prefecture_adresse or data.adresse,
        envoi.prefecture_courriel or data.courriel,
        envoi.prefet_civilite or data.prefet_civilite,
    )


@dataclass(frozen=True)
class Analyse:
    """What the procedure says of one dossier on one day. The pièce check, the steps and the situation are
    computed with it; the other parts when first read, and never again (each is read by some callers only:
    the tracking table needs no alert). Alerts are shared objects: copy one before changing it
    (``dataclasses.replace``)."""

    dossier: Dossier
    aujourd_hui: date
    etapes: tuple[EtatEtape, ...]
    pieces: ControlePieces
    situation: Situation
    locaux: dict[str, Any] = field(default_factory=dict)  # the structure's contacts for its préfecture

    @property
    def echeances(self) -> Echeances:
        return self.situation.echeances

    @property
    def diligences(self) -> bool:
        """Steps 1 to 4 of the fiche proven (letter 2 may then state that every diligence was accomplished)."""
        return self.situation.diligences

    @cached_property
    def refere(self) -> Refere:
        return compute_refere(self.dossier, self.situation, self.pieces, list(self.etapes))

    @cached_property
    def alertes_delais(self) -> tuple[Alerte, ...]:
        """Dated alerts, most urgent first."""
        return tuple(check_deadlines(self.dossier, self.situation))

    @cached_property
    def alertes_regles(self) -> tuple[Alerte, ...]:
        """The procedure rules: the titre, its pièces, the steps of the fiche."""
        return tuple(check_rules(self.dossier, self.pieces, list(self.etapes)))

    @property
    def alertes(self) -> tuple[Alerte, ...]:
        """Every alert, the dated ones first: an implicit rejection matters more than a missing screenshot."""
        return self.alertes_delais + self.alertes_regles

    @cached_property
    def prefecture(self) -> FichePrefecture:
        return fiche_prefecture(self.dossier, self.locaux)

    @cached_property
    def destinataire(self) -> Destinataire:
        return destinataire(self.dossier)


def analyser(
    dossier: Dossier, aujourd_hui: date, locaux: dict[str, Any] | None = None, suggerer: bool = False
) -> Analyse:
    """The analysis of ``dossier`` at ``aujourd_hui``, each part computed once. ``locaux``: the structure's
    contacts for its préfecture; ``suggerer``: also look for the category a free titre seems to name (a fuzzy
    search, only for what ``verifier`` shows)."""
    pieces = controler_pieces(dossier, suggerer=suggerer)
    etats = etat_etapes(dossier)
    situation = compute_situation(dossier, aujourd_hui, pieces, etats)
    return Analyse(dossier, aujourd_hui, tuple(etats), pieces, situation, dict(locaux or {}))
