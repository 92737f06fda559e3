"""The short prompts, on questionary: a one-line text, a yes/no question, a short list of boxes to tick.

questionary draws them (question, French instruction, field or boxes); the interview adds on each the keys it
needs everywhere (Échap: previous question, Ctrl-C: leave with the typed text), says under the field why an
answer is refused (wrapped between words, where questionary's one-line toolbar would cut it), and erases the
prompt once answered. The search list and the multi-line text stay on prompt_toolkit (``terminal.py``): see
docs/bibliotheques.md. questionary is imported here only, when a question is asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lettres.prompts.terminal import (
    STYLE,
    Check,
    Interruption,
    Option,
    Retour,
    _message_fragments,
    _State,
    judge,
    terminal_size,
    without_cursor_requests,
    wrap,
)

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings

COURTE = 8  # a list of boxes this long or shorter needs no search: ↑ ↓ and Espace (if it fits: tick_fits)

OUI = {"o", "oui", "y", "yes"}
NON = {"n", "non", "no"}

# questionary's classes, in the interview's look (its orange answer and blue « ? » out)
_STYLE = {
    **STYLE,
    "qmark": "bold",
    "question": "bold",
    "instruction": "italic",
    "answer": "",
    "pointer": "bold",
    "highlighted": "reverse",
    "selected": "bold",
    "text": "",
}


def parse_oui_non(text: str, default: bool | None) -> bool | None:
    """« o », « oui », « n », « non »; Enter alone gives ``default`` (None: no answer)."""
    text = text.strip().lower()
    if not text:
        return default
    if text in OUI:
        return True
    if text in NON:
        return False
    return None


def _style() -> Any:
    from prompt_toolkit.styles import Style

    return Style.from_dict(_STYLE)


def _prompt(label: str, aide: str, hint: str = "") -> tuple[str, str]:
    """(message, instruction) for questionary: the question wrapped between words after its « ? », then the
    help and the hint on their own lines, each no wider than the terminal."""
    width = terminal_size()[0] - 1
    message = "\n".join(wrap(label, width, "? ", "  "))[2:]
    lines = [line for text in (aide, hint) if text for line in wrap(text, width, "  ", "  ")]
    return message, "\n".join(["", *lines])


def _keys(enter: Callable[[Any], None], coches: Callable[[Any], list[str]] | None = None) -> KeyBindings:
    """The interview's keys on a questionary prompt, given priority over questionary's own (eager, merged
    last): Échap goes back (with the boxes ``coches`` reads ticked, in a list of boxes), Ctrl-C leaves with what
    was typed, Ctrl-D on an empty field ends, Enter ``enter``."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @kb.add("escape", eager=True)
    def _back(event: Any) -> None:
        event.app.exit(exception=Retour(event.app.current_buffer.text, coches(event.app) if coches else None))

    @kb.add("c-c", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=Interruption(event.app.current_buffer.text))

    @kb.add("c-d", eager=True, filter=Condition(lambda: not get_app().current_buffer.text))
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError())

    kb.add("enter", eager=True)(enter)
    return kb


def _ask(question: Any, state: _State, kb: KeyBindings) -> Any:
    """Run a questionary ``question`` with the interview's keys and, under it, the line saying why an answer
    is refused (``state.message``)."""
    from prompt_toolkit.key_binding import merge_key_bindings
    from prompt_toolkit.layout import Dimension, HSplit, Layout, VerticalAlign, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    app: Application = question.application
    assert app.key_bindings is not None  # questionary's own: arrows, Espace, the field's editing keys
    app.key_bindings = merge_key_bindings([app.key_bindings, kb])
    said = Window(
        FormattedTextControl(lambda: _message_fragments(state.message, terminal_size()[0])), dont_extend_height=True
    )
    inner = app.layout.container

    def own_height() -> Dimension:  # questionary's field would stretch to the bottom row, and the message under it
        columns, rows = terminal_size()
        preferred = inner.preferred_height(columns, rows).preferred
        return Dimension(preferred=preferred, max=preferred)

    field = HSplit([inner], height=own_height)
    app.layout = Layout(HSplit([field, said], align=VerticalAlign.TOP), focused_element=app.layout.current_window)
    # what was said goes at the next key (the key may say it again: Entrée on a refused answer)
    app.key_processor.before_key_press += lambda _: setattr(state, "message", None)
    return question.unsafe_ask()


def ask_line(label: str, *, aide: str = "", default: str = "", check: Check | None = None) -> str:
    """A one-line text answer (``questionary.text``), refused with why while ``check`` says so."""
    import questionary

    without_cursor_requests()  # before questionary makes its Application
    state = _State()
    message, instruction = _prompt(label, aide)

    def enter(event: Any) -> None:
        text = event.app.current_buffer.text
        if judge(state, check, text):
            event.app.exit(result=text)

    question = questionary.text(
        message, default=default, qmark="?", instruction=f"{instruction}\n>", style=_style(), erase_when_done=True
    )
    return str(_ask(question, state, _keys(enter)))


def ask_yes_no(label: str, *, aide: str = "", default: bool | None = None) -> bool:
    """Oui or non (``questionary.confirm``): « o », « oui », « n » or « non » then Entrée; Entrée alone gives
    ``default``, and is refused without one (a consent). questionary's confirm knows only y and n, answers
    « Yes » and would leave at the first key: the field takes French answers, shown as typed."""
    import questionary

    without_cursor_requests()  # before questionary makes its Application
    state = _State()
    hint = "o (oui) ou n (non)" + ("" if default is None else f" ; Entrée : {'oui' if default else 'non'}")
    message, instruction = _prompt(label, aide, hint)

    def enter(event: Any) -> None:
        answer = parse_oui_non(event.app.current_buffer.text, default)
        if answer is None:
            state.message = ("erreur", "Répondez o (oui) ou n (non).")
        else:
            event.app.exit(result=answer)

    kb = _keys(enter)

    def typed(event: Any) -> None:
        if event.data.isprintable():
            event.current_buffer.insert_text(event.data)

    for key in ("o", "O", "n", "N", "y", "Y", "<any>"):  # over questionary's y/n, which answer at once
        kb.add(key)(typed)
    kb.add("c-h")(lambda event: event.current_buffer.delete_before_cursor())
    question = questionary.confirm(
        message,
        default=bool(default),
        qmark="?",
        auto_enter=False,
        instruction=f" {instruction}\n> ",
        style=_style(),
        erase_when_done=True,
    )
    return bool(_ask(question, state, kb))


def _tick_hint(allow_empty: bool) -> str:
    hint = "↑ ↓ pour aller sur une ligne, Espace pour la cocher, Entrée pour valider"
    return hint + (" (même sans rien cocher)" if allow_empty else "")


def tick_fits(label: str, options: Sequence[Option], *, aide: str = "", allow_empty: bool = False) -> bool:
    """Whether the list of boxes, its question, its help and a refusal under it fit the terminal's height
    once the labels are wrapped (else the list where one searches, which scrolls, is used)."""
    columns, rows = terminal_size()
    message, instruction = _prompt(label, aide, _tick_hint(allow_empty))
    boxes = sum(len(_title(o, columns - 1 - 5).split("\n")) for o in options)
    said = 2  # a refusal or a hint under the list, wrapped
    return len(message.split("\n")) + len(instruction.split("\n")) - 1 + boxes + said <= rows - 1


def _title(option: Option, width: int) -> str:
    """A box's label wrapped between words, its next lines under its first word (after « > ○ »)."""
    return "\n".join(wrap(option.title, width, "", " " * 5))


def tick(
    label: str, options: Sequence[Option], *, aide: str = "", checked: Sequence[str] = (), allow_empty: bool = False
) -> list[str]:
    """Codes of the boxes ticked in a short list (``questionary.checkbox``): ↑ ↓, Espace, Entrée. A letter
    typed, as in the lists where one searches, only says how this one works (questionary's « a » would tick
    every box and « i » invert them)."""
    import questionary

    without_cursor_requests()  # before questionary makes its Application
    state = _State()
    width = terminal_size()[0] - 1
    message, instruction = _prompt(label, aide, _tick_hint(allow_empty))
    boxes = [
        questionary.Choice(_title(o, width - 5), value=o.value, checked=o.value in checked)  # 5: « > ○ »
        for o in options
    ]

    def enter(event: Any) -> None:
        ticked = [c.value for c in boxes if c.value in _ticked(event.app)]
        if ticked or allow_empty:
            event.app.exit(result=ticked)
        else:
            state.message = ("erreur", "Cochez au moins une ligne avec Espace, puis Entrée.")

    kb = _keys(enter, lambda app: [str(c.value) for c in boxes if c.value in _ticked(app)])

    def letter(event: Any) -> None:
        if event.data.isprintable() and event.data != " ":
            state.message = ("aide", "Cette liste se parcourt avec ↑ ↓ ; Espace coche la ligne, Entrée valide.")

    for key in ("a", "i", "<any>"):
        kb.add(key, eager=True)(letter)
    question = questionary.checkbox(
        message,
        boxes,
        qmark="?",
        pointer=">",
        instruction=instruction,
        style=_style(),
        use_jk_keys=False,
        erase_when_done=True,
    )
    return list(_ask(question, state, kb))


def _ticked(app: Application) -> list[Any]:
    """The codes ticked in a questionary checkbox: its list control holds them."""
    from questionary.prompts.common import InquirerControl

    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            return list(window.content.selected_options)
    return []
