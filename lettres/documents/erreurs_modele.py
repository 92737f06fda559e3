"""Why a structure's template cannot be used, in French: Jinja and Python say it in English.

``pourquoi`` turns whatever a template raised while compiling or rendering (a syntax error, an unknown
variable, a division by zero, text added to a number…) into a short French phrase; the message of the
library is never shown as it is."""

from __future__ import annotations

import re

# the names Jinja gives its tokens, as a person reads them in a template
JETONS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "la fin du modèle",
    "name": "un nom",
    "string": "un texte",
    "integer": "un nombre",
}


def _jeton(nom: str) -> str:
    return JETONS.get(nom, nom)


SYNTAXE: list[tuple[re.Pattern[str], object]] = [
    (
        re.compile(
            r"Unexpected end of template\. Jinja was looking for .*The innermost block that needs to be closed is '(\w+)'",
            re.S,
        ),
        lambda m: f"bloc « {m[1]} » jamais fermé (il manque {{% end{m[1]} %}})",
    ),
    (
        re.compile(r"unexpected end of template", re.I),
        lambda m: "fin du modèle inattendue : une balise n'est pas fermée",
    ),
    (re.compile(r"unexpected char (['\"])(.*)\1 at \d+", re.S), lambda m: f"caractère « {m[2]} » inattendu"),
    (re.compile(r"unexpected '(.*)'", re.S), lambda m: f"« {_jeton(m[1])} » inattendu"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"balise inconnue ou mal placée « {m[1]} »"),
    (
        re.compile(r"expected token '(.+?)', got '(.*)'", re.S),
        lambda m: f"« {_jeton(m[2])} » trouvé là où « {_jeton(m[1])} » était attendu",
    ),
    (re.compile(r"Expected an expression", re.I), lambda m: "une valeur ou une variable manque dans une balise"),
    (re.compile(r"No filter named '(.+?)'"), lambda m: f"filtre inconnu « {m[1]} »"),
    (re.compile(r"No test named '(.+?)'"), lambda m: f"test inconnu « {m[1]} »"),
    (re.compile(r"block '(.+?)' defined twice"), lambda m: f"bloc « {m[1]} » défini deux fois"),
    (re.compile(r"Missing end of comment tag"), lambda m: "commentaire {# jamais fermé (il manque #})"),
    (re.compile(r"Missing end of raw directive"), lambda m: "bloc {% raw %} jamais fermé"),
    (re.compile(r"'(.+?)' is undefined"), lambda m: f"variable inconnue « {m[1]} »"),
    (re.compile(r"'.+?' has no attribute '(.+?)'"), lambda m: f"variable inconnue « {m[1]} »"),
    (re.compile(r"macro '(.+?)' takes"), lambda m: f"la macro « {m[1]} » reçoit trop d'arguments"),
]


def message_jinja(message: str | None) -> str:
    """A Jinja message (« unexpected '}' », « 'x' is undefined »…) in French; a message not recognised
    becomes « syntaxe incorrecte » rather than English."""
    for motif, traduction in SYNTAXE:
        trouve = motif.search(message or "")
        if trouve:
            return traduction(trouve)  # type: ignore[operator]  # each entry pairs a pattern with a function
    return "syntaxe incorrecte"


def pourquoi(exc: BaseException) -> str:
    """Why the template failed, for « Le modèle … ne peut pas être utilisé : … »."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplateError

    from lettres.documents.bac_a_sable import LimiteDepassee

    if isinstance(exc, LimiteDepassee):
        return str(exc)
    if isinstance(exc, SyntaxError) and type(exc).__module__.startswith("lxml"):
        return "le texte produit n'est pas du XML Word valide (balise coupée ou mal placée)"
    if isinstance(exc, (RecursionError, SyntaxError)):  # SyntaxError: Python's limit on nested blocks
        return "imbrication trop profonde (trop de blocs les uns dans les autres)"
    if isinstance(exc, MemoryError):
        return "le rendu demande trop de mémoire"
    if isinstance(exc, UnicodeDecodeError):
        return "le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)"
    if isinstance(exc, SecurityError):
        return "il tente d'accéder à des éléments internes de Python, ce qui est interdit"
    if isinstance(exc, TemplateNotFound):
        return f"le modèle inclus « {exc.name} » est introuvable"
    if isinstance(exc, UndefinedError):
        return message_jinja(exc.message)
    if isinstance(exc, TemplateSyntaxError):
        return f"erreur de syntaxe ligne {exc.lineno} ({message_jinja(exc.message)})"
    if isinstance(exc, TemplateError):
        return message_jinja(exc.message)
    if isinstance(exc, ZeroDivisionError):
        return "division par zéro"
    if isinstance(exc, TypeError):
        return "opération impossible entre ces valeurs (par exemple un texte et un nombre, ou un appel de ce qui n'est pas une fonction)"
    if isinstance(exc, LookupError):
        return "élément absent d'une liste ou d'un tableau"
    return "valeur impossible dans une opération du modèle"
