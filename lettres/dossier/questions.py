"""Questions derived from the dossier schema: label and help from each field's ``title`` and
``description``, the kind, choices, defaults and conditions from its ``Saisie`` marker (``saisie.py``),
validation from its own validators — never from a second hand-written list of fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cache, cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from lettres.dossier import schema
from lettres.dossier.messages import LOCATED, french_message
from lettres.dossier.saisie import Saisie, Si, get
from lettres.dossier.valeurs import DATE_ATTENDUE, options
from lettres.francais import date_courte, date_lettre

__all__ = ["Question", "date_example", "drop", "get", "has", "put", "question", "with_date_example"]


@dataclass(frozen=True)
class Question:
    """One field of the dossier, as every door asks it."""

    path: tuple[str, ...]
    label: str
    help: str
    saisie: Saisie
    required: bool
    annotation: Any = dataclass_field(compare=False)  # the field's type, validators included
    default: Any = None  # the schema's default, when it has a plain one

    @cached_property
    def adapter(self) -> TypeAdapter:
        """The field's validation, built when first asked (building all 88 took a tenth of a batch's start)."""
        return TypeAdapter(self.annotation)

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def kind(self) -> str:
        return self.saisie.genre

    @property
    def prompt(self) -> str:
        """The sentence asked."""
        return self.saisie.question or self.label

    @property
    def choices(self) -> Callable[[], dict[str, str]] | None:
        nom = self.saisie.choix
        return (lambda: options(nom)) if nom else None

    def choices_for(self, answers: Mapping[str, Any]) -> dict[str, str]:
        """The choices offered given the other answers: the pièces of the titre's own list, else the fixed list."""
        if self.saisie.choix == "pieces_titre":
            from lettres.dossier.titre import options_pieces

            return options_pieces(answers)
        return self.choices() if self.choices else {}

    def check(self, raw: Any) -> tuple[Any, str | None]:
        """Validate an answer with the schema's own validators: (value, None) or (None, French message)."""
        if self.required and (raw is None or raw == "" or raw == []):
            return None, "réponse obligatoire"
        try:
            return self.adapter.validate_python(raw), None
        except ValidationError as exc:
            message = french_message({**exc.errors()[0], "loc": ()}).lstrip(" :")
            if self.kind == "date":  # the example of this question, not a birth date
                message = with_date_example(message, self)
            return None, self.with_labels(message)

    def with_labels(self, message: str) -> str:
        """« … n'est pas une valeur acceptée (valeurs possibles : premiere_demande, …) » said to someone who
        answers a question: the choices by their labels (accepted as well as the codes)."""
        if not self.choices or "(valeurs possibles : " not in message:
            return message
        libelles = ", ".join(f"« {libelle} »" for libelle in self.choices().values())
        return message[: message.index("(valeurs possibles : ")] + f"(réponses possibles : {libelles})"

    def display(self, value: Any) -> str:
        """An answer as the user reads it in the review screen."""
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, list):
            return ", ".join(describe_value(self, v) for v in value)
        return describe_value(self, value)

    def as_dict(self) -> dict[str, Any]:
        """The question as JSON-ready data (a web form is generated from it)."""
        default = self.default.isoformat() if isinstance(self.default, date) else self.default
        return {
            "cle": self.key,
            "libelle": self.label,
            "aide": self.help,
            "obligatoire": self.required,
            "defaut": default,
            **self.saisie.as_dict(),
            "liste": self.saisie.choix,
            "choix": options(self.saisie.choix) if self.saisie.choix else None,
        }


def describe_value(q: Question, value: Any) -> str:
    """One value as the user reads it: the label of a code, oui/non, JJ/MM/AAAA, lines joined."""
    if value == "" and q.choices and "" in q.choices():
        return q.choices()[""]  # a code of its own: « Non précisée (formulation neutre) »
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return date_courte(value)
    if q.choices:
        return str(q.choices().get(value, value))
    return " / ".join(line.strip() for line in str(value).strip().splitlines() if line.strip())


def saisie_of(field: FieldInfo, key: str) -> Saisie:
    marker = next((m for m in field.metadata if isinstance(m, Saisie)), None)
    if marker is None:
        raise TypeError(f"{key} : le champ n'a pas de marqueur Saisie (voir dossier/saisie.py)")
    return marker


def _model_at(path: tuple[str, ...]) -> type[BaseModel]:
    model: type[BaseModel] = schema.Dossier
    for name in path:
        annotation = model.model_fields[name].annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        model = next(c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel))
    return model


def libelle(key: str) -> str:
    """The French label of a dotted path of the schema, as ``question(key).label``, without building the question
    (its annotation and default): the headers of a batch spreadsheet need only the labels."""
    path = tuple(key.split("."))
    model = _model_at(path[:-1])
    if path[-1] not in model.model_fields:
        raise KeyError(key)
    return model.model_fields[path[-1]].title or path[-1]


@cache
def question(key: str) -> Question:
    """The question for a dotted path of the schema, e.g. ``personne.date_naissance``."""
    path = tuple(key.split("."))
    model = _model_at(path[:-1])
    if path[-1] not in model.model_fields:
        raise KeyError(key)
    field = model.model_fields[path[-1]]
    saisie = saisie_of(field, key)
    required = field.is_required() and saisie.genre != "booleen"
    default = field.get_default(call_default_factory=True)
    default = None if default is PydanticUndefined else default
    return Question(
        path,
        field.title or path[-1],
        field.description or "",
        saisie,
        required,
        field.rebuild_annotation(),
        default,
    )


def question_for_condition(champ: str) -> Question:
    """The question a condition names: a dossier path, or a field of the démarche being asked."""
    try:
        return question(champ)
    except KeyError:
        return question(f"demarches.{champ}")


def condition_text(si: Si) -> str:
    """A condition in French, for a spreadsheet comment or a web page (« quand « … » vaut « oui » »)."""
    propre = si.texte()
    if propre is not None:
        return propre
    q = question_for_condition(si.champ)
    valeurs = " ou ".join(f"« {describe_value(q, v)} »" for v in si.valeurs)
    verbe = "ne vaut pas" if si.sauf else "vaut"
    return f"quand « {q.label} » {verbe} {valeurs}"


def name_fields(message: str) -> str:
    """A message that names a key (« personne.nom : … ») naming the question instead, for people who
    never see the YAML file: « « Nom de famille » : réponse obligatoire »."""
    match = LOCATED.match(message)
    if match is None:
        return message
    demarche, number, key, rest = match.groups()
    try:
        label = question(f"demarches.{key}" if demarche else key).label
    except (KeyError, StopIteration, TypeError):  # a section, not a question
        return message
    rest = rest.replace("champ obligatoire manquant", "réponse obligatoire")
    where = f"Démarche n° {number}, « {label} »" if demarche else f"« {label} »"
    return f"{where} : {rest}"


def all_questions() -> list[Question]:
    """Every question of the dossier, démarche fields last (``demarches.type``…)."""
    return [question(k) for k in schema_columns()] + [question(f"demarches.{k}") for k in DEMARCHE_FIELDS]


def typed_answers(data: dict) -> dict:
    """A dossier file's data with its yes/no answers as booleans (« oui » → True), in place: the conditions of
    the questions read booleans (« Numéro du recommandé » applies when « recommandé » is true), and an
    answer read as text would hide — then forget — the questions it opens."""
    for q in all_questions():
        if q.kind == "booleen" and isinstance(value := get(data, q.path), str):
            typed, erreur = q.check(value)
            if erreur is None and isinstance(typed, bool):
                put(data, q.path, typed)
    return data


def formulaire() -> list[dict[str, Any]]:
    """Every question as JSON-ready data: what a web form (or any other door) is built from."""
    return [q.as_dict() for q in all_questions()]


def date_example(q: Question, aujourd_hui: date) -> str:
    """How to write a date, with an example that fits the question, relative to today (« 03/10/2026 ou
    3 octobre 2026 »): a birth date decades ago, an expiry in the coming months, a filing date or a démarche in
    the last weeks. The same beside the question and in the message refusing an answer; never a fixed year (a
    field's ``Saisie(exemple=…)`` date would age: the schema's birth-date example stays for the spreadsheet)."""
    if q.saisie.sans_annee == "refusee":
        exemple = date(aujourd_hui.year - 40, 6, 3)
    elif q.saisie.sans_annee == "prochaine":
        mois = aujourd_hui.month + 3
        exemple = date(aujourd_hui.year + (mois - 1) // 12, (mois - 1) % 12 + 1, 15)
    else:
        mois = aujourd_hui.month - 1 or 12
        exemple = date(aujourd_hui.year - (aujourd_hui.month == 1), mois, 3)
    return f"{date_courte(exemple)} ou {date_lettre(exemple)}"


def with_date_example(message: str, q: Question | str, aujourd_hui: date | None = None) -> str:
    """A message refusing a date (``valeurs.parse_date``), with the example of question ``q`` (or its key) instead
    of the generic one."""
    from lettres.jour import date_du_jour

    q = question(q) if isinstance(q, str) else q
    return message.replace(DATE_ATTENDUE, f"écrivez la date comme {date_example(q, aujourd_hui or date_du_jour())}")


def question_text(q: Question, answers: dict) -> str:
    """The sentence asked, with ``{destinataire}`` replaced by the recipient of the note (letter 3)."""
    text = q.prompt
    if "{destinataire}" in text:
        orientation = get(answers, ("orientation",))
        name = ""
        if isinstance(orientation, dict):
            name = str(orientation.get("nom") or orientation.get("structure") or "").strip()
        text = text.replace("{destinataire}", f"« {name} »" if name else "ce ou cette destinataire")
    return text


def date_warnings(q: Question, value: Any, answers: dict, aujourd_hui: date) -> list[str]:
    """Warnings, not refusals, for a date that is probably a typo: in the future, or before a date it follows."""
    from lettres.dossier.valeurs import FieldError, parse_date

    if not isinstance(value, date):
        return []
    notes = []
    if not q.saisie.futur and value > aujourd_hui:
        notes.append(f"Le {date_courte(value)} est dans le futur : vérifiez le jour, le mois et l'année.")
    for path in q.saisie.apres:
        try:
            other = parse_date(get(answers, tuple(path.split("."))))
        except FieldError:
            other = None
        if other is not None and value < other:
            notes.append(
                f"Le {date_courte(value)} est avant « {question(path).label} » ({date_courte(other)}) : vérifiez."
            )
    return notes


def has(data: dict, path: tuple[str, ...]) -> bool:
    marker = object()
    return get(data, path, marker) is not marker


def put(data: dict, path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        data = data.setdefault(name, {})
    data[path[-1]] = value


def drop(data: dict, path: tuple[str, ...]) -> None:
    for name in path[:-1]:
        data = data.get(name, {})
        if not isinstance(data, dict):
            return
    if isinstance(data, dict):
        data.pop(path[-1], None)


def schema_columns(model: type[BaseModel] | None = None, prefix: str = "") -> list[str]:
    """Every field of the dossier as a dotted path: the columns of a spreadsheet (démarches apart)."""
    model = model or schema.Dossier
    columns = []
    for name, field in model.model_fields.items():
        if not prefix and name in {"version", "demarches"}:
            continue
        annotation = field.annotation
        nested = next(
            (
                c
                for c in (annotation, *getattr(annotation, "__args__", ()))
                if isinstance(c, type) and issubclass(c, BaseModel)
            ),
            None,
        )
        if nested is not None:
            columns += schema_columns(nested, f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


DEMARCHE_FIELDS = tuple(schema.Demarche.model_fields)
DEMARCHE_COLUMNS = ["dossier", *DEMARCHE_FIELDS]
