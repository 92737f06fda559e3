"""What reaches the terminal: text from a dossier or a spreadsheet is shown, never obeyed.

A name received in a spreadsheet may hold ``\\x1b]0;…\\x07`` (retitles the window), ``\\x1b[2J`` (clears
the screen), a carriage return that overwrites the line, or ``[/x]`` that rich reads as markup and
fails on. Every message the commands print goes through ``echo`` (escape sequences and control
characters removed); data put inside rich markup goes through ``markup_text`` as well. ``echo`` and
``terminal_text`` live with the interview's widgets (``prompts/sortie.py``), which print too: the terminal
door's two packages share them without ``prompts`` importing ``cli``.
"""

from __future__ import annotations

from lettres.prompts.sortie import _CONTROLS, echo, terminal_text

__all__ = ["echo", "json_text", "markup_text", "terminal_text"]


def markup_text(text: object) -> str:
    """Data to put inside rich markup: cleaned, and its square brackets shown as they are."""
    from rich.markup import escape

    return escape(terminal_text(text))


def json_text(text: str) -> str:
    """JSON from ``json.dumps(…, ensure_ascii=False)`` with the characters a terminal would obey (DEL,
    C1, bidirectional controls, which it leaves raw) written as ``\\uXXXX``: the same data, shown safely."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
