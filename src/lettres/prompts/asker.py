"""Asking questions in a terminal (questionary), in French, with every choice reachable by typing.

The interview talks to an ``Asker``; this one uses questionary's ``unsafe_ask`` so that Ctrl-C and
Ctrl-D reach the interview's single handler (docs/bibliotheques.md) instead of returning None.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

FILTRER = "(flèches, ou tapez pour filtrer ; Entrée pour choisir)"
COCHER = "(flèches ou tapez pour filtrer, Espace pour cocher, Entrée pour valider)"
MULTILIGNE = "(plusieurs lignes possibles ; Échap puis Entrée pour terminer)"


def parse_oui_non(text: str, default: bool) -> bool | None:
    text = text.strip().lower()
    if not text:
        return default
    if text in {"o", "oui", "y", "yes"}:
        return True
    if text in {"n", "non", "no"}:
        return False
    return None


class Asker(Protocol):
    def text(
        self,
        label: str,
        *,
        default: str = "",
        validate: Callable[[str], Any] | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str: ...

    def path(self, label: str, *, validate: Callable[[str], Any] | None = None, base: str = "") -> str: ...

    def select(self, label: str, choices: list[tuple[str, str]], *, default: str | None = None) -> str: ...

    def checkbox(
        self,
        label: str,
        choices: list[tuple[str, str]],
        *,
        default: list[str] | None = None,
        validate: Callable[[list[str]], Any] | None = None,
    ) -> list[str]: ...

    def confirm(self, label: str, *, default: bool = True) -> bool: ...

    def say(self, text: str = "") -> None: ...


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _filtered_choices(self):
    """questionary's list filter, but « prefecture » finds « Préfecture » (accents and case ignored)."""
    if not self.search_filter:
        return self.choices
    wanted = _fold(self.search_filter)
    filtered = [c for c in self.choices if wanted in _fold(c.title)]
    self.found_in_search = len(filtered) > 0
    return filtered if self.found_in_search else self.choices


def _accented_search(question):
    """questionary binds only ASCII letters to the list filter: let « é », « ç »… filter too."""
    import string

    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    app = question.application
    control = next((w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)), None)
    if control is not None:
        extra = KeyBindings()

        @extra.add(Keys.Any)
        def _(event):
            char = event.key_sequence[0].key
            if isinstance(char, str) and len(char) == 1 and char.isprintable() and char not in string.printable:
                control.add_search_character(char)  # type: ignore[arg-type]  # any printable key

        app.key_bindings = merge_key_bindings([app.key_bindings, extra])
    return question


class QuestionaryAsker:
    """The real terminal: questionary prompts, French instructions, no colour required."""

    def __init__(self):
        import questionary
        from questionary.prompts.common import InquirerControl

        self.q = questionary
        self.style = questionary.Style([("answer", "bold"), ("instruction", "italic"), ("qmark", "bold")])
        if isinstance(getattr(InquirerControl, "filtered_choices", None), property):
            setattr(InquirerControl, "filtered_choices", property(_filtered_choices))  # noqa: B010

    def _ask(self, prompt) -> Any:
        answer = prompt.unsafe_ask()
        if answer is None:  # closed input
            raise EOFError
        return answer

    def text(self, label, *, default="", validate=None, multiline=False, instruction=None):
        if multiline:
            # A multi-line prompt whose first line wraps is not drawn by prompt_toolkit when the
            # terminal cannot report the cursor position: keep that line short, help goes above.
            self.say(f"  {instruction} {MULTILIGNE}".rstrip() if instruction else f"  {MULTILIGNE}")
            instruction = ""
        return self._ask(
            self.q.text(
                label,
                default=default,
                validate=validate,
                multiline=multiline,
                instruction=instruction,
                qmark="?",
                style=self.style,
            )
        )

    def path(self, label, *, validate=None, base=""):
        options = {"get_paths": (lambda: [base])} if base else {}
        return self._ask(self.q.path(label, validate=validate, qmark="?", style=self.style, **options))

    def select(self, label, choices, *, default=None):
        options = [self.q.Choice(title, value=value) for value, title in choices]
        chosen = next((o for o in options if o.value == default), None)
        return self._ask(
            _accented_search(
                self.q.select(
                    label,
                    options,
                    default=chosen,
                    use_search_filter=True,
                    use_jk_keys=False,
                    instruction=FILTRER,
                    qmark="?",
                    style=self.style,
                )
            )
        )

    def checkbox(self, label, choices, *, default=None, validate=None):
        options = [self.q.Choice(title, value=value, checked=value in (default or [])) for value, title in choices]
        return self._ask(
            _accented_search(
                self.q.checkbox(
                    label,
                    options,
                    validate=validate or (lambda _: True),
                    use_search_filter=True,
                    use_jk_keys=False,
                    instruction=COCHER,
                    qmark="?",
                    style=self.style,
                )
            )
        )

    def confirm(self, label, *, default=True):
        # questionary.confirm only knows y/n: a French user types « o » or « n » (or oui, non).
        answer = self.text(
            label,
            validate=lambda t: True if parse_oui_non(t, default) is not None else "répondez o (oui) ou n (non)",
            instruction="(O/n)" if default else "(o/N)",
        )
        return parse_oui_non(answer, default)

    def say(self, text=""):
        from lettres.cli.terminal import echo

        echo(text)  # recaps quote the dossier: shown, never obeyed by the terminal
