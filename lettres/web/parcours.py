"""The dossier's pages: the sections of the shared parcours (``dossier/parcours.py``, the terminal's order),
and when each question shows, from each field's own ``Saisie`` (``quand``, ``demander``) — the same
conditions as the terminal interview, read as data.

A page shows the questions the interview would ask now, plus those already answered; the questions the
interview asks only from its review screen (``demander=False``: the place before the date, the delay asked
of the préfecture…) are offered under « Autres informations ». An optional section opens with its yes/no
question (``Porte``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from lettres.dossier.entretien import Contexte, Modele
from lettres.dossier.entretien import voice as model_voice
from lettres.dossier.parcours import SECTIONS, Porte, Section
from lettres.dossier.questions import Question, get, has, question


@dataclass(frozen=True)
class ChampPage:
    key: str
    label: str = ""  # the yes/no question that opens an optional section (``_orientation``…)
    aide: str = ""
    complement: bool = False  # shown under « Autres informations »
    d_emblee: bool = False  # shown with the page's questions, though the terminal asks it from its review

    @property
    def private(self) -> bool:
        return self.key.startswith("_")


@dataclass(frozen=True)
class Page:
    code: str
    titre: str
    champs: tuple[ChampPage, ...]
    intro: str = ""

    @property
    def demarches(self) -> bool:
        return self.code == "demarches"


# questions the terminal keeps for its review that a page shows with its own questions, where a caseworker
# looks for them: the préfet's civilité beside the préfecture's addresses, not under « Autres informations »
D_EMBLEE = frozenset({"envoi.prefet_civilite"})


def _champs(section: Section) -> tuple[ChampPage, ...]:
    champs = []
    if section.porte is not None:
        champs.append(ChampPage(section.porte.cle, section.porte.question, section.porte.aide))
    for key in section.champs:
        plus_tard = question(key).saisie.demander is False
        champs.append(ChampPage(key, complement=plus_tard and key not in D_EMBLEE, d_emblee=key in D_EMBLEE))
    return tuple(champs)


@cache
def pages() -> tuple[Page, ...]:
    return tuple(Page(s.code, s.titre, _champs(s), s.intro) for s in SECTIONS)


def page(code: str) -> Page | None:
    return next((p for p in pages() if p.code == code), None)


@cache
def _porte(cle: str) -> Porte | None:
    return next((s.porte for s in SECTIONS if s.porte is not None and s.porte.cle == cle), None)


def applicable(champ: ChampPage, answers: dict[str, Any]) -> bool:
    """The question shows given the answers so far, as the interview model (``dossier/entretien.py``) says:
    it has a place now (its section open, its conditions true) and the interview asks it — in its first
    pass, or in its review (a complement, a value the configuration knows) — or it already has an answer."""
    if champ.private:
        porte = _porte(champ.key)
        return porte is None or porte.ouverte_si is None or not porte.ouverte_si.vraie(answers)
    modele, q = Modele(answers), question(champ.key)
    if not modele.applies(q):
        return False
    return champ.complement or champ.d_emblee or q.saisie.demandee(answers) or _filled(q, answers)


def complement(champ: ChampPage, answers: dict[str, Any], contexte: Contexte | None = None) -> bool:
    """Shown under « Autres informations », as the terminal offers it only from its review: never asked
    first (``demander=False``), or left unanswered because the configuration (or the data file) knows it."""
    if champ.complement:
        return True
    if champ.private:
        return False
    q = question(champ.key)
    return not _filled(q, answers) and Modele(answers, contexte).fallback_known(q)


def _filled(q: Question, answers: dict[str, Any]) -> bool:
    return get(answers, q.path) not in (None, "", [])


def prune(answers: dict[str, Any]) -> None:
    """Forget the answers to questions that no longer apply, and optional sections closed again (as the
    interview does)."""
    Modele(answers).prune()


def gate_default(champ: ChampPage) -> bool | None:
    porte = _porte(champ.key)
    return porte.defaut if porte is not None else None


def voice(key: str, answers: dict[str, Any]) -> str:
    """For texts copied as they are into the letters: in whose voice to write them (as the terminal says)."""
    return "" if key.startswith("_") else model_voice(question(key), answers)


def vide(p: Page, answers: dict[str, Any]) -> bool:
    """A page none of whose questions applies (the pièces of a titre without category): passed over."""
    return not p.demarches and not any(applicable(c, answers) for c in p.champs)


def etapes(answers: dict[str, Any]) -> list[Page]:
    """The pages visited one after the other, in the parcours' order: those with a question that applies, and
    the démarches (« Étape n sur N »: N is their number)."""
    return [p for p in pages() if not vide(p, answers)]


def suivante(current: Page, answers: dict[str, Any]) -> Page | None:
    order = list(pages())
    suite = [p for p in order[order.index(current) + 1 :] if not vide(p, answers)]
    return suite[0] if suite else None


def precedente(current: Page, answers: dict[str, Any]) -> Page | None:
    order = list(pages())
    avant = [p for p in order[: order.index(current)] if not vide(p, answers)]
    return avant[-1] if avant else None


def numero(current: Page, answers: dict[str, Any]) -> tuple[int, int]:
    """« Étape n sur N » of a page: its rank among the pages that apply, and their number."""
    suite = etapes(answers)
    rang = next((i for i, p in enumerate(suite, 1) if p.code == current.code), 0)
    return rang, len(suite)


def answered(key: str, answers: dict[str, Any]) -> bool:
    return answers.get(key) is not None if key.startswith("_") else has(answers, question(key).path)


def etape_context(current: Page, answers: dict[str, Any], retour: str = "") -> dict[str, Any]:
    """What a page of the parcours shows around its questions: « Étape n sur N », the pages that apply (its
    menu), the next and previous ones, and ``retour`` (« revue »: opened from the review, it goes back there)."""
    rang, total = numero(current, answers)
    return {
        "rang": rang,
        "total": total,
        "etapes": etapes(answers),
        "suivante": suivante(current, answers),
        "precedente": precedente(current, answers),
        "retour": retour,
    }
