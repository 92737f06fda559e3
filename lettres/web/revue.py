"""The review before the documents (« Vérifier avant de produire les documents »): every answer, grouped by the
page that asks it, and what the analysis of the dossier still warns of, each with the page or field that fixes
it. It only phrases: the answers and the questions that apply come from the interview model, the warnings
from the same analysis as the generation's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lettres.dossier.entretien import Contexte, Modele
from lettres.dossier.questions import get, question, question_text
from lettres.francais import date_lettre
from lettres.web.formulaire import html_id
from lettres.web.parcours import ChampPage, Page, applicable, etapes, gate_default


@dataclass
class Reponse:
    libelle: str
    valeur: str
    ancre: str  # the field's HTML id on its page


@dataclass
class Groupe:
    """One page of the parcours and its answers, with the link that opens it to change them."""

    page: Page
    lien: str
    reponses: list[Reponse] = field(default_factory=list)


def _gate(champ: ChampPage, answers: dict) -> Reponse:
    value = answers.get(champ.key, gate_default(champ))
    texte = "Oui" if value is True else "Non" if value is False else "—"
    return Reponse(champ.label, texte, html_id(champ.key))


def _answer(champ: ChampPage, answers: dict, contexte: Contexte) -> Reponse | None:
    """A question that applies, as the review shows it; an optional one of « Autres informations » left empty
    is not listed."""
    if champ.private:
        return _gate(champ, answers)
    if not applicable(champ, answers):
        return None
    q = question(champ.key)
    value = get(answers, q.path)
    vide = value in (None, "", [])
    modele = Modele(answers, contexte)
    if vide and modele.fallback_known(q):
        connu = contexte.fallback(str(q.saisie.repli), answers).splitlines()[0]
        return Reponse(question_text(q, answers), f"{connu} (connue des réglages)", html_id(champ.key))
    if vide and champ.complement:
        return None
    return Reponse(question_text(q, answers), q.display(value), html_id(champ.key))


def _demarches(answers: dict) -> list[Reponse]:
    from lettres.referentiel import charger_referentiel

    libelles = charger_referentiel().types_demarche
    reponses = []
    for demarche in answers.get("demarches") or []:
        if not isinstance(demarche, dict):
            continue
        jour = demarche.get("date")
        quand = date_lettre(jour) if hasattr(jour, "year") else str(jour or "")
        pieces = len(demarche.get("pieces") or [])
        detail = f"{pieces} pièce{'s' if pieces > 1 else ''}" if pieces else "sans pièce"
        reponses.append(Reponse(quand, f"{libelles.get(demarche.get('type', ''), demarche.get('type', ''))} ({detail})", ""))
    return reponses


def groups(ident: str, answers: dict, contexte: Contexte) -> list[Groupe]:
    """Every page that applies, in order, with its answers."""
    result = []
    for p in etapes(answers):
        if p.demarches:
            result.append(Groupe(p, f"/dossier/{ident}/demarches?retour=revue", _demarches(answers)))
            continue
        reponses = [r for c in p.champs if (r := _answer(c, answers, contexte)) is not None]
        result.append(Groupe(p, f"/dossier/{ident}/page/{p.code}?retour=revue", reponses))
    return result


@dataclass(frozen=True)
class Point:
    """One thing to know before the documents: the fact, what to do, and the link to the page that does it."""

    texte: str
    a_faire: str = ""
    lien: str = ""
    libelle: str = ""


def _point(avertissement: Any, ident: str) -> Point:
    from lettres.web.avertissements import avertissement_web
    from lettres.web.conseils import link_for

    alerte = avertissement.alerte
    if alerte is None:
        web = avertissement_web(avertissement, ident)
        return Point(web.texte, lien=web.lien, libelle=web.libelle)
    lien = link_for(alerte.action, ident) if alerte.action else None
    return Point(alerte.message, alerte.quoi_faire, lien.href if lien else "", lien.texte if lien else "")


def warnings(path: Path, ident: str, config: Any, aujourd_hui: Any) -> list[Point]:
    """What the generation would warn of today, before the documents: the dated alerts, the rules the letter to
    the préfecture relies on, its recipient's missing address — each with the page or field that fixes it."""
    from lettres.config import load_dossier_configured
    from lettres.documents.generation import _avertissements
    from lettres.procedure.analyse import analyser

    dossier = load_dossier_configured(path, config)
    return [_point(a, ident) for a in _avertissements(analyser(dossier, aujourd_hui), ("prefecture",))]
