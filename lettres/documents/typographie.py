"""French typography for every text a letter prints, the dossier's included.

Non-breaking spaces keep together what must not be split at the end of a line: the inside of « »,
the space before « : ; ? ! », the groups of a number (« 0 806 001 620 »), a number and its word
(« 12 minutes », « 10 h 42 »), « n° 1234 », « R. 431-2 ». Elision turns « de Eden » into « d'Eden ».
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

NBSP = "\u00a0"
VOYELLES = "aeiouyàâäéèêëîïôöùûüœæh"

_RULES = (
    (re.compile(r"«[ \u202f]*"), f"«{NBSP}"),  # « x  and «x
    (re.compile(r"[ \u202f]*»"), f"{NBSP}»"),
    (re.compile(r" (?=[:;?!])"), NBSP),
    (re.compile(r"(?<=\d) (?=\d)"), NBSP),  # 0 806 001 620, 06 12 34 56 78
    # a small number and its word (12 minutes, 15 jours, 10 h 42, 1er août), not a year or an article number
    (re.compile(r"(?<![\w\-.])(\d{1,3}) (?=[^\W\d_])"), rf"\1{NBSP}"),
    (re.compile(r"(?<=\b1er) "), NBSP),
    (re.compile(r"(?<=\d[ \u00a0]h) (?=\d)"), NBSP),
    (re.compile(r"(?<=\b[nN]°) "), NBSP),  # n° 1234
    (re.compile(r"(?<=\b[A-Z]\.) (?=\d)"), NBSP),  # R. 431-2, L. 521-3
    (re.compile(r"(?<=\bart\.) "), NBSP),
)


@lru_cache(maxsize=8192)
def typographie(text: str) -> str:
    """Non-breaking spaces where French typography asks for them (only spaces are touched).

    Cached: a context holds hundreds of strings, most of them the same for every dossier of a batch
    (legal references, contacts, labels)."""
    if not text or not (" " in text or "\u202f" in text or "«" in text):
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def apply_typographie(value: Any) -> Any:
    """The same, through a whole template context (dicts, lists, strings; other values untouched)."""
    if isinstance(value, str):
        return typographie(value)
    if isinstance(value, dict):
        return {k: apply_typographie(v) for k, v in value.items()}
    if isinstance(value, list):
        return [apply_typographie(v) for v in value]
    return value


def elide(mot: str, suivant: str) -> str:
    """``de`` + ``Eden`` → « d'Eden » ; ``que`` + ``il`` → « qu'il » ; otherwise the two words."""
    if suivant[:1].lower() in VOYELLES and mot in {"de", "que", "le", "la", "jusque", "lorsque"}:
        return f"{mot[:-1]}'{suivant}"
    return f"{mot} {suivant}"
