"""French messages for pydantic errors: ``chemin : message``, with a suggestion for a misspelt key."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from lettres.dossier.valeurs import FieldError, _quote


def _path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        elif isinstance(item, str) and (item.startswith("function-") or item in {"list", "str"}):
            continue
        else:
            parts.append(str(item))
    return ".".join(parts)


def _known_keys(loc: tuple, racine: type[BaseModel] | None) -> list[str]:
    model: Any = racine
    for item in loc[:-1]:
        if isinstance(item, int) or model is None:
            continue
        field = model.model_fields.get(item)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ()) or ()
        candidates = [annotation, *args]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if model is None:
            for c in args:
                inner = getattr(c, "__args__", ())
                model = next((i for i in inner if isinstance(i, type) and issubclass(i, BaseModel)), model)
    return list(model.model_fields) if model else []


def french_message(error: Mapping[str, Any], racine: type[BaseModel] | None = None) -> str:
    """Turn one pydantic error into ``chemin : message`` in French (``racine``: the model validated, whose keys
    an unknown key is compared with)."""
    loc = error.get("loc", ())
    path = _path(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        if not isinstance(cause, FieldError):  # Python's own message, in English: never shown
            return f"{path} : {_quote(value)} n'est pas une valeur valide"
        # model-level checks already name their field
        return str(cause) if not path else f"{path} : {cause}"
    if kind == "missing":
        return f"{path} : champ obligatoire manquant"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc, racine)
        close = difflib.get_close_matches(key, known, n=1)
        hint = (
            f" ; vouliez-vous dire « {close[0]} » ?"
            if close
            else (f" ; clés acceptées : {', '.join(known)}" if known else "")
        )
        return f"{path} : clé inconnue{hint}"
    if kind in {"string_too_short", "too_short"}:
        return f"{path} : ne peut pas être vide"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{path} : une section (des clés et des valeurs) est attendue, pas {_quote(value)}"
    if kind == "list_type":
        return f"{path} : une liste est attendue, pas {_quote(value)}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{path} : {_quote(value)} n'est pas un nombre entier"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{path} : {_quote(value)} est hors des limites acceptées"
    if kind in {"string_type", "str_type"}:
        return f"{path} : un texte est attendu, pas {_quote(value)}"
    return f"{path} : {_quote(value)} n'est pas une valeur valide"


# « personne.nom : … », « demarches[2].date : … »: a message that names a key (``questions.name_fields``)
LOCATED = re.compile(r"^(demarches\[(\d+)\]\.)?([\w.]+) : (.*)$", re.S)
