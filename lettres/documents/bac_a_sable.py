"""The templates' sandbox, with limits: a structure's template is a program that runs on every letter.

Jinja's sandbox keeps templates away from Python's internals, not from endless work: nested
``range(100000)`` loops, ``lipsum(n=10000000)``, ``'a' * 3000000000`` or ``'x'|center(10**9)`` would
run for hours or fill the memory. Here ranges, repetitions, widths and the output are bounded, and a
watchdog stops a render that lasts too long. Each limit ends in a French message naming the template
(``ModeleInvalide``, exit code 2)."""

from __future__ import annotations

import ctypes
import functools
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from lettres.francais import accorder

DELAI_RENDU = 10.0  # seconds for one template: a letter takes a few milliseconds
RANGE_MAX = 10_000  # items of one range()
TAILLE_MAX = 1_000_000  # characters or items of a value built by the template (repetition, padding)
SORTIE_MAX = 20_000_000  # characters of one rendered template
NOMBRE_MAX = 100_000  # a width, a count or an exponent given to a filter or a method
LIPSUM_MAX = 5  # paragraphs of placeholder text


class LimiteDepassee(SecurityError):
    """A template went past a limit; the message is a French phrase."""


class DelaiDepasse(Exception):
    """Raised inside the rendering thread by the watchdog."""


def _too_big(what: str) -> LimiteDepassee:
    return LimiteDepassee(
        f"{what} dépasse les limites d'un modèle de lettre (au plus {TAILLE_MAX:,} caractères)".replace(",", " ")
    )


def _check_number(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > NOMBRE_MAX:
        raise LimiteDepassee(f"{what} : le nombre {value} est trop grand (au plus {NOMBRE_MAX:,})".replace(",", " "))


WIDTH = re.compile(r"(\d{6,})")


def _check_format(text: Any, what: str) -> None:
    """``'%0999999999d'`` or ``'{:>999999999}'``: a width that would build a huge text."""
    if isinstance(text, str) and ("%" in text or "{" in text):
        for number in WIDTH.findall(text):
            _check_number(int(number), what)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_replace(value: Any, old: Any, new: Any) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        count = value.count(old) if old else len(value) + 1
        if len(value) + count * (len(new) - len(old)) > TAILLE_MAX:
            raise _too_big("le texte remplacé")


def _bounded_filter(name: str, function):
    skip = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        for value in (*args[skip:], *kwargs.values()):
            _check_number(value, f"filtre {name}")
        value = args[skip - 1] if len(args) >= skip else None
        if name == "format":
            _check_format(value, "filtre format")
        if name == "replace" and len(args) >= skip + 2:
            _check_replace(value, args[skip], args[skip + 1])
        return function(*args, **kwargs)

    return bounded


def _range(*args: Any) -> range:
    for value in args:
        if not isinstance(value, int) or isinstance(value, bool):
            raise LimiteDepassee("range() n'accepte que des nombres entiers")
    bornes = range(*args)
    if len(bornes) > RANGE_MAX:
        raise LimiteDepassee(
            f"boucle trop longue : range() de {len(bornes):,} éléments (au plus {RANGE_MAX:,})".replace(",", " ")
        )
    return bornes


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    if n > LIPSUM_MAX or min > 100 or max > 100:
        raise LimiteDepassee(f"lipsum() est limité à {LIPSUM_MAX} paragraphes de 100 mots")
    return generate_lorem_ipsum(n, html, min, max)


class BacASable(SandboxedEnvironment):
    """Jinja's sandbox, plus bounds on what one expression may build."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(seq) * max(times, 0) > TAILLE_MAX:
                    raise _too_big("la répétition")
        elif operator == "**":
            if (
                isinstance(right, (int, float))
                and abs(right) > 100
                and isinstance(left, (int, float))
                and abs(left) > 1
            ):
                raise LimiteDepassee(f"la puissance {right} est trop grande (au plus 100)")
        elif operator == "%":
            _check_format(left, "opérateur %")
        elif operator == "+" and _size(left) + _size(right) > TAILLE_MAX:
            raise _too_big("la concaténation")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        # Jinja wraps str.format when the template reads it: the format is checked there
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format(owner, "méthode format")
        return super().wrap_str_format(value)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _check_number(value, "argument")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            if getattr(__obj, "__name__", "") in ("format", "format_map"):
                _check_format(owner, "méthode format")
            if getattr(__obj, "__name__", "") == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
        return super().call(__context, __obj, *args, **kwargs)


# --- the watchdog ---------------------------------------------------------------------------------


class _Watchdog:
    """One thread per process stops the renders that last too long (an exception raised in the
    rendering thread: works in any thread, on every system, for CPython). A render only writes its
    deadline down; the thread looks at the deadlines a few times a second: waking it for every render
    cost more than rendering a letter's header (a batch renders fifteen templates per dossier)."""

    PERIODE = 0.2  # seconds: a render is stopped at most this late

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.deadlines: dict[int, float] = {}
        self.fired: set[int] = set()
        self.pid = -1

    def _ensure_thread(self) -> None:
        if self.pid != os.getpid():  # first use, or a forked worker: threads do not survive fork
            self.lock = threading.Lock()
            self.deadlines, self.fired, self.pid = {}, set(), os.getpid()
            threading.Thread(target=self._run, name="lettres-delai-modeles", daemon=True).start()

    def _run(self) -> None:
        while True:
            time.sleep(self.PERIODE)
            now = time.monotonic()
            with self.lock:
                for ident, deadline in list(self.deadlines.items()):
                    if deadline <= now and ident not in self.fired:
                        self.fired.add(ident)
                        _raise_in(ident, DelaiDepasse)

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        ident = threading.get_ident()
        self._ensure_thread()
        with self.lock:
            self.deadlines[ident] = time.monotonic() + seconds
        try:
            yield
        finally:
            with self.lock:
                self.deadlines.pop(ident, None)
                if ident in self.fired:
                    self.fired.discard(ident)
                    _raise_in(ident, None)  # an exception sent but not yet raised is withdrawn


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    set_async = getattr(ctypes, "pythonapi", None)
    if set_async is not None:
        set_async.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None)


_WATCHDOG = _Watchdog()


def environnement(loader: Any = None, autoescape: Any = True) -> BacASable:
    """The sandboxed environment with the settings every letter is rendered with (``rendu.jinja_env`` adds the
    templates' loader and the compiled-code cache; the child process of a structure's templates uses it bare)."""
    from jinja2 import StrictUndefined

    return BacASable(
        loader=loader,
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a command's templates do not change while it runs: no stat per letter
    )


def _duree(secondes: float) -> str:
    """« d'une seconde », « de 10 secondes »: the French for the watchdog's delay."""
    return "d'une seconde" if secondes == 1 else f"de {secondes:g} {accorder(secondes, 'seconde')}"


def _dossiers(template) -> tuple[str, ...]:
    """The folders the template's environment loads includes from (a ChoiceLoader of FileSystemLoaders), for
    the child process to read the same ones."""
    loader = getattr(template.environment, "loader", None)
    loaders = getattr(loader, "loaders", [loader]) if loader is not None else []
    return tuple(str(p) for sous in loaders for p in getattr(sous, "searchpath", []))


def render_bounded(template, context: dict) -> str:
    """Render with the limits: time (watchdog) and output size (counted as it is produced). A structure's
    own template (marked ``lettres_isole``) is rendered in a child process with limits of memory and time."""
    if getattr(template, "lettres_isole", False):
        return _ISOLOIR.render(template.lettres_source, context, _dossiers(template))
    out: list[str] = []
    total = 0
    try:
        with _WATCHDOG.limit(DELAI_RENDU):
            for chunk in template.generate(context):
                total += len(chunk)
                if total > SORTIE_MAX:
                    raise LimiteDepassee(f"le texte produit dépasse {SORTIE_MAX // 1_000_000} millions de caractères")
                out.append(chunk)
    except DelaiDepasse:
        raise LimiteDepassee(f"le rendu dure plus {_duree(DELAI_RENDU)} (boucle sans fin ou trop longue)") from None
    except RecursionError:
        raise LimiteDepassee("récursion trop profonde (une macro qui s'appelle elle-même sans fin)") from None
    except MemoryError:
        raise LimiteDepassee("le rendu demande trop de mémoire") from None
    return "".join(out)


# --- the child process of the structure's templates ------------------------------------------------

MEMOIRE_RENDU = 400 * 1024 * 1024  # bytes of address space for the child that renders a template (a letter: 30)


def _child(conn, memoire: int) -> None:
    """The child: limited in memory (RLIMIT_AS) once and in processor time (RLIMIT_CPU) per render."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memoire, memoire))
    from jinja2 import FileSystemLoader

    from lettres.documents.compilation import from_string

    global DELAI_RENDU
    envs: dict[tuple[str, ...], BacASable] = {}  # the letters' settings, with the folders includes are read from
    compiled: dict[tuple[tuple[str, ...], str], Any] = {}
    conn.send(("pret", None))
    while True:
        try:
            source, context, DELAI_RENDU, dossiers = conn.recv()
        except (EOFError, OSError):
            return
        if dossiers not in envs:
            envs[dossiers] = environnement(FileSystemLoader(list(dossiers)) if dossiers else None)
        env = envs[dossiers]
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime + DELAI_RENDU) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
        try:
            cle = (dossiers, source)
            if cle not in compiled:
                if len(compiled) > 64:
                    compiled.clear()
                compiled[cle] = from_string(env, source)
            conn.send(("ok", render_bounded(compiled[cle], context)))
        except MemoryError:
            compiled.clear()
            conn.send(("err", LimiteDepassee("le rendu demande trop de mémoire")))
            return  # a fresh child for the next render
        except Exception as exc:
            try:
                conn.send(("err", exc))
            except Exception:
                conn.send(("err", LimiteDepassee(f"erreur du modèle ({type(exc).__name__})")))


class _Isoloir:
    """One child process, started on first use, that renders the structure's templates one at a time; it
    is killed and replaced when a render goes past its time or memory."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: Any = None
        self.conn: Any = None
        self.pid = -1

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # never fork a server's threads
        parent, child = context.Pipe()
        self.process = context.Process(target=_child, args=(child, MEMOIRE_RENDU), daemon=True)
        self.process.start()
        child.close()
        self.conn, self.pid = parent, os.getpid()
        if not parent.poll(60):  # imports done in the child: its time is not the template's
            self._stop()
            raise LimiteDepassee("le processus de rendu des modèles n'a pas démarré")
        parent.recv()

    def _stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def render(self, source: str, context: dict, dossiers: tuple[str, ...] = ()) -> str:
        with self.lock:
            if self.process is None or self.pid != os.getpid() or not self.process.is_alive():
                self.process = None if self.pid != os.getpid() else self.process
                self._stop()
                self._start()
            try:
                self.conn.send((source, context, DELAI_RENDU, dossiers))
                if not self.conn.poll(DELAI_RENDU + 1):
                    self._stop()
                    raise LimiteDepassee(f"le rendu dure plus {_duree(DELAI_RENDU)} (boucle sans fin ou trop longue)")
                status, value = self.conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._stop()
                raise LimiteDepassee(
                    "le rendu demande trop de mémoire ou de temps (au plus "
                    f"{MEMOIRE_RENDU // (1024 * 1024)} Mo et {_duree(DELAI_RENDU)})"
                ) from None
        if status == "ok":
            return value
        raise value


_ISOLOIR = _Isoloir()
