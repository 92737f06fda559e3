"""What the terminal prints: text from a dossier or a spreadsheet is shown, never obeyed (``cli/terminal.py``
says why). Shared by the commands (``cli/``) and the interview (``prompts/``).
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap

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
    """``click.echo`` of a message that may quote a dossier or a spreadsheet; on a terminal, its lines
    are folded between words to the window's width (the terminal would cut words in two)."""
    text = terminal_text(message)
    stream = sys.stderr if err else sys.stdout
    if stream is not None and stream.isatty():
        text = fold(text, shutil.get_terminal_size().columns - 1)
    click.echo(text, err=err)


def fold(text: str, width: int) -> str:
    """``text``'s lines no wider than ``width``, cut between words, each next line under its first one (and
    under the text of a « - » item). A command to copy (``  lettres …``) and a word longer than the line
    (a path) are never cut."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip()
        if len(line) <= width or body.startswith("lettres "):
            lines.append(line)
            continue
        indent = line[: len(line) - len(body)]
        # French punctuation stays with its word: no line starts with « ? », « : » or « »
        body = re.sub(r" ([?:!;»])", "\xa0\\1", re.sub(r"« ", "«\xa0", body))
        folded = textwrap.wrap(
            body,
            width=max(20, width),
            initial_indent=indent,
            subsequent_indent=indent + ("  " if body.startswith("- ") else ""),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [part.replace("\xa0", " ") for part in folded] or [line]
    return "\n".join(lines)
