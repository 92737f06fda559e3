"""What the terminal prints: text from a dossier or a spreadsheet is shown, never obeyed (``cli/terminal.py``
says why). Shared by the commands (``cli/``) and the interview (``prompts/``).
"""

from __future__ import annotations

import re

import click

# ECMA-48: CSI (ESC [ or 0x9B … final byte), the string commands OSC, DCS, SOS, PM, APC (up to BEL or
# ST), and the other two- or three-character escape sequences
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# control characters but the line feed and the tab; DEL and C1; the bidirectional overrides and
# isolates, which can make a line read backwards
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: object) -> str:
    """``text`` without escape sequences or control characters (line feeds and tabs stay)."""
    value = str(text)
    if value.isprintable():
        return value
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` of a message that may quote a dossier or a spreadsheet."""
    click.echo(terminal_text(message), err=err)
