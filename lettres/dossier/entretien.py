"""The interview as a model, without input or output: what to ask next (the démarches one after the other
included), which questions apply and which answers to forget when they no longer do, the value proposed
for a question, the choices offered with their labels and search words, the voice of texts copied into
the letters, and where a draft is kept. Both doors follow it: the terminal (``prompts/``) asks its steps
with its widgets, the web (``web/``) lays them out in pages.

Answers are raw dossier data (nested dicts); keys starting with ``_`` are the interview's own (a gate's
answer, « no other démarche », a half-typed answer) and never reach the dossier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier.fichier import omitted_when_empty
from lettres.dossier.nom import nouveau_dossier
from lettres.dossier.parcours import SECTIONS, Porte, Section, section_of
from lettres.dossier.questions import DEMARCHE_FIELDS, Question, drop, get, has, put, question
from lettres.dossier.schema import Dossier, validate_dossier
from lettres.dossier.valeurs import mots_cles
from lettres.francais import date_courte
from lettres.jour import date_du_jour
from lettres.referentiel import charger_referentiel

Answers = dict[str, Any]
EN_COURS = "_en_cours"  # the answer being typed when the interview was interrupted
NOUVELLE = "demarches.nouvelle"  # the step that starts a démarche, or ends the list
FINIES = "_demarches_finies"  # « no other démarche »: the list is complete
ENVOI_DEMARCHE = "_envoi"  # with a letter to the préfecture: its registered-mail number and receipt, as asked
AUCUNE_AUTRE = "_aucune"  # the choice that ends the list of démarches
DU_FICHIER = "_du_fichier"  # a démarche read from the dossier file: only its required fields are asked
# the time of a démarche is asked where a journal of calls or a visit shows it (one question less for the others)
AVEC_HEURE = ("appel_anef", "appel_pan", "visite_pan")
# a démarche of these types is the sending of the letter to the préfecture: its date is the letter's
LETTRE_ENVOYEE = ("courrier_prefecture",)
# text typed is inserted as such in the letters: it speaks with the voice of whoever signs them
VOIX = {
    False: "Écrivez à la première personne (« je ») : c'est la personne qui signe.",
    True: "Écrivez à la troisième personne (« Mme DIALLO… ») : vous signez les lettres.",
}


@dataclass(frozen=True)
class Choix:
    """One choice offered: its code, its label, and other words that find it (a préfecture's city)."""

    code: str
    libelle: str
    mots: str = ""


@dataclass
class Contexte:
    """What defaults and fallbacks are computed from: the day, and the user's configuration."""

    aujourd_hui: date = field(default_factory=date_du_jour)
    prefecture: str = ""  # the configuration's default préfecture
    contacts: dict[str, dict] = field(default_factory=dict)  # the configuration's préfecture addresses
    regle: Any = None  # what pièces may be (dossier/pieces.py), from the configuration
    accompagnant: dict = field(default_factory=dict)  # the configuration's accompagnant (« réglages »)

    def default(self, nom: str) -> Any:
        if nom == "aujourdhui":
            return self.aujourd_hui
        if nom == "configuration.prefecture":
            return self.prefecture or None
        return None

    def fallback(self, nom: str, answers: Answers) -> str:
        """``prefecture.courriel`` / ``prefecture.adresse``: the configuration's, else the data file's."""
        code = str(get(answers, ("demande", "prefecture")) or "")
        kind = nom.split(".")[1]
        configured = (self.contacts.get(code) or {}).get(kind)
        prefecture = charger_referentiel().prefectures.get(code)
        return str(configured or (getattr(prefecture, kind, "") if prefecture else ""))


def contexte_from(config: Any, aujourd_hui: date) -> Contexte:
    """The context of a ``Configuration`` (its préfecture, its addresses, its rule for pièces)."""
    return Contexte(
        aujourd_hui=aujourd_hui,
        prefecture=config.prefecture,
        contacts=dict(config.data.get("prefectures") or {}),
        regle=getattr(config, "pieces", None),
        accompagnant=dict(config.accompagnant or {}),
    )


@dataclass(frozen=True)
class Pas:
    """One step of the interview: what to ask, and where its answer goes."""

    ident: str  # « personne.nom », « demarches.2.date », « _orientation »: names it in drafts
    target: dict
    path: tuple[str, ...]
    question: Question | None = None
    porte: Porte | None = None
    section: str = ""
    conditions: dict | None = None  # what its conditions read (a démarche's fields); None: the answers


def asks_time(type_code: str) -> bool:
    """The time of a démarche is asked for calls and visits only (where a journal shows it)."""
    return type_code in AVEC_HEURE


def demarche_field_asked(type_code: str, name: str) -> bool:
    """Field ``name`` of a new démarche of type ``type_code`` is asked: the time for calls and visits only, the
    other fields as their conditions on the démarche say (what a letter to the préfecture asked, for a letter)."""
    if name == "heure":
        return asks_time(type_code)
    saisie = question(f"demarches.{name}").saisie
    demarche = {"type": type_code}
    return saisie.applicable(demarche) and saisie.demandee(demarche)


def demarche_step(number: int, demarche: dict, name: str) -> Pas:
    """Field ``name`` of démarche ``number`` (from 1)."""
    q = question(f"demarches.{name}")
    return Pas(f"demarches.{number}.{name}", demarche, (name,), q, section="demarches", conditions=demarche)


def with_sending_date(data: dict, answers: Answers) -> dict:
    """A letter to the préfecture logged in this interview records its sending date (``envoi.envoye_le``), as
    adding it on the web or with ``etape`` does: the latest one logged wins; those read from the file do not."""
    nouvelles = [d for d in answers.get("demarches") or [] if isinstance(d, dict) and not d.get(DU_FICHIER)]
    envoyees = [d["date"] for d in nouvelles if d.get("type") in LETTRE_ENVOYEE and d.get("date")]
    if envoyees:
        data.setdefault("envoi", {})["envoye_le"] = envoyees[-1]
    for demarche in nouvelles:  # the registered-mail number and the receipt asked with the letter (terminal)
        reponses = demarche.get(ENVOI_DEMARCHE)
        if demarche.get("type") != "courrier_prefecture" or not isinstance(reponses, dict):
            continue
        envoi = data.setdefault("envoi", {})
        if str(reponses.get("numero_recommande") or "").strip():
            envoi.update(recommande=True, numero_recommande=" ".join(str(reponses["numero_recommande"]).split()))
        if reponses.get("accuse_reception_le"):
            envoi["accuse_reception_le"] = reponses["accuse_reception_le"]
    return data


def envoi_step(number: int, demarche: dict, skip: frozenset[str] | set[str]) -> Pas | None:
    """For a letter to the préfecture logged now: its registered-mail number, then the date on the
    acknowledgement (Entrée: none yet), kept with the démarche until saved (``with_sending_date``)."""
    if demarche.get(DU_FICHIER) or demarche.get("type") != "courrier_prefecture" or not demarche.get("date"):
        return None
    reponses = demarche.setdefault(ENVOI_DEMARCHE, {})
    for cle in ("numero_recommande", "accuse_reception_le"):
        ident = f"demarches.{number}.envoi.{cle}"
        if cle not in reponses and ident not in skip:
            return Pas(ident, reponses, (cle,), question(f"envoi.{cle}"), section="demarches")
    return None


def strip_private(data: Any) -> Any:
    """The answers as dossier data: without the interview's own keys."""
    if isinstance(data, dict):
        return {k: strip_private(v) for k, v in data.items() if not str(k).startswith("_")}
    if isinstance(data, list):
        return [strip_private(v) for v in data]
    return data


def input_text(value: Any) -> str:
    """An answer as it is typed again (a date as JJ/MM/AAAA)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return date_courte(value)
    return str(value)


def type_choices() -> list[Choix]:
    """Démarche types, each with the step of the fiche it proves."""
    referentiel = charger_referentiel()
    words = mots_cles("types_demarche")
    choices = [
        Choix(code, f"{label} (étape {etape.numero})", words.get(code, ""))
        for etape in referentiel.etapes
        for code, label in etape.types.items()
    ]
    return choices + [Choix(code, label, words.get(code, "")) for code, label in referentiel.autres_types.items()]


def choices(q: Question, answers: Mapping[str, Any], required: bool = False) -> list[Choix]:
    """The choices of a question as both doors offer them: a démarche type with its step, a préfecture with
    its number and city, the pièces of the titre's own list; the empty choice only when not required."""
    if q.saisie.choix == "types_demarche":
        return type_choices()
    codes = q.choices_for(dict(answers))
    words = mots_cles(q.saisie.choix)
    if q.saisie.choix == "prefectures":
        villes = {c: p.ville for c, p in charger_referentiel().prefectures.items()}
        return [Choix(c, f"{c} — {label} ({villes.get(c, '')})", words.get(c, "")) for c, label in codes.items()]
    return [Choix(c, label, words.get(c, "")) for c, label in codes.items() if c or not required]


def voice(q: Question, answers: Mapping[str, Any]) -> str:
    """For texts copied as they are into the letters: in whose voice to write them."""
    if not q.saisie.voix:
        return ""
    return VOIX[get(dict(answers), ("signataire",)) == "accompagnant"]


def draft_path(target: Path) -> Path:
    """``diallo.yaml`` → ``diallo.brouillon.yaml``, beside it: the answers of an interview not finished."""
    return target.with_name(f"{target.stem}.brouillon.yaml")


def new_dossier_path(racine: Path, nom: str, prenoms: str) -> Path:
    """The one rule naming a new dossier, for both doors (``dossier/nom.py``): ``CAMARA_Fatou/dossier.yaml``,
    a folder of its own for its pièces, numbered ``-2``, ``-3`` when taken."""
    return nouveau_dossier(racine, nom, prenoms)


def initial_answers(accompagnant: Mapping[str, Any] | None) -> Answers:
    """A new dossier: the accompagnant's details from the configuration."""
    answers: Answers = {}
    if accompagnant:
        answers["accompagnant"] = dict(accompagnant)
        answers["_accompagnant"] = True
    return answers


def from_file(data: dict) -> Answers:
    """The answers of a dossier read from its file: its gates settled by what it holds, its démarches
    complete (only their required fields are asked)."""
    answers = {**data, FINIES: True, "_orientation": "orientation" in data, "_accompagnant": "accompagnant" in data}
    for demarche in answers.get("demarches") or []:
        if isinstance(demarche, dict):
            demarche[DU_FICHIER] = True
    return answers


class Modele:
    """What to ask next given ``answers``, in the order of ``sections``; asks nothing itself."""

    def __init__(
        self, answers: Answers, contexte: Contexte | None = None, sections: tuple[Section, ...] = SECTIONS
    ) -> None:
        self.answers = answers
        self.contexte = contexte or Contexte()
        self.sections = sections  # the parcours followed (none for the configuration's menu)

    @property
    def liste(self) -> list:
        """The démarches answered so far."""
        demarches = self.answers.setdefault("demarches", [])
        return demarches if isinstance(demarches, list) else []

    def asks(self, q: Question, context: Answers | None = None) -> bool:
        """Asked in the first pass: applies, is asked (``demander``), and no fallback already answers it."""
        context = self.answers if context is None else context
        saisie = q.saisie
        if not (saisie.applicable(context) and saisie.demandee(context)):
            return False
        return not self.fallback_known(q)

    def fallback_known(self, q: Question) -> bool:
        """Left empty, the question takes a value known elsewhere (the préfecture's address from the
        configuration or the data file): not asked in the first pass, offered in the review."""
        return bool(q.saisie.repli and self.contexte.fallback(q.saisie.repli, self.answers))

    def applies(self, q: Question) -> bool:
        """The question has a place now: its section is open (an optional one answered « oui ») and its
        conditions (``quand``) hold."""
        sec = section_of(q.key)
        if sec is not None and not sec.ouverte(self.answers):
            return False
        return q.saisie.applicable(self.answers)

    def next_step(
        self, sections: Iterable[Section] | None = None, skip: frozenset[str] | set[str] = frozenset()
    ) -> Pas | None:
        """The first question without an answer, among those not in ``skip``."""
        for sec in self.sections if sections is None else sections:
            step = self._next_in(sec, skip)
            if step is not None:
                return step
        return None

    def _next_in(self, sec: Section, skip: frozenset[str] | set[str]) -> Pas | None:
        if sec.code == "demarches":
            return self.next_demarche_step(skip)
        if sec.porte is not None and not sec.porte.tranchee(self.answers):
            if sec.porte.cle in skip:
                return None
            return Pas(sec.porte.cle, self.answers, (sec.porte.cle,), porte=sec.porte, section=sec.code)
        if not sec.ouverte(self.answers):
            return None
        for key in sec.champs:
            q = question(key)
            if key not in skip and not has(self.answers, q.path) and self.asks(q):
                return Pas(key, self.answers, q.path, q, section=sec.code)
        return None

    def demarche_wanted(self, demarche: dict, name: str) -> bool:
        """Field ``name`` of a démarche is asked: its pièces always, the time for calls and visits only, the
        other fields as they declare — only the required ones for a démarche read from the file."""
        q = question(f"demarches.{name}")
        if demarche.get(DU_FICHIER):
            return q.required
        if name == "heure" and not asks_time(str(demarche.get("type") or "")):
            return False  # the review (« Modifier une démarche ») still takes one
        return q.kind == "fichiers" or self.asks(q, demarche)

    def next_demarche_step(self, skip: frozenset[str] | set[str] = frozenset()) -> Pas | None:
        """The next field of a démarche without an answer, else « another démarche? » until the list ends."""
        for number, demarche in enumerate(self.liste, 1):
            if not isinstance(demarche, dict):
                continue
            for name in DEMARCHE_FIELDS:
                if name in demarche or f"demarches.{number}.{name}" in skip:
                    continue
                if self.demarche_wanted(demarche, name):
                    return demarche_step(number, demarche, name)
        if not self.answers.get(FINIES) and NOUVELLE not in skip:
            return Pas(NOUVELLE, self.answers, (FINIES,), question("demarches.type"), section="demarches")
        return None

    def pending(self) -> frozenset[str]:
        """Every question without an answer now: those a dossier file left out (optional questions skipped),
        which a correction must not ask again."""
        found: set[str] = set()
        while (step := self.next_step(skip=found)) is not None:
            found.add(step.ident)
        return frozenset(found)

    def left_out_by_file(self) -> frozenset[str]:
        """The optional questions without an answer that a dossier file leaves out when their answer is empty
        (« Aucun », a date « Inconnue », a question skipped): re-opening the file, their absence is that
        answer, not a question never seen — they are not asked again (the review still offers them)."""
        found: set[str] = set()
        left_out: set[str] = set()
        while (step := self.next_step(skip=found)) is not None:
            found.add(step.ident)
            q = step.question
            if q is None or step.porte is not None or step.section == "demarches":
                continue
            if not (q.required or q.saisie.obligatoire(self.answers)) and omitted_when_empty(q.path, q.default):
                left_out.add(step.ident)
        return frozenset(left_out)

    def default_value(self, step: Pas) -> Any:
        """The value proposed for a question: its answer, else none for a legal choice (``explicite``), else
        the context's (today, the configuration's préfecture), else the schema's default."""
        q = step.question
        assert q is not None
        if has(step.target, step.path):
            return get(step.target, step.path)
        if q.saisie.explicite:
            return None
        if q.saisie.defaut_de:
            return self.contexte.default(q.saisie.defaut_de)
        return q.default

    def prune(self) -> None:
        """Forget answers to questions that no longer apply, and optional sections closed again."""
        for sec in self.sections:
            if sec.porte is not None and sec.donnees and not sec.ouverte(self.answers):
                self.answers.pop(sec.donnees, None)
            for key in sec.champs:
                q = question(key)
                if not q.saisie.applicable(self.answers):
                    drop(self.answers, q.path)
                elif q.saisie.choix == "pieces_titre" and isinstance(cochees := get(self.answers, q.path), list):
                    # another category or kind of demande: only the pièces of the new list stay ticked
                    offertes = q.choices_for(self.answers)
                    if any(c not in offertes for c in cochees):
                        put(self.answers, q.path, [c for c in cochees if c in offertes])

    def validate(self) -> Dossier:
        return validate_dossier(with_sending_date(strip_private(self.answers), self.answers))
