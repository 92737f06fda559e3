"""A page of the dossier as an HTML form, and the form's answers back as dossier data.

Each input comes from the schema's question (``dossier/questions.py``): its label, help, example, kind,
choices and checks; the page only chooses the widget (a list of radio buttons for a few choices, a list
for many, a text area for texts on several lines). Answers are read back through the question's own
check, so an impossible date or an invalid e-mail is refused here with the same French message as in
the terminal and the spreadsheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lettres.dossier.questions import Question, drop, get, has, put, question, question_text
from lettres.francais import date_courte
from lettres.referentiel import charger_referentiel
from lettres.web.parcours import ChampPage, Page, applicable, gate_default, voice

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
    """The codes and labels offered, as the terminal offers them (a démarche type with its step, a
    préfecture with its number and city, the pièces of the titre's own list)."""
    if q.saisie.choix == "types_demarche":
        from lettres.prompts.entretien import type_options

        return [(o.value, o.title) for o in type_options()]
    items = list(q.choices_for(answers).items())
    if q.saisie.choix == "prefectures":
        villes = {c: p.get("ville", "") for c, p in charger_referentiel().prefectures.items()}
        return [(code, f"{code} — {label} ({villes.get(code, '')})") for code, label in items]
    return items


def _note(q: Question, answers: dict) -> str:
    """Which list of pièces is offered (and that an unverified one is to be checked), as the terminal says."""
    if q.saisie.choix != "pieces_titre":
        return ""
    from lettres.dossier.titre import liste_des_reponses

    liste = liste_des_reponses(answers)
    return liste.note() if liste is not None else ""


def _propositions(q: Question) -> list[Option]:
    """A free line's suggestions (a datalist): the titre's categories, by the name a letter gives them."""
    if q.saisie.propositions != "titres":
        return []
    from lettres.dossier.titre import catalogue

    return [Option(t.nom, t.intitule) for t in catalogue()]


def input_text(value: Any) -> str:
    """An answer as it is typed again (a date as JJ/MM/AAAA, a list of lines joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return OUI if value else NON
    if isinstance(value, date):
        return date_courte(value)
    return str(value)


def _is_required(q: Question, answers: dict) -> bool:
    return q.required or q.saisie.obligatoire(answers)


def _widget(q: Question, nombre_choix: int) -> str:
    kind = q.kind
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
    repli: Any = None,
) -> list[VueChamp]:
    """Every input of the page, filled with the answers (or what was typed and refused); ``repli`` gives
    the value a question with a fallback takes when left empty (the configuration's, the data file's)."""
    from lettres.dossier.questions import date_warnings

    aujourd_hui = aujourd_hui or date.today()
    vues = []
    for champ in page.champs:
        visible = applicable(champ, answers)
        if champ.private:
            value = answers.get(champ.key, gate_default(champ))
            vues.append(
                VueChamp(
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
                    visible=visible,
                )
            )
            continue
        q = question(champ.key)
        value = get(answers, q.path) if has(answers, q.path) else None
        choices = _choices(q, answers)
        widget = _widget(q, len(choices))
        exemple = q.saisie.exemple if q.saisie.exemple not in q.help else ""
        if q.kind == "date":  # every way of writing a date is read: say so, as the terminal does
            exemple = "03/06/1985 ou 3 juin 1985"
        connu = repli(q.saisie.repli, answers) if repli is not None and q.saisie.repli else ""
        vide = f"Vide : {connu.splitlines()[0]}{' …' if len(connu.splitlines()) > 1 else ''}." if connu else ""
        aide = " ".join(t for t in (_note(q, answers), q.help, voice(champ.key, answers), vide) if t)
        vue = VueChamp(
            champ.key,
            html_id(champ.key),
            question_text(q, answers),
            aide,
            exemple,
            widget,
            erreur=erreurs.get(champ.key, ""),
            obligatoire=_is_required(q, answers),
            visible=visible,
            complement=champ.complement,
        )
        if widget in ("radios", "liste"):
            current = value if value is not None else (q.default if not q.saisie.explicite else None)
            vue.options = [Option(code, label, code == current) for code, label in choices]
        elif widget == "cases":
            vue.options = [Option(code, label, code in (value or [])) for code, label in choices]
        elif widget == "oui_non":
            current = value if value is not None else (None if q.saisie.explicite else q.default)
            vue.options = [Option(OUI, "Oui", current is True), Option(NON, "Non", current is False)]
        elif widget == "fichiers":
            vue.valeur = list(value or [])
        else:
            vue.valeur = saisies[champ.key] if champ.key in saisies else input_text(value)
            vue.options = _propositions(q)
        if champ.key not in saisies and not vue.erreur:
            vue.attention = " ".join(date_warnings(q, value, answers, aujourd_hui))
        vues.append(vue)
    return vues


class Formulaire:
    """The submitted form of one page: ``get`` one value, ``getlist`` several (Starlette's FormData)."""

    def __init__(self, form: Any):
        self.form = form

    def texte(self, key: str) -> str | None:
        value = self.form.get(key)
        return value if isinstance(value, str) else None

    def liste(self, key: str) -> list[str]:
        return [v for v in self.form.getlist(key) if isinstance(v, str)]


def read(page: Page, formulaire: Formulaire, answers: dict, fichiers: dict[str, list[str]]) -> dict[str, str]:
    """Put the page's answers into ``answers``; return the refusals by key (French). What was typed and
    refused is kept under ``_saisies`` so that it is shown again, never lost.

    ``fichiers``: for file inputs, the files kept and added (relative paths), decided by the caller."""
    erreurs: dict[str, str] = {}
    saisies: dict[str, str] = dict(answers.get(SAISIES) or {})
    # first the choices (they decide which other questions apply), then the rest
    ordered = sorted(page.champs, key=lambda c: 0 if c.private or question(c.key).kind in ("choix", "booleen") else 1)
    for champ in ordered:
        if not champ.private and question(champ.key).kind in ("choix", "booleen", "choix_multiple"):
            _read_one(champ, formulaire, answers, fichiers, erreurs, saisies, check_required=False)
    for champ in ordered:
        saisies.pop(champ.key, None)
        if not applicable(champ, answers):
            continue
        _read_one(champ, formulaire, answers, fichiers, erreurs, saisies, check_required=True)
    if saisies:
        answers[SAISIES] = saisies
    else:
        answers.pop(SAISIES, None)
    return erreurs


def _read_one(
    champ: ChampPage,
    formulaire: Formulaire,
    answers: dict,
    fichiers: dict[str, list[str]],
    erreurs: dict[str, str],
    saisies: dict[str, str],
    check_required: bool,
) -> None:
    if champ.private:
        raw = formulaire.texte(champ.key)
        if raw in (OUI, NON):
            answers[champ.key] = raw == OUI
        elif check_required and champ.key not in answers:
            erreurs[champ.key] = "répondez oui ou non"
        return
    q = question(champ.key)
    obligatoire = _is_required(q, answers)
    if q.kind == "fichiers":
        put(answers, q.path, fichiers.get(champ.key, list(get(answers, q.path) or [])))
        return
    if q.kind == "choix_multiple":
        codes = formulaire.liste(champ.key)
        if check_required and obligatoire and not codes:
            erreurs[champ.key] = "cochez au moins une réponse"
            return
        value, message = q.check(codes) if codes else ([], None)
    elif q.kind == "booleen":
        raw = formulaire.texte(champ.key)
        if raw not in (OUI, NON):
            if check_required and q.saisie.explicite:
                erreurs[champ.key] = "répondez oui ou non"
            return
        value, message = raw == OUI, None
    elif q.kind == "choix" and not (formulaire.texte(champ.key) or "") and "" not in (q.choices() if q.choices else {}):
        # nothing chosen, and « nothing » is not one of the choices: a legal choice is never made for the user
        if check_required and (obligatoire or q.saisie.explicite):
            erreurs[champ.key] = "choisissez une réponse"
        drop(answers, q.path)
        return
    else:
        raw = (formulaire.texte(champ.key) or "").replace("\r\n", "\n")
        if q.kind != "texte":
            raw = raw.strip()
        if not raw.strip():
            if check_required and obligatoire:
                erreurs[champ.key] = "réponse obligatoire" + (
                    f" {q.saisie.obligatoire_si.raison}"
                    if q.saisie.obligatoire_si and q.saisie.obligatoire_si.raison and not q.required
                    else ""
                )
                drop(answers, q.path)
                return
            value, message = (None if q.kind in ("date", "entier") else ""), None
        else:
            value, message = q.check(raw)
        if message:
            erreurs[champ.key] = message
            saisies[champ.key] = raw
            return
    if message:
        erreurs[champ.key] = message
        return
    put(answers, q.path, value)


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
