"""The tracking table: every deadline of every dossier, the most urgent first (``lettres suivi``, the web
home page). Rows are dataclasses with ``as_dict`` for JSON; nothing here prints.

Deadlines come from ``procedure.delais`` (the same as ``verifier``); their sentences from
``procedure.resume``; the next action from ``procedure.verification``. What this module adds is the
state of each deadline on a given day and the order of the rows (docs/suivi.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier import Dossier
from lettres.procedure.analyse import analyser
from lettres.procedure.delais import Echeances, delai
from lettres.procedure.resume import deadline_sentences
from lettres.procedure.situation import Situation
from lettres.procedure.urgences import base_rejet
from lettres.procedure.verification import next_action
from lettres.referentiel import charger_referentiel
from lettres.suivi.collecte import Probleme

# most serious first, when two deadlines fall on the same day
GENRES = ("fin_recours", "document_provisoire", "titre", "reponse_prefecture", "rejet_implicite")
# a_venir: still ahead; proche: within its alert window (data); en_retard: past and still calling for
# action; passee: past, and no longer what to act on (titre covered by an API, rejection already arisen…)
ETATS = ("en_retard", "proche", "a_venir", "passee")
# a démarche of step 6 (jurist, Défenseur des droits, lawyer) after the letter: someone took the référé up
SAISINES = ("saisine_juriste", "saisine_ddd", "saisine_avocat")


@dataclass(frozen=True)
class Echeance:
    """One dated deadline of a dossier, evaluated on the table's day."""

    genre: str  # one of GENRES
    libelle: str  # « Fin du titre », « Fin de l'API »…
    date: date
    jours: int  # days left; negative once past
    etat: str  # one of ETATS
    au_plus_tot: bool  # holds only if the dossier is regarded as complete (CE, avis, 10 octobre 2024)
    phrase: str  # the sentence of ``verifier``
    base: str = ""  # what the date rests on, without the day's count (« dépôt du … + 90 jours, art. … »)

    @property
    def en_retard(self) -> bool:
        return self.etat == "en_retard"

    def as_dict(self) -> dict[str, Any]:
        return {
            "genre": self.genre,
            "libelle": self.libelle,
            "date": self.date.isoformat(),
            "jours": self.jours,
            "etat": self.etat,
            "en_retard": self.en_retard,
            "au_plus_tot": self.au_plus_tot,
            "phrase": self.phrase,
        }


@dataclass(frozen=True)
class LigneSuivi:
    """One dossier in the table."""

    fichier: Path
    nom: str
    prenoms: str
    date_naissance: date
    prefecture: str  # code
    prefecture_nom: str
    situations: tuple[str, ...]  # codes, in the order letters treat them
    situation: str  # short labels, « API ou récépissé + Dépôt incomplet »
    echeances: tuple[Echeance, ...]  # by date
    etapes_manquantes: tuple[int, ...]
    action: str  # short
    action_detail: str  # the full sentence of ``verifier``
    action_avant_le: date | None
    cloture: str = ""  # the dossier's outcome (issue.cloture): a closed dossier has no deadline to watch
    cloture_le: date | None = None
    etapes_sans_piece: tuple[int, ...] = ()  # logged, but without the pièce that proves them

    @property
    def prochaine(self) -> Echeance | None:
        """The deadline to show: the most serious one overdue (an appeal period before a titre), else the
        nearest one ahead."""
        retard = [e for e in self.echeances if e.en_retard]
        if retard:
            return min(retard, key=lambda e: (GENRES.index(e.genre), e.date))
        ouvertes = [e for e in self.echeances if e.etat in ("proche", "a_venir")]
        return min(ouvertes, key=_ordre_echeance) if ouvertes else None

    @property
    def etapes_absentes(self) -> tuple[int, ...]:
        """The steps still to do that nothing is logged for (those logged without their pièce apart)."""
        return tuple(n for n in self.etapes_manquantes if n not in self.etapes_sans_piece)

    @property
    def en_retard(self) -> bool:
        return any(e.en_retard for e in self.echeances)

    @property
    def initiales(self) -> str:
        """« A. F. D. »: enough to tell people apart in a calendar, without their name."""
        mots = [*self.prenoms.replace("-", " ").split(), *self.nom.replace("-", " ").split()[:1]]
        return " ".join(f"{m[0].upper()}." for m in mots if m)

    def as_dict(self) -> dict[str, Any]:
        prochaine = self.prochaine
        return {
            "fichier": str(self.fichier),
            "nom": self.nom,
            "prenoms": self.prenoms,
            "date_naissance": self.date_naissance.isoformat(),
            "prefecture": self.prefecture,
            "prefecture_nom": self.prefecture_nom,
            "situations": list(self.situations),
            "situation": self.situation,
            "en_retard": self.en_retard,
            "prochaine_echeance": prochaine.as_dict() if prochaine else None,
            "echeances": [e.as_dict() for e in self.echeances],
            "etapes_manquantes": list(self.etapes_manquantes),
            "etapes_sans_piece": list(self.etapes_sans_piece),
            "prochaine_action": {
                "court": self.action,
                "quoi": self.action_detail,
                "avant_le": self.action_avant_le.isoformat() if self.action_avant_le else None,
            },
            "cloture": self.cloture or None,
            "cloture_le": self.cloture_le.isoformat() if self.cloture_le else None,
        }


@dataclass(frozen=True)
class Suivi:
    """The table of a set of dossiers on a given day, most urgent first, and the files that could not be read."""

    aujourd_hui: date
    lignes: tuple[LigneSuivi, ...]
    problemes: tuple[Probleme, ...] = ()
    avant: int | None = None  # the --avant filter applied, if any
    ignores: int = field(default=0, compare=False)  # YAML files that are not dossiers

    @property
    def en_retard(self) -> tuple[LigneSuivi, ...]:
        return tuple(ligne for ligne in self.lignes if ligne.en_retard)

    def within(self, jours: int) -> Suivi:
        """Only the dossiers whose next deadline falls within ``jours`` days (overdue ones included)."""
        lignes = tuple(ligne for ligne in self.lignes if (p := ligne.prochaine) is not None and p.jours <= jours)
        return replace(self, lignes=lignes, avant=jours)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date_du_jour": self.aujourd_hui.isoformat(),
            "avant_jours": self.avant,
            "dossiers": len(self.lignes),
            "en_retard": len(self.en_retard),
            "lignes": [ligne.as_dict() for ligne in self.lignes],
            "illisibles": [p.as_dict() for p in self.problemes],
        }


def _ordre_echeance(e: Echeance) -> tuple[date, int]:
    return e.date, GENRES.index(e.genre)


def _libelle_provisoire(e: Echeances) -> str:
    return "Fin du récépissé" if e.document_provisoire == "recepisse" else "Fin de l'API"


def _etat(jours: int, alerte: int | None, encore_utile: bool) -> str:
    if jours < 0:
        return "en_retard" if encore_utile else "passee"
    return "proche" if alerte is not None and jours <= alerte else "a_venir"


def row_echeances(dossier: Dossier, situation: Situation) -> tuple[Echeance, ...]:
    """Every dated deadline of the dossier with its state on the situation's day, by date."""
    e = situation.echeances
    today = e.aujourd_hui
    phrases = deadline_sentences(e)
    anticipation = delai("anticipation_api").nombre_jours
    found: list[Echeance] = []

    def add(
        genre: str,
        libelle: str,
        jour: date,
        etat_pour: tuple[int | None, bool],
        au_plus_tot: bool = False,
        base: str = "",
    ) -> None:
        jours = (jour - today).days
        found.append(
            Echeance(genre, libelle, jour, jours, _etat(jours, *etat_pour), au_plus_tot, phrases.get(genre, ""), base)
        )

    provisoire_valide = e.document_provisoire_fin is not None and e.document_provisoire_fin >= today
    decision = bool(dossier.demande.decision)
    # once an implicit rejection has arisen or a decision is notified, the route is the court: an expired
    # titre or API no longer calls for a request to the préfecture, the appeal period does
    route_changee = "rejet_implicite" in situation.codes or decision
    if e.titre_expiration is not None:
        # an expired titre no longer calls for anything while a valid API or récépissé covers the person, nor
        # once the demande is filed: the deadline to watch is then the implicit rejection (issue 20, B-C4)
        couvert = provisoire_valide or route_changee or e.depot is not None
        add("titre", "Fin du titre", e.titre_expiration, (anticipation, not couvert))
    if e.document_provisoire_fin is not None:
        add("document_provisoire", _libelle_provisoire(e), e.document_provisoire_fin, (anticipation, not route_changee))
    if e.refere_possible_le is not None and e.courrier_prefecture is not None:
        pris_en_charge = any(d.type in SAISINES and d.date >= e.courrier_prefecture for d in dossier.demarches)
        # the implicit rejection near: it is the deadline to act before, not a « référé possible » overdue
        suivant = pris_en_charge or route_changee or e.rejet_proche
        add("reponse_prefecture", "Référé possible", e.refere_possible_le, (None, not suivant))
    # a notified decision replaces the implicit one: its own delays are the lawyer's to compute
    if e.rejet_implicite is not None and not decision:
        incertain = not e.rejet_implicite_certain
        # an implicit rejection within the month comes first: the route changes on that day
        add(
            "rejet_implicite",
            "Rejet implicite",
            e.rejet_implicite,
            (delai("alerte_rejet_proche").nombre_jours, False),
            incertain,
            base_rejet(e),
        )
        if e.fin_recours is not None:
            # past the appeal period, the dossier is overdue only when the rejection is taken as arisen
            add(
                "fin_recours",
                "Fin du délai de recours",
                e.fin_recours,
                (delai("alerte_fin_recours").nombre_jours, "rejet_implicite" in situation.codes),
                incertain,
            )
    return tuple(sorted(found, key=_ordre_echeance))


def build_row(dossier: Dossier, fichier: Path, aujourd_hui: date) -> LigneSuivi:
    """One row of the table: the dossier's situation, deadlines, missing steps and next action."""
    referentiel = charger_referentiel()
    analyse = analyser(dossier, aujourd_hui)
    situation = analyse.situation
    etats = list(analyse.etapes)
    code = dossier.demande.prefecture
    prefecture = referentiel.prefectures.get(code)
    commun: dict[str, Any] = {
        "fichier": fichier,
        "nom": dossier.personne.nom,
        "prenoms": dossier.personne.prenoms,
        "date_naissance": dossier.personne.date_naissance,
        "prefecture": code,
        "prefecture_nom": prefecture.nom if prefecture else code,
        "situations": situation.codes,
        "etapes_manquantes": tuple(s.etape.numero for s in etats if s.a_faire),
        "etapes_sans_piece": tuple(s.etape.numero for s in etats if s.sans_preuve),
    }
    if dossier.issue.cloture:
        return LigneSuivi(**commun, **_closed(dossier))
    action = next_action(dossier, etats, situation, refere=analyse.refere)
    return LigneSuivi(
        **commun,
        situation=" + ".join(referentiel.situations[c]["court"] for c in situation.codes),
        echeances=row_echeances(dossier, situation),
        action=action.court,
        action_detail=action.quoi,
        action_avant_le=action.avant_le,
    )


def _closed(dossier: Dossier) -> dict[str, Any]:
    """A closed dossier (issue.cloture): shown as closed, without deadlines nor action, never overdue."""
    from lettres.dossier.valeurs import options
    from lettres.francais import date_courte

    issue = dossier.issue
    libelle = options("clotures")[issue.cloture]
    libelle = libelle if libelle[1:2].isupper() else libelle[:1].lower() + libelle[1:]
    quand = f" le {date_courte(issue.cloture_le)}" if issue.cloture_le else ""
    return {
        "situation": f"Clos : {libelle}",
        "echeances": (),
        "action": f"Aucune (dossier clos{quand})",
        "action_detail": f"Dossier clos{quand} : {libelle}. Plus aucune échéance n'est suivie.",
        "action_avant_le": None,
        "cloture": issue.cloture,
        "cloture_le": issue.cloture_le,
    }


def urgency(ligne: LigneSuivi) -> tuple:
    """Overdue first (the oldest deadline first), then by the nearest deadline, then those without any."""
    p = ligne.prochaine
    rang = 2 if p is None else (0 if p.en_retard else 1)
    quand = (p.date, GENRES.index(p.genre)) if p else (date.max, 0)
    return rang, quand, ligne.nom.casefold(), ligne.prenoms.casefold(), str(ligne.fichier)


# under this many files, one process is faster than starting a second one
PARALLELE_A_PARTIR_DE = 150


def _read_rows(
    paquet: list[tuple[Path, bool]], config: Any, aujourd_hui: date, build: Callable[..., Any] = build_row
) -> list[Any]:
    """Read and evaluate some dossier files: ``build(dossier, path, aujourd_hui)`` (a row), a Probleme, or None
    for a YAML file that is no dossier."""
    from lettres.erreurs import LettresError
    from lettres.suivi.collecte import one_line, read_dossier_file

    found: list[Any] = []
    for path, named in paquet:
        try:
            dossier = read_dossier_file(path, config, named=named)
        except LettresError as exc:
            found.append(Probleme(path, one_line(exc)))
            continue
        found.append(None if dossier is None else build(dossier, path, aujourd_hui))
    return found


def _worker_signals() -> None:
    """A reading process ends quietly when the pool stops it (SIGTERM): it does not inherit the command's
    handler, which would unwind it with a traceback."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _workers(n: int) -> int:
    """Two processes on Linux for a real caseload (fork: they inherit the data files already read)."""
    import os
    import sys

    if n < PARALLELE_A_PARTIR_DE or sys.platform != "linux":
        return 1
    return min(2, len(os.sched_getaffinity(0)))


def read_dossiers(
    chemins: Sequence[Path],
    aujourd_hui: date,
    config: Any = None,
    exclus: Sequence[Path] = (),
    processus: int | None = None,
    build: Callable[..., Any] = build_row,
) -> tuple[list[Any], tuple[Probleme, ...], int]:
    """Read every dossier under ``chemins`` and evaluate each with ``build(dossier, path, aujourd_hui)`` (a
    module-level function: it is sent to the other process): the results, the files that could not be read,
    and how many YAML files were not dossiers.

    Raises RepertoireIntrouvable when a folder does not exist. Each file is read once; a caseload of hundreds
    is shared between two processes (``processus`` forces the number: 1 for one process)."""
    from lettres.suivi.collecte import find_dossier_files

    nommes = {p for p in chemins if p.is_file()}
    fichiers = [(path, path in nommes) for path in find_dossier_files(chemins, exclus)]
    workers = processus or _workers(len(fichiers))
    if workers == 1:
        resultats = _read_rows(fichiers, config, aujourd_hui, build)
    else:
        import multiprocessing

        from lettres.dossier.valeurs import LISTES, options

        charger_referentiel()
        for nom in LISTES:
            options(nom)  # read once here: the other processes inherit them
        # this process reads its share while the others read theirs: one fork fewer, less to send back
        part = -(-len(fichiers) // workers)
        parts = [fichiers[i : i + part] for i in range(0, len(fichiers), part)]
        with multiprocessing.get_context("fork").Pool(len(parts) - 1, initializer=_worker_signals) as pool:
            autres = [pool.apply_async(_read_rows, (p, config, aujourd_hui, build)) for p in parts[1:]]
            resultats = _read_rows(parts[0], config, aujourd_hui, build)
            for autre in autres:
                resultats += autre.get()
    problemes = tuple(r for r in resultats if isinstance(r, Probleme))
    ignores = sum(1 for r in resultats if r is None)
    return [r for r in resultats if r is not None and not isinstance(r, Probleme)], problemes, ignores


def build_suivi(
    chemins: Sequence[Path],
    aujourd_hui: date,
    config: Any = None,
    exclus: Sequence[Path] = (),
    processus: int | None = None,
) -> Suivi:
    """Read every dossier under ``chemins`` and build the table at ``aujourd_hui`` (see ``read_dossiers``);
    an unreadable dossier becomes a Probleme."""
    lignes, problemes, ignores = read_dossiers(chemins, aujourd_hui, config, exclus, processus)
    return Suivi(aujourd_hui, tuple(sorted(lignes, key=urgency)), problemes, ignores=ignores)
