"""Commands shown to the user, ready to copy into a terminal (« Pour reprendre : lettres nouveau … »): the
terminal door's own words, each argument quoted as a shell reads it."""

from __future__ import annotations

import re
from pathlib import Path

_PLAIN = re.compile(r"^[\w@%+=:,./\\-]+$")


def quote(argument: str | Path) -> str:
    """An argument as typed in a shell: as is when safe, else in double quotes — understood by bash, zsh,
    PowerShell and cmd alike (« "Moussa Keita.yaml" ») — or single quotes when it holds $, ` or "."""
    text = str(argument)
    if text and _PLAIN.match(text):
        return text
    if not re.search(r'[$`"!]', text):
        return f'"{text}"'
    return "'" + text.replace("'", "'\\''") + "'"


def commande(*parts: str | Path) -> str:
    """``lettres nouveau "Moussa Keita.yaml"``: the command, each argument quoted when it needs to be."""
    return " ".join(["lettres", *(quote(p) for p in parts)])

