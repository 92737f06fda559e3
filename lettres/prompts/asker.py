"""Asking questions in a terminal, in French: the ``Asker`` the interview talks to, and its terminal version.

Every question can be left with Échap (``Retour``: the previous question) or Ctrl-C (``Interruption``,
carrying the half-typed answer); the interview catches both once. Once answered, the widget is erased and
one line says what was recorded, wrapped between words. The short prompts (one-line text, oui/non, a short
list of boxes) are questionary's (``courtes.py``); the search list and the long text are on prompt_toolkit
(``terminal.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from lettres.prompts.courtes import COURTE, ask_line, ask_yes_no, parse_oui_non, tick, tick_fits
from lettres.prompts.sortie import echo
from lettres.prompts.terminal import (
    FICHIER,
    Avertissement,
    Check,
    Interruption,
    Option,
    Retour,
    TexteLibre,
    ask_text,
    choose,
    terminal_size,
    wrap,
)

__all__ = [
    "Asker",
    "Avertissement",
    "Check",
    "Interruption",
    "Option",
    "Retour",
    "TerminalAsker",
    "TexteLibre",
    "parse_oui_non",
]


class Asker(Protocol):
    def text(
        self,
        label: str,
        *,
        aide: str = "",
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        shown: Callable[[str], str] | None = None,
        echo: bool = True,
    ) -> str: ...

    def answered(self, label: str, answer: str) -> None: ...

    def choose(self, label: str, options: Sequence[Option], *, aide: str = "", default: str | None = None) -> str: ...

    def choose_dated(
        self,
        label: str,
        options: Sequence[Option],
        *,
        aide: str = "",
        default: str | None = None,
        devant: Callable[[str], tuple[str, str]],
        shown: Callable[[str, str], str],
    ) -> tuple[str, str]: ...

    def choose_many(
        self,
        label: str,
        options: Sequence[Option],
        *,
        aide: str = "",
        checked: Sequence[str] = (),
        allow_empty: bool = False,
        chemin: Callable[[str], bool] | None = None,
    ) -> list[str]: ...

    def choose_or_type(
        self, label: str, options: Sequence[Option], *, aide: str = "", default: str | None = None, texte: str = ""
    ) -> str | TexteLibre: ...

    def confirm(self, label: str, *, aide: str = "", default: bool | None = None) -> bool: ...

    def say(self, text: str = "") -> None: ...


class TerminalAsker:
    """The real terminal (and prompt_toolkit's pipe input in tests)."""

    @contextmanager
    def session(self) -> Iterator[None]:
        """The terminal stays in raw mode for the whole interview: keys typed ahead, while an answer is
        saved, go to the next question instead of being echoed on the screen."""
        from prompt_toolkit.application.current import get_app_session

        with get_app_session().input.raw_mode():
            yield

    def _echo(self, label: str, answer: str) -> None:
        width = terminal_size()[0] - 1
        lines = answer.split("\n") if answer else ["—"]
        separator = " " if label.rstrip().endswith("?") else " : "
        first = wrap(f"? {label}{separator}{lines[0]}", width, "", "    ")
        rest = [line for extra in lines[1:] for line in wrap(extra, width, "    ", "    ")]
        echo("\n".join(first + rest))  # what was typed is shown, never obeyed by the terminal

    def answered(self, label: str, answer: str) -> None:
        """The answer line of a question asked with ``echo=False``, once what is kept is known."""
        self._echo(label, answer)

    def text(self, label, *, aide="", default="", check=None, multiline=False, shown=None, echo=True):
        """``shown`` turns the answer into what was understood (« 3 juin 1985 » → « 03/06/1985 »);
        ``echo=False``: no answer line yet (``answered`` prints it)."""
        if multiline:
            aide = f"{aide} Plusieurs lignes possibles ; une ligne vide termine.".strip()
            answer = ask_text(label, aide=aide, default=default, check=check)
        else:
            answer = ask_line(label, aide=aide, default=default, check=check)
        if echo:
            self._echo(label, shown(answer) if shown else answer.strip())
        return answer

    def choose(self, label, options, *, aide="", default=None):
        answer = choose(label, options, aide=aide, default=default)
        self._echo(label, next(o.title for o in options if o.value == answer))
        return answer

    def choose_dated(self, label, options, *, aide="", default=None, devant, shown):
        """A code of ``options`` found by the words typed after a date (« 21/10 appel »): ``devant`` splits
        the line; returns the code and the whole line, ``shown(code, line)`` says what was recorded."""
        code, line = choose(label, options, aide=aide, default=default, devant=devant)
        self._echo(label, shown(code, line))
        return code, line

    def choose_many(self, label, options, *, aide="", checked=(), allow_empty=False, chemin=None):
        """``chemin`` recognises a file dragged or pasted into the list (returned as ``FICHIER + path``).
        A short list, where no file is dropped, is ticked with ↑ ↓ and Espace, without search."""
        if chemin is None and len(options) <= COURTE and tick_fits(label, options, aide=aide, allow_empty=allow_empty):
            answer = tick(label, options, aide=aide, checked=checked, allow_empty=allow_empty)
        else:
            answer = choose(
                label, options, aide=aide, multiple=True, checked=checked, allow_empty=allow_empty, chemin=chemin
            )
        titles = [o.title for o in options if o.value in answer]
        titles += [a[len(FICHIER) :] for a in answer if a.startswith(FICHIER)]  # a file dropped: its path
        self._echo(label, "\n".join(titles) if len(titles) > 1 else "".join(titles))
        return answer

    def choose_or_type(self, label, options, *, aide="", default=None, texte=""):
        """A code of ``options``, or the text typed (``TexteLibre``) when none of them is meant."""
        answer = choose(label, options, aide=aide, default=default, libre=True, texte=texte)
        shown = answer.texte if isinstance(answer, TexteLibre) else next(o.title for o in options if o.value == answer)
        self._echo(label, shown)
        return answer

    def confirm(self, label, *, aide="", default=None):
        value = ask_yes_no(label, aide=aide, default=default)
        self._echo(label, "oui" if value else "non")
        return value

    def say(self, text=""):
        width = terminal_size()[0] - 1
        lines = []
        for line in str(text).split("\n"):
            if line.startswith("  lettres "):  # a command to copy: never cut
                lines.append(line)
                continue
            indent = line[: len(line) - len(line.lstrip())]
            # list items (« - … », « [x] … ») go on under their text, not under their mark
            mark = line.lstrip()
            hanging = indent + ("  " if mark.startswith("- ") else "    " if mark.startswith("[") else "")
            lines += wrap(mark, width, indent, hanging)
        echo("\n".join(lines))  # recaps quote the dossier
