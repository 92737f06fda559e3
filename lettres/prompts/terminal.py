"""The two terminal widgets written on prompt_toolkit: the search list and the multi-line text.

questionary has neither (docs/bibliotheques.md): its lists find a choice by the start of what is typed, without
folding accents, and take the first one when nothing matches; its multi-line text ends with Alt+Entrée, not an
empty line. The short prompts (one-line text, oui/non, a short list of boxes) are on questionary
(``courtes.py``), with the keys defined here: Échap goes back one question, Ctrl-C leaves with the half-typed
answer. Every prompt erases itself once answered; the asker prints the answer.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lettres.francais import replier

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples as Fragments


class Retour(Exception):
    """Échap: the user asks for the previous question, leaving ``texte`` typed (offered again on return), and in
    a list of boxes the codes ticked so far (``coches``; None elsewhere), ticked again on return."""

    def __init__(self, texte: str = "", coches: list[str] | None = None):
        super().__init__()
        self.texte = texte
        self.coches = coches


class Interruption(KeyboardInterrupt):
    """Ctrl-C, with what was typed so far (kept in the draft, offered again on resume)."""

    def __init__(self, texte: str = ""):
        super().__init__()
        self.texte = texte


@dataclass(frozen=True)
class Avertissement:
    """A check's answer meaning « probably a mistake, but possible »: shown once, Enter again keeps it."""

    message: str


Check = Callable[[str], "str | Avertissement | None"]  # None: accepted; a string: refused, with why


@dataclass(frozen=True)
class TexteLibre:
    """What was typed in a list that also takes free text, kept as it is."""

    texte: str


@dataclass(frozen=True)
class Option:
    """One choice of a list: its code, its label, and other words that find it (a préfecture's city)."""

    value: str
    title: str
    words: str = ""


STYLE = {
    "question": "bold",
    "aide": "italic",
    "erreur": "bold fg:ansired",
    "avertissement": "bold fg:ansiyellow",
    "actif": "reverse",
    "etat": "italic",
}


def terminal_size() -> tuple[int, int]:
    """(columns, rows) of the terminal the interview runs in (of the test's pipe, in tests)."""
    from prompt_toolkit.application.current import get_app_session

    size = get_app_session().output.get_size()
    return max(40, size.columns), max(12, size.rows)


def without_cursor_requests() -> None:
    """Tell prompt_toolkit not to ask the terminal where its cursor is: a terminal that does not answer would
    get, two seconds later, an English warning printed in the middle of the interview. The prompts are drawn
    from where the cursor is and need no more."""
    os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Lines of ``text`` no wider than ``width``, cut between words; blank lines kept."""
    hanging = indent if hanging is None else hanging
    lines: list[str] = []
    # French punctuation stays with its word: no line starts with « ? », « : » or « »
    text = re.sub(r" ([?:!;»])", "\xa0\\1", re.sub(r"« ", "«\xa0", str(text)))
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(
            paragraph,
            width=max(10, width),
            initial_indent=indent,
            subsequent_indent=hanging,
            break_long_words=True,
            break_on_hyphens=False,
        )
    return [line.replace("\xa0", " ") for line in lines]


def _header(label: str, aide: str, width: int) -> Fragments:
    fragments: Fragments = []
    for line in wrap(label, width - 1, "? ", "  "):
        fragments += [("class:question", line), ("", "\n")]
    for line in wrap(aide, width - 1, "  ", "  ") if aide else []:
        fragments += [("class:aide", line), ("", "\n")]
    return fragments


def _message_fragments(message: tuple[str, str] | None, width: int) -> Fragments:
    if not message:
        return []
    style, text = message
    return [(f"class:{style}", "\n".join(wrap(text, width - 1, "  ", "  ")))]


@dataclass
class _State:
    message: tuple[str, str] | None = None  # (style, text) under the field
    warned: str | None = None  # the answer already warned about: Enter again keeps it
    index: int | None = None  # highlighted choice among the visible ones
    moved: bool = False  # the user moved or typed: Enter may take the highlighted choice
    checked: set[str] = field(default_factory=set)
    searching: bool = False  # letters typed since the last arrow key: Space is part of the search


def _common_keys(kb: Any, buffer: Any, search: bool = False, coches: Callable[[], list[str]] | None = None) -> None:
    @kb.add("escape", eager=True)
    def _back(event: Any) -> None:
        if search and buffer.text:  # in a list, Échap first clears the search
            buffer.text = ""
            return
        event.app.exit(exception=Retour("" if search else buffer.text, coches() if coches else None))

    @kb.add("c-c")
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=Interruption(buffer.text))

    @kb.add("c-d", filter=_empty(buffer))
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError())


def _empty(buffer: Any) -> Any:
    from prompt_toolkit.filters import Condition

    return Condition(lambda: not buffer.text)


def _run(layout_parts: list[Any], kb: Any, focus: Any) -> Any:
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import merge_key_bindings
    from prompt_toolkit.key_binding.defaults import load_key_bindings
    from prompt_toolkit.layout import HSplit, Layout
    from prompt_toolkit.styles import Style

    without_cursor_requests()
    app: Application = Application(
        layout=Layout(HSplit(layout_parts), focused_element=focus),
        key_bindings=merge_key_bindings([load_key_bindings(), kb]),
        style=Style.from_dict(STYLE),
        erase_when_done=True,
        include_default_pygments_style=False,
    )
    return app.run()


def judge(state: _State, check: Check | None, text: str) -> bool:
    """True when ``text`` is kept; else what to say under the field is put in ``state``. A warning is said
    once: Enter again on the same text keeps it."""
    verdict = check(text) if check else None
    if isinstance(verdict, Avertissement) and state.warned != text:
        state.warned = text
        state.message = ("avertissement", f"{sentence(verdict.message)} Entrée à nouveau pour garder cette réponse.")
        return False
    if isinstance(verdict, str):
        state.message = ("erreur", sentence(verdict))
        return False
    return True


def sentence(text: str) -> str:
    """``text`` ending with a full stop (the checks' reasons are also used inside other sentences)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def ask_text(label: str, *, aide: str = "", default: str = "", check: Check | None = None) -> str:
    """A text on several lines: Enter on an empty line ends it (a one-line text is asked by
    ``courtes.ask_line``, on questionary)."""
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Dimension, VSplit, Window
    from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl

    state = _State()
    buffer = Buffer(document=Document(default, len(default)), multiline=True)
    buffer.on_text_changed += lambda _: setattr(state, "message", None)

    def finish(event: Any, text: str) -> None:
        if judge(state, check, text):
            event.app.exit(result=text)

    kb = KeyBindings()
    _common_keys(kb, buffer)

    @kb.add("enter")
    def _enter(event: Any) -> None:
        text = buffer.text
        if not text.strip() or (buffer.cursor_position == len(text) and text.endswith("\n")):
            finish(event, text.rstrip("\n"))
        else:
            buffer.insert_text("\n")

    def header() -> Fragments:
        return _header(label, aide, terminal_size()[0])

    def message() -> Fragments:
        return _message_fragments(state.message, terminal_size()[0])

    parts = [
        Window(FormattedTextControl(header), dont_extend_height=True),
        VSplit(
            [
                Window(FormattedTextControl("> "), width=2, dont_extend_width=True),
                Window(
                    BufferControl(buffer),
                    wrap_lines=True,
                    height=Dimension(min=1, max=max(3, terminal_size()[1] - 8)),
                    dont_extend_height=True,
                ),
            ]
        ),
        Window(FormattedTextControl(message), dont_extend_height=True),
    ]
    return str(_run(parts, kb, buffer))


LIBRE = "\x00libre"  # the line that keeps what was typed (never a code of a list)
FICHIER = "\x00fichier:"  # a file dragged or pasted into a list of files, before its path


def _compact(text: str) -> str:
    """« CST 1 », « cst-1 », « cst1 » → « cst1 »: a code however it is typed."""
    return re.sub(r"[^a-z0-9]", "", replier(text))


def _numbered(option: Option, words: list[str]) -> bool:
    """A number typed alone that is the line's own number (« 4 » for « 4. 21/10/2026 — Appel … ») or code."""
    if len(words) != 1 or not words[0].isdigit():
        return False
    own = re.match(r"\s*(\d+)[.)]", option.title)
    return int(own.group(1)) == int(words[0]) if own is not None else option.value == words[0]


def _rank(option: Option, words: list[str]) -> tuple[int, int, int, int] | None:
    """None when a typed word is missing; else a sort key: the line whose own number was typed first, then
    words that start a word of the choice, then those found in its code, then those found early in its label
    (« valid » finds « Erreur … valider » before « … courriel de validation »)."""
    title = replier(option.title)
    haystack = replier(f"{option.value} {option.title} {option.words}")
    if _numbered(option, words):
        return (0, 0, 0, 0)
    if not all(word in haystack for word in words):
        return None
    tokens = re.findall(r"[a-z0-9]+", haystack)
    starts = all(any(token.startswith(word) for token in tokens) for word in words)
    in_code = any(word in replier(option.value) for word in words)
    position = min((title.find(word) for word in words if word in title), default=len(title))
    return (1, 0 if starts else 1, 0 if in_code else 1, position)


def choose(
    label: str,
    options: Sequence[Option],
    *,
    aide: str = "",
    default: str | None = None,
    multiple: bool = False,
    checked: Sequence[str] = (),
    allow_empty: bool = False,
    libre: bool = False,
    texte: str = "",
    chemin: Callable[[str], bool] | None = None,
    devant: Callable[[str], tuple[str, str]] | None = None,
) -> Any:
    """One code (or, with ``multiple``, a list of codes) from ``options``, found by typing any word of them.

    Without ``default`` nothing is highlighted: Enter alone is not an answer (consents, legal choices).
    With ``libre``, what is typed is itself a choice, offered first (``TexteLibre``): Enter keeps it, ↓ picks
    a matching line instead — unless the text is a line's code (« cst1 »), which then comes first.
    ``texte`` is typed in advance (the free answer given before).

    With ``multiple``, the cursor is on the first line from the start; Space ticks it, except while a search is
    being typed (letters since the last arrow key), where it is a space of the search. ``chemin`` recognises
    a file dragged or pasted into the list: Enter then returns it, as ``FICHIER + path``, with the ticked ones.

    ``devant`` reads what is typed before the words of the search (« 21/10 appel »: a date): it returns the
    words that search and what was understood, said under the list; the answer is then ``(code, text typed)``."""
    search_list = _SearchList(
        label,
        options,
        _ListSettings(aide, multiple, allow_empty, libre, chemin, devant),
        default=default,
        checked=checked,
        texte=texte,
    )
    answer = _run(search_list.parts(), search_list.key_bindings(), search_list.buffer)
    return (answer, search_list.buffer.text) if devant is not None else answer


@dataclass(frozen=True)
class _ListSettings:
    """How a list of ``choose`` behaves (see its docstring)."""

    aide: str
    multiple: bool
    allow_empty: bool
    libre: bool
    chemin: Callable[[str], bool] | None
    devant: Callable[[str], tuple[str, str]] | None


class _SearchList:
    """The search list of ``choose``: which lines show, what each key does, what is drawn."""

    def __init__(
        self,
        label: str,
        options: Sequence[Option],
        settings: _ListSettings,
        *,
        default: str | None,
        checked: Sequence[str],
        texte: str,
    ) -> None:
        from prompt_toolkit.buffer import Buffer
        from prompt_toolkit.document import Document

        self.label, self.options, self.settings = label, options, settings
        self._top = 0  # the first line shown when the list is taller than its window
        self.values = [o.value for o in options]
        self.state = _State(checked=set(checked))
        start = self.values.index(default) if default in self.values and not texte else None
        if settings.multiple and start is None and options:
            start = 0  # the cursor shows where Space ticks, before any arrow key
        self.start = start
        self.state.index = start
        self.buffer = Buffer(document=Document(texte, len(texte)), multiline=False)
        if texte:
            self.state.index, self.state.moved = 0, True
        self.buffer.on_text_changed += self.on_filter

    def search(self) -> str:
        return self.settings.devant(self.buffer.text)[0] if self.settings.devant is not None else self.buffer.text

    def visible(self) -> list[Option]:
        words = replier(self.search()).split()
        if not words:
            return list(self.options)
        ranked = [(key, i, o) for i, o in enumerate(self.options) if (key := _rank(o, words)) is not None]
        found = [o for _, _, o in sorted(ranked, key=lambda r: (r[0], r[1]))]
        if not self.settings.libre:
            return found
        typed = _compact(self.buffer.text)
        exact = [o for o in found if _compact(o.value) == typed]
        own = Option(LIBRE, f"Garder ce texte : « {' '.join(self.buffer.text.split())} »")
        return [*exact, own, *(o for o in found if o not in exact)]

    def on_filter(self, _: Any) -> None:
        text = self.buffer.text.strip()
        if self.dropped() and len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            self.buffer.text = text[1:-1]  # a pasted « '/…/Capture 28-09.png' »: the path, without its quotes
            return  # this change calls on_filter again
        state = self.state
        state.message = None
        state.searching = bool(self.buffer.text)
        # one letter typed then Enter takes nothing in a list with boxes: a word, or the arrows, do
        state.moved = not self.settings.multiple and bool(self.search().strip())
        state.index = (0 if self.visible() else None) if self.search().strip() else self.start

    def move(self, delta: int) -> None:
        shown = self.visible()
        if not shown:
            return
        state = self.state
        if state.index is None:
            state.index = 0 if delta > 0 else len(shown) - 1
        elif self.settings.multiple and state.searching and delta > 0 and self.buffer.text:
            pass  # the first ↓ after a search lands on the line already marked « > »
        else:
            state.index = max(0, min(len(shown) - 1, state.index + delta))
        state.moved = True
        state.searching = False
        state.message = None

    def highlighted(self) -> Option | None:
        shown = self.visible()
        index = self.state.index
        return shown[index] if shown and index is not None and index < len(shown) else None

    def dropped(self) -> bool:
        chemin, text = self.settings.chemin, self.buffer.text
        return chemin is not None and bool(text.strip()) and chemin(text)

    def key_bindings(self) -> Any:
        from prompt_toolkit.key_binding import KeyBindings

        kb = KeyBindings()
        coches = (lambda: [v for v in self.values if v in self.state.checked]) if self.settings.multiple else None
        _common_keys(kb, self.buffer, search=True, coches=coches)
        kb.add("down")(lambda e: self.move(1))
        kb.add("c-n")(lambda e: self.move(1))
        kb.add("up")(lambda e: self.move(-1))
        kb.add("c-p")(lambda e: self.move(-1))
        kb.add("pagedown")(lambda e: self.move(self.list_height()))
        kb.add("pageup")(lambda e: self.move(-self.list_height()))
        kb.add("enter")(self.enter)
        if self.settings.multiple:
            kb.add(" ")(self.toggle)
        return kb

    def enter(self, event: Any) -> None:
        answer = self.answer()
        if answer is not None:
            event.app.exit(result=answer)

    def answer(self) -> Any:
        """What Enter returns now, or None after saying under the list why it returns nothing."""
        state, text, multiple = self.state, self.buffer.text, self.settings.multiple
        current = self.highlighted()
        if multiple and self.dropped():
            return [*(v for v in self.values if v in state.checked), FICHIER + text]
        if self.settings.libre and current is not None and current.value == LIBRE:
            return TexteLibre(" ".join(text.split()))
        if not self.visible():
            state.message = ("erreur", f"Aucun choix ne contient « {text} » : effacez (Échap).")
        elif multiple and state.checked:
            # a line found by a word, then Enter: taken with those ticked before
            found = current is not None and state.searching and len(text.strip()) >= 3
            chosen = state.checked | ({current.value} if found and current is not None else set())
            return [v for v in self.values if v in chosen]
        elif current is not None and (not multiple or state.moved or len(text.strip()) >= 3):
            return [current.value] if multiple else current.value
        elif multiple and self.settings.allow_empty:
            return []
        elif multiple:
            state.message = ("erreur", "Cochez au moins une ligne avec Espace, puis Entrée.")
        else:
            state.message = ("erreur", "Choisissez une ligne avec ↑ ↓ ou en tapant un mot, puis Entrée.")
        return None

    def toggle(self, event: Any) -> None:
        current = self.highlighted()
        if (self.state.searching and self.buffer.text) or self.dropped():
            self.buffer.insert_text(" ")  # « accueil num », a dragged « Capture du 28 sept.png »
        elif current is None:
            self.state.message = ("erreur", "Allez sur une ligne avec ↑ ↓, puis Espace pour la cocher.")
        else:
            self.state.checked ^= {current.value}
            self.state.moved = True

    def list_height(self) -> int:
        columns, rows = terminal_size()
        used = len([f for f in _header(self.label, self.settings.aide, columns) if f[1] == "\n"])
        used += 5 if self.settings.devant is not None else 3
        return max(3, rows - used - 1)

    def lines(self) -> tuple[Fragments, int]:
        """The lines shown and the row of the highlighted one. A list taller than its window shows the part
        around the highlighted line, the line under it saying where the rest is."""
        width = terminal_size()[0] - 1
        rows: list[tuple[str, str]] = []
        start, end = 0, 0  # the highlighted choice's lines
        for i, option in enumerate(self.visible()):
            active = i == self.state.index
            box = ("[x] " if option.value in self.state.checked else "[ ] ") if self.settings.multiple else ""
            prefix = ("> " if active else "  ") + box
            if active:
                start = len(rows)
            for line in wrap(option.title, width, prefix, " " * (len(prefix) + 4)):
                rows.append(("class:actif" if active else "", line.ljust(width) if active else line))
            if active:
                end = len(rows)
        if not rows:
            return [("class:etat", "  (aucun choix)")], 0
        height = self.list_height()
        if len(rows) > height:
            rows, start = self._scrolled(rows, start, end, height - 1)
        fragments: Fragments = [part for row in rows for part in (row, ("", "\n"))]
        return fragments[:-1], start

    def _scrolled(self, rows: list[tuple[str, str]], start: int, end: int, height: int) -> tuple[list, int]:
        """``height`` rows around the highlighted choice (``start``–``end``), then where the others are."""
        if start < self._top:
            self._top = start
        elif end > self._top + height:
            self._top = min(start, end - height)
        self._top = max(0, min(self._top, len(rows) - height))
        above, below = self._top > 0, self._top + height < len(rows)
        where = "plus haut (↑) et plus bas (↓)" if above and below else "plus bas (↓)" if below else "plus haut (↑)"
        shown = [*rows[self._top : self._top + height], ("class:etat", f"  … la liste continue {where}.")]
        return shown, start - self._top

    def status(self) -> Fragments:
        state, text, multiple = self.state, self.buffer.text, self.settings.multiple
        if state.message:
            return _message_fragments(state.message, terminal_size()[0])
        if multiple and self.dropped():
            return [("class:etat", "  Fichier reconnu : Entrée pour le joindre (Échap efface).")]
        shown = len(self.visible())
        hint = "↑ ↓ pour parcourir, Espace pour cocher, Entrée pour valider" if multiple else "↑ ↓ puis Entrée"
        if multiple and state.searching and text:
            hint = "recherche : ↓ pour aller sur une ligne puis Espace pour la cocher ; Échap efface la recherche"
        total = f"{shown} sur {len(self.options)} — " if shown != len(self.options) else ""
        note = self.settings.devant(text)[1] if self.settings.devant is not None else ""
        understood: Fragments = [("class:avertissement", "\n".join(wrap(note, terminal_size()[0] - 1, "  ")) + "\n")]
        return [*(understood if note else []), ("class:etat", f"  {total}{hint}")]

    def _list_window(self, control: Any) -> Any:
        from prompt_toolkit.layout import Dimension, Window

        return Window(control, height=lambda: Dimension(min=1, max=self.list_height()), dont_extend_height=True)

    def parts(self) -> list[Any]:
        from prompt_toolkit.data_structures import Point
        from prompt_toolkit.layout import VSplit, Window
        from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl

        control = FormattedTextControl(
            lambda: self.lines()[0], get_cursor_position=lambda: Point(0, self.lines()[1]), show_cursor=False
        )
        header = FormattedTextControl(lambda: _header(self.label, self.settings.aide, terminal_size()[0]))
        return [
            Window(header, dont_extend_height=True),
            VSplit(
                [
                    Window(FormattedTextControl("  Tapez pour chercher : "), width=24, dont_extend_width=True),
                    Window(BufferControl(self.buffer), height=1),
                ]
            ),
            self._list_window(control),
            Window(FormattedTextControl(self.status), dont_extend_height=True),
        ]
