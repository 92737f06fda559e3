"""A page of the dossier as an HTML form, and the form's answers back as dossier data.

Each input comes from the schema's question (``dossier/questions.py``): its label, help, example, kind,
choices and checks; the page only chooses the widget (a list of radio buttons for a few choices, a list
for many, a text area for texts on several lines). Answers are read back through the question's own
check, so an impossible date or an invalid e-mail is refused here with the same French message as in
the terminal and the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from lettres.dossier.entretien import Contexte, choices
from lettres.dossier.entretien import input_text as model_input_text
from lettres.dossier.questions import Question, date_example, drop, get, has, put, question, question_text
from lettres.dossier.valeurs import NOMS, nom_ecrit
from lettres.jour import date_du_jour
from lettres.web.parcours import ChampPage, Page, applicable, complement, gate_default, voice

RADIOS_MAX = 5  # more choices than this: a drop-down list
OUI, NON = "oui", "non"
SAISIES = "_saisies"  # what was typed but refused, kept in the draft so that a reload shows it again


@dataclass
class Option:
    code: str
    label: str
    choisie: bool = False


@dataclass
class VueChamp:
    """One input of a page, ready for the template."""

    key: str
    ident: str  # the HTML id
    label: str
    aide: str
    exemple: str
    widget: str  # texte, zone, date, liste, radios, cases, oui_non, fichiers
    valeur: Any = ""
    options: list[Option] = field(default_factory=list)
    erreur: str = ""
    attention: str = ""  # a warning, not a refusal (a date in the future, or before the date it follows)
    obligatoire: bool = False
    visible: bool = True
    complement: bool = False
    nouvelle: bool = False  # opened by the answers just sent (the page came back with it)

    @property
    def aide_id(self) -> str:
        return f"{self.ident}-aide"

    @property
    def erreur_id(self) -> str:
        return f"{self.ident}-erreur"

    @property
    def attention_id(self) -> str:
        return f"{self.ident}-attention"

    @property
    def decrit_par(self) -> str:
        ids = [self.aide_id] if self.aide or self.exemple else []
        ids += [self.erreur_id] if self.erreur else []
        return " ".join([*ids, self.attention_id] if self.attention else ids)


def html_id(key: str) -> str:
    return "champ-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _choices(q: Question, answers: dict) -> list[tuple[str, str]]:
    """The codes and labels offered, as the interview model offers them (a démarche type with its step, a
    préfecture with its number and city, the pièces of the titre's own list)."""
    return [(c.code, c.libelle) for c in choices(q, answers)]


def _note(q: Question, answers: dict) -> str:
    """Which list of pièces is offered (and that an unverified one is to be checked), as the terminal says."""
    if q.saisie.choix != "pieces_titre":
        return ""
    from lettres.dossier.titre import liste_des_reponses

    liste = liste_des_reponses(answers)
    return liste.note() if liste is not None else ""


def _propositions(q: Question) -> list[Option]:
    """A free line's suggestions (a datalist): the titre's categories, by the name a letter gives them; the
    préfectures by their number, with their name and city."""
    if q.saisie.choix == "prefectures":
        return [Option(code, label) for code, label in _choices(q, {})]
    if q.saisie.propositions != "titres":
        return []
    from lettres.dossier.titre import catalogue

    return [Option(t.nom, t.intitule) for t in catalogue()]


def input_text(value: Any) -> str:
    """An answer as it is typed again (a date as JJ/MM/AAAA, as the interview model writes it; yes/no as the
    form's radio buttons)."""
    if isinstance(value, bool):
        return OUI if value else NON
    return model_input_text(value)


def _is_required(q: Question, answers: dict) -> bool:
    return q.required or q.saisie.obligatoire(answers)


def _widget(q: Question, nombre_choix: int) -> str:
    kind = q.kind
    if q.saisie.choix == "prefectures":
        return "texte"  # a hundred préfectures: typed (« lyon », « Rhône », « 69 ») with suggestions
    if kind == "choix":
        return "radios" if nombre_choix <= RADIOS_MAX else "liste"
    return {
        "texte": "zone",
        "choix_multiple": "cases",
        "booleen": "oui_non",
        "fichiers": "fichiers",
        "date": "date",
    }.get(kind, "texte")


def view(
    page: Page,
    answers: dict,
    saisies: dict[str, str],
    erreurs: dict[str, str],
    aujourd_hui: date | None = None,
    contexte: Contexte | None = None,
) -> list[VueChamp]:
    """Every input of the page, filled with the answers (or what was typed and refused); ``contexte`` gives
    the value a question with a fallback takes when left empty (the configuration's, the data file's): such
    a question is offered under « Autres informations », as the terminal offers it only in its review."""
    aujourd_hui = aujourd_hui or date_du_jour()
    return [
        _gate_view(champ, answers, erreurs)
        if champ.private
        else _question_view(champ, answers, saisies, erreurs, aujourd_hui, contexte)
        for champ in page.champs
    ]


def _gate_view(champ: ChampPage, answers: dict, erreurs: dict[str, str]) -> VueChamp:
    """A yes-or-no of the page itself (not a dossier question): which part of the page applies."""
    value = answers.get(champ.key, gate_default(champ))
    return VueChamp(
        champ.key,
        html_id(champ.key),
        champ.label,
        champ.aide,
        "",
        "oui_non",
        input_text(value) if value is not None else "",
        [Option(OUI, "Oui", value is True), Option(NON, "Non", value is False)],
        erreur=erreurs.get(champ.key, ""),
        obligatoire=True,
        visible=applicable(champ, answers),
    )


def _question_view(
    champ: ChampPage,
    answers: dict,
    saisies: dict[str, str],
    erreurs: dict[str, str],
    aujourd_hui: date,
    contexte: Contexte | None,
) -> VueChamp:
    from lettres.dossier.questions import date_warnings

    q = question(champ.key)
    value = get(answers, q.path) if has(answers, q.path) else None
    choices = _choices(q, answers)
    vue = VueChamp(
        champ.key,
        html_id(champ.key),
        question_text(q, answers),
        _help(champ, q, answers, contexte.fallback if contexte is not None else None),
        _example(q, aujourd_hui),
        _widget(q, len(choices)),
        erreur=erreurs.get(champ.key, ""),
        obligatoire=_is_required(q, answers),
        visible=applicable(champ, answers),
        complement=complement(champ, answers, contexte),
    )
    _fill(vue, q, value, choices, saisies)
    if champ.key not in saisies and not vue.erreur:
        vue.attention = " ".join([*date_warnings(q, value, answers, aujourd_hui), avis(champ.key, answers)]).strip()
    return vue


AVIS = ("demande.titre",)  # the questions ``avis`` speaks of


def avis(key: str, answers: dict) -> str:
    """What a question's answer, accepted, leaves to know at once (not a refusal): a titre typed that names no
    category of the pièce lists — the pièces of the demande will not be checked."""
    if key not in AVIS:
        return ""
    from lettres.dossier.titre import catalogue, categorie_des_reponses

    titre = str(get(answers, ("demande", "titre")) or "").strip()
    if not titre or categorie_des_reponses(answers) is not None:
        return ""
    suggestion = catalogue().trouver(titre)
    proche = f" ; il semble relever de « {suggestion.intitule} »" if suggestion is not None else ""
    return (
        f"ce titre ne correspond à aucune catégorie de la liste{proche}. Choisissez l'une des propositions "
        "sous le champ, ou la catégorie du titre sous « Autres informations » : sans catégorie, les pièces de "
        "la demande ne sont pas contrôlées. Un autre texte reste accepté."
    )



def _example(q: Question, aujourd_hui: date) -> str:
    if q.kind == "date":  # every way of writing a date is read: say so, as the terminal does
        return date_example(q, aujourd_hui)
    return q.saisie.exemple if q.saisie.exemple not in q.help else ""


def _help(champ: ChampPage, q: Question, answers: dict, repli: Any) -> str:
    connu = repli(q.saisie.repli, answers) if repli is not None and q.saisie.repli else ""
    textes = (_note(q, answers), q.help, voice(champ.key, answers), _fallback_note(connu))
    return " ".join(t for t in textes if t)


def _fallback_note(connu: str) -> str:
    """What an empty answer will be replaced with (its first line only)."""
    if not connu:
        return ""
    lines = connu.splitlines()
    return f"Vide : {lines[0]}{' …' if len(lines) > 1 else ''}."


def _current(q: Question, value: Any) -> Any:
    """The answer shown as chosen: the default only when the choice is not one the user must make."""
    if value is not None:
        return value
    return None if q.saisie.explicite else q.default


def _fill(vue: VueChamp, q: Question, value: Any, choices: list[tuple[str, str]], saisies: dict[str, str]) -> None:
    """The widget's value or options (what was typed and refused comes back as typed)."""
    if vue.widget in ("radios", "liste"):
        current = _current(q, value)
        vue.options = [Option(code, label, code == current) for code, label in choices]
    elif vue.widget == "cases":
        vue.options = [Option(code, label, code in (value or [])) for code, label in choices]
    elif vue.widget == "oui_non":
        current = _current(q, value)
        vue.options = [Option(OUI, "Oui", current is True), Option(NON, "Non", current is False)]
    elif vue.widget == "fichiers":
        vue.valeur = list(value or [])
    else:
        vue.valeur = saisies[vue.key] if vue.key in saisies else input_text(value)
        vue.options = _propositions(q)


class Formulaire:
    """The submitted form of one page: ``get`` one value, ``getlist`` several (Starlette's FormData)."""

    def __init__(self, form: Any):
        self.form = form

    def texte(self, key: str) -> str | None:
        value = self.form.get(key)
        return value if isinstance(value, str) else None

    def liste(self, key: str) -> list[str]:
        return [v for v in self.form.getlist(key) if isinstance(v, str)]


def read(
    page: Page,
    formulaire: Formulaire,
    answers: dict,
    fichiers: dict[str, list[str]],
    montrees: set[str] | frozenset[str] | None = None,
    demander_vide: bool = False,
) -> dict[str, str]:
    """Put the page's answers into ``answers``; return the refusals by key (French). What was typed and
    refused is kept under ``_saisies`` so that it is shown again, never lost.

    ``fichiers``: for file inputs, the files kept and added (relative paths), decided by the caller;
    ``montrees``: the questions the person saw when sending the page (None: all): what a hidden question
    held (a choice ticked in advance) is never recorded as an answer; ``demander_vide``: a legal choice or a
    civilité left unticked is refused even where « Non précisée » is offered (the interview asks it; the
    settings, where the whole block is optional, do not)."""
    erreurs: dict[str, str] = {}
    saisies: dict[str, str] = dict(answers.get(SAISIES) or {})
    choices_only = _Reader(formulaire, answers, fichiers, erreurs, saisies, False, demander_vide)
    reader = replace(choices_only, check_required=True)
    # first the choices (they decide which other questions apply), then the rest
    ordered = sorted(page.champs, key=lambda c: 0 if c.private or question(c.key).kind in ("choix", "booleen") else 1)
    if montrees is not None:
        ordered = [c for c in ordered if c.key in montrees]
    for champ in ordered:
        if not champ.private and question(champ.key).kind in ("choix", "booleen", "choix_multiple"):
            choices_only.read(champ)
    for champ in ordered:
        saisies.pop(champ.key, None)
        if not applicable(champ, answers):
            continue
        reader.read(champ)
    if saisies:
        answers[SAISIES] = saisies
    else:
        answers.pop(SAISIES, None)
    return erreurs


@dataclass
class _Reader:
    """One pass over a page's inputs. ``check_required``: an answer left empty is refused when required
    (the first pass, over the choices only, leaves that to the second)."""

    formulaire: Formulaire
    answers: dict
    fichiers: dict[str, list[str]]
    erreurs: dict[str, str]
    saisies: dict[str, str]
    check_required: bool
    demander_vide: bool = False

    def read(self, champ: ChampPage) -> None:
        if champ.private:
            self._gate(champ.key)
            return
        q = question(champ.key)
        by_kind = {
            "fichiers": self._files,
            "choix_multiple": self._codes,
            "booleen": self._yes_no,
            "choix": self._choice,
        }
        by_kind.get(q.kind, self._line)(champ.key, q)

    def _gate(self, key: str) -> None:
        raw = self.formulaire.texte(key)
        if raw in (OUI, NON):
            self.answers[key] = raw == OUI
        elif self.check_required and key not in self.answers:
            self.erreurs[key] = "répondez oui ou non"

    def _required(self, q: Question) -> bool:
        return self.check_required and _is_required(q, self.answers)

    def _files(self, key: str, q: Question) -> None:
        put(self.answers, q.path, self.fichiers.get(key, list(get(self.answers, q.path) or [])))

    def _codes(self, key: str, q: Question) -> None:
        codes = self.formulaire.liste(key)
        if not codes:
            if self._required(q):
                self.erreurs[key] = "cochez au moins une réponse"
            else:
                put(self.answers, q.path, [])
            return
        value, message = q.check(codes)
        if message:
            self.erreurs[key] = message
        else:
            put(self.answers, q.path, value)

    def _yes_no(self, key: str, q: Question) -> None:
        raw = self.formulaire.texte(key)
        if raw in (OUI, NON):
            put(self.answers, q.path, raw == OUI)
        elif self.check_required and q.saisie.explicite:
            self.erreurs[key] = "répondez oui ou non"

    def _choice(self, key: str, q: Question) -> None:
        raw = self.formulaire.texte(key)
        vide_offert = "" in (q.choices() if q.choices else {})
        # « Non précisée » is an answer when chosen; nothing chosen is one only where nothing must be chosen
        if raw or (vide_offert and (raw is not None or not (q.saisie.explicite and self.demander_vide))):
            self._line(key, q)
            return
        # nothing chosen: a legal choice (or a civilité) is never made for the user, not even « Non précisée »
        if self.check_required and (_is_required(q, self.answers) or q.saisie.explicite):
            libelle = (q.choices() if q.choices else {}).get("") if vide_offert else ""
            self.erreurs[key] = f"choisissez une réponse (« {libelle} » si vous ne savez pas)" if libelle else "choisissez une réponse"
        drop(self.answers, q.path)

    def _line(self, key: str, q: Question) -> None:
        raw = (self.formulaire.texte(key) or "").replace("\r\n", "\n")
        if q.kind != "texte":
            raw = raw.strip()
        if not raw.strip():
            self._empty(key, q)
            return
        compris = nom_ecrit(raw, famille=NOMS[key]) if key in NOMS else raw
        if compris != raw:
            # as in the terminal: the name as the letters will write it, shown, and kept once sent again
            capitales = " (nom de famille en capitales)" if NOMS[key] else ""
            self.erreurs[key] = f"écrit « {compris} » dans les lettres{capitales} : enregistrez de nouveau pour confirmer"
            self.saisies[key] = compris
            return
        value, message = q.check(raw)
        if message:
            self.erreurs[key] = message
            self.saisies[key] = raw
        else:
            put(self.answers, q.path, value)

    def _empty(self, key: str, q: Question) -> None:
        if self._required(q):
            self.erreurs[key] = "réponse obligatoire" + _reason(q)
            drop(self.answers, q.path)
        else:
            put(self.answers, q.path, None if q.kind in ("date", "entier") else "")


def _reason(q: Question) -> str:
    """Why a conditionally required answer is required (« … pour un recours »), when the schema says."""
    si = q.saisie.obligatoire_si
    return f" {si.raison}" if si and si.raison and not q.required else ""


LOCALISE = re.compile(r"^(?:demarches\[(\d+)\]\.)?([a-z_]+(?:\.[a-z_]+)*) : (.*)$", re.S)


def locate(messages: list[str]) -> tuple[dict[str, str], list[str]]:
    """Messages of the whole dossier's check, by field key when they name one; the others apart."""
    by_key: dict[str, str] = {}
    others = []
    for message in messages:
        match = LOCALISE.match(message)
        if match and not match.group(1):
            by_key.setdefault(match.group(2), match.group(3))
        else:
            others.append(message)
    return by_key, others
