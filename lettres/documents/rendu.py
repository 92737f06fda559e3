"""Rendering: one Jinja environment (sandboxed, XML-autoescaped, strict) for Word and e-mail templates."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from lettres.erreurs import ModeleInvalide


@cache
def templates_root() -> Path:
    """The default templates: inside the installed package, or at the top of a source checkout."""
    packaged = Path(str(resources.files("lettres"))) / "templates"
    if packaged.is_dir():
        return packaged
    # editable install from a source checkout (lettres/documents/rendu.py → templates/ at the top)
    return Path(__file__).resolve().parents[2] / "templates"


def _autoescape(template_name: str | None) -> bool:
    # docxtpl compiles XML parts with from_string (no name): escape them. E-mail templates are
    # loaded by name (*.txt) and are plain text: do not.
    return template_name is None or not template_name.endswith(".txt")


@cache
def jinja_env(modeles: Path | None = None):
    """The single environment shared by the Word and e-mail renderers.

    ``modeles``: a structure's own templates (the default ones exported, then edited); a template it does not
    have falls back to the default one."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from lettres.documents.bac_a_sable import environnement

    folders = ([modeles / "email"] if modeles else []) + [templates_root() / "email"]
    env = environnement(ChoiceLoader([FileSystemLoader(str(f)) for f in folders]), _autoescape)
    from lettres.documents.compilation import DiskCache, cache_folder, settings_of

    folder = cache_folder()
    if folder is not None:
        env.bytecode_cache = DiskCache(folder, settings_of(env))
    return env


# what a structure's template may raise while it renders: a Jinja error, or Python's (« 1/0 », « 'a' + 1 »)
RENDU_IMPOSSIBLE: tuple[type[BaseException], ...] = (
    RecursionError,
    SyntaxError,  # « too many statically nested blocks »: 30 nested loops compiled by Python
    MemoryError,
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
)


def _template_error(name: str, exc: BaseException) -> ModeleInvalide:
    from lettres.documents.erreurs_modele import pourquoi

    return ModeleInvalide(
        f"Le modèle « {name} » ne peut pas être utilisé : {pourquoi(exc)}. Corrigez-le puis recommencez."
    )


def render_text(name: str, context: dict, modeles: Path | None = None) -> str:
    """Render a plain-text (e-mail) template (``email/``)."""
    from jinja2 import TemplateError

    from lettres.documents.bac_a_sable import render_bounded

    try:
        template = jinja_env(modeles).get_template(name)
        if modeles is not None and not Path(template.filename or "").is_relative_to(templates_root()):
            # a structure's own template: rendered in a child process with limits (bac_a_sable)
            template.lettres_isole = True
            template.lettres_source = Path(template.filename or "").read_text(encoding="utf-8")
        return render_bounded(template, context)
    except TemplateError as exc:
        raise _template_error(name, exc) from None
    except RENDU_IMPOSSIBLE as exc:
        raise _template_error(name, exc) from None


def docx_template_path(name: str, modeles: Path | None = None) -> Path:
    """The structure's own Word template when it has one, else the default."""
    if modeles is not None and (modeles / "docx" / name).is_file():
        return modeles / "docx" / name
    return templates_root() / "docx" / name


@cache
def _compiled(path: Path, logo: Path | None = None):
    """Each Word template is prepared once per process (docx_rapide.py)."""
    from jinja2 import TemplateError

    from lettres.documents.garde_modele import check_docx_archive
    from lettres.documents.word import CompiledDocx
    from lettres.erreurs import LettresError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        from lettres.erreurs import raison_systeme

        raise ModeleInvalide(f"Le modèle « {path} » ne peut pas être lu ({raison_systeme(exc)}).") from None
    trusted = path.is_relative_to(templates_root())
    cache, key = _prepared_cache(raw, logo)
    state = cache.load(key) if cache else None
    if cache is not None and state is not None:
        try:
            return CompiledDocx.from_state(state, jinja_env(), trusted)
        except (TemplateError, ValueError, TypeError):
            pass  # a damaged cache file: prepared again below
    check_docx_archive(raw, path.name)
    try:
        compiled = CompiledDocx(raw, jinja_env(), logo, trusted=trusted)
        if cache is not None:
            cache.dump(key, compiled.state())
        return compiled
    except (TemplateError, RecursionError, SyntaxError, MemoryError) as exc:  # the rest: a damaged file, below
        if not _xml_error(exc):  # lxml's XMLSyntaxError is a SyntaxError too: a damaged file
            raise _template_error(path.name, exc) from None
        raise ModeleInvalide(
            f"Le modèle « {path} » n'est pas un document Word lisible : ouvrez-le dans Word ou LibreOffice et "
            "enregistrez-le de nouveau au format .docx."
        ) from None
    except LettresError:
        raise
    except Exception:  # a damaged package: zip, XML or Word structure, whatever the library raises
        raise ModeleInvalide(
            f"Le modèle « {path} » n'est pas un document Word lisible : ouvrez-le dans Word ou LibreOffice et "
            "enregistrez-le de nouveau au format .docx."
        ) from None


def _prepared_cache(raw: bytes, logo: Path | None):
    """The on-disk cache of prepared Word templates and this template's key in it (None: no cache)."""
    from lettres.documents.compilation import PreparedCache, cache_folder

    folder = cache_folder()
    if folder is None:
        return None, ""
    try:
        logo_bytes = logo.read_bytes() if logo is not None else None
    except OSError:
        return None, ""  # the logo's own error is said when the template is prepared
    cache = PreparedCache(folder)
    return cache, cache.key(raw, logo_bytes)


def _xml_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("lxml")


def render_docx(name: str, context: dict, modeles: Path | None = None, logo: Path | None = None) -> bytes:
    """Render a Word template (docxtpl syntax); return the .docx bytes."""
    from jinja2 import TemplateError

    template = _compiled(docx_template_path(name, modeles), logo)
    try:
        return template.render(context)
    except TemplateError as exc:
        raise _template_error(name, exc) from None
    except RENDU_IMPOSSIBLE as exc:
        raise _template_error(name, exc) from None
