"""Questions derived from the dossier schema: label, help, kind, choices and validation come from the
model itself (``dossier.py``), never from a second hand-written list of fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from lettres.dossier import schema, valeurs
from lettres.dossier.messages import french_message
from lettres.francais import date_courte


@dataclass(frozen=True)
class Question:
    """One field of the dossier, as the interview asks it."""

    path: tuple[str, ...]
    label: str
    help: str
    kind: str  # ligne, texte, date, heure, courriel, numero, choix, choix_multiple, booleen, entier
    choices: Callable[[], dict[str, str]] | None
    required: bool
    adapter: TypeAdapter

    @property
    def key(self) -> str:
        return ".".join(self.path)

    def check(self, raw: Any) -> tuple[Any, str | None]:
        """Validate an answer with the schema's own validators: (value, None) or (None, French message)."""
        if self.required and (raw is None or raw == "" or raw == []):
            return None, "réponse obligatoire"
        try:
            return self.adapter.validate_python(raw), None
        except ValidationError as exc:
            return None, french_message({**exc.errors()[0], "loc": ()}).lstrip(" :")

    def display(self, value: Any) -> str:
        """An answer as the user reads it in the review screen."""
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return "oui" if value else "non"
        if isinstance(value, date):
            return date_courte(value)
        if self.choices and isinstance(value, list):
            options = self.choices()
            return ", ".join(str(options.get(v, v)) for v in value)
        if self.choices:
            return self.choices().get(value, str(value)) or "—"
        return " / ".join(line.strip() for line in str(value).strip().splitlines() if line.strip())


def _validators(field: FieldInfo) -> list[Callable]:
    return [m.func for m in field.metadata if hasattr(m, "func")]


def _kind(field: FieldInfo) -> tuple[str, Callable | None]:
    annotation = field.annotation
    funcs = _validators(field)
    if annotation is list or getattr(annotation, "__origin__", None) is list:
        inner = getattr(annotation, "__args__", (str,))[0]
        inner_funcs = [m.func for m in getattr(inner, "__metadata__", ()) if hasattr(m, "func")]
        choices = next((getattr(f, "choices", None) for f in inner_funcs if hasattr(f, "choices")), None)
        return ("choix_multiple" if choices else "liste"), choices
    for func in funcs:
        if hasattr(func, "choices"):
            return "choix", func.choices
    table = {
        valeurs.parse_date: "date",
        valeurs._required_date: "date",
        valeurs.parse_heure: "heure",
        valeurs.parse_courriel: "courriel",
        valeurs.parse_numero_etranger: "numero",
        valeurs.parse_bool: "booleen",
        valeurs._as_text: "texte",
    }
    for func in funcs:
        if func in table:
            return table[func], None
    if annotation is int:
        return "entier", None
    return "ligne", None


def _model_at(path: tuple[str, ...]) -> type[BaseModel]:
    model: type[BaseModel] = schema.Dossier
    for name in path:
        annotation = model.model_fields[name].annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        model = next(c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel))
    return model


@cache
def question(key: str) -> Question:
    """The question for a dotted path of the schema, e.g. ``personne.date_naissance``."""
    path = tuple(key.split("."))
    model = _model_at(path[:-1])
    field = model.model_fields[path[-1]]
    kind, choices = _kind(field)
    annotated = field.rebuild_annotation()
    required = field.is_required() and kind not in {"booleen"}
    return Question(
        path, field.title or path[-1], field.description or "", kind, choices, required, TypeAdapter(annotated)
    )


def get(data: dict, path: tuple[str, ...], default: Any = None) -> Any:
    for name in path:
        if not isinstance(data, dict) or name not in data:
            return default
        data = data[name]
    return data


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


DEMARCHE_COLUMNS = ["dossier", *schema.Demarche.model_fields]
