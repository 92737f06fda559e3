"""YAML reading and writing, in one place (ruamel.yaml, YAML 1.2).

Files come from other people: reading is bounded. Aliases are refused (nine nested aliases of nine
items make a billion values: the « alias bomb »), nesting and size are limited, and a scalar that
looks like a date or an integer but is not one (``1990-02-30``, a 5,000-digit number) stays a text,
so that the dossier's own checks name the field instead of the YAML library failing.

Reading fast (the second half of this module, ``fast_load``): libyaml (PyYAML's C parser) gives exactly
what the ruamel loader gives.

ruamel.yaml in pure Python takes about 25 ms to read a dossier (the limits check, then the load): tracking
500 dossiers would take a quarter of a minute. libyaml composes the same text in well under a millisecond.
Scalars are resolved with ruamel's own YAML 1.2 table and built like this module's lenient constructor
(an impossible date or an oversized integer stays text).

Whatever this path does not handle exactly — an alias, nesting beyond the limit, a duplicate key, an
explicit tag, a ``%YAML`` directive, a syntax error, several documents — makes ``fast_load`` return
``NOT_HANDLED``: the caller then reads the text with ruamel, which gives the same value or the French error.
The limits (no alias, bounded nesting and size) hold on both paths.
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import cache
from typing import Any, ClassVar

TAILLE_MAX = 2 * 1024 * 1024  # a dossier is a few kilobytes; 2 MB leaves room for long texts
PROFONDEUR_MAX = 32  # a dossier nests 4 levels deep
# « "\ud800" » in a double-quoted scalar: half of a character (a lone surrogate), which no file can hold;
# libyaml refuses it, ruamel would build it and it would vanish later without a word
_DEMI_CARACTERE = re.compile("[\ud800-\udfff]")


class YamlRefuse(ValueError):
    """A YAML text refused before it is built: ``raison`` is a French phrase."""

    def __init__(self, raison: str):
        super().__init__(raison)
        self.raison = raison


def _constructors():
    from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor

    def lenient(base):
        """A constructor that keeps impossible dates and oversized integers as text."""

        class Lenient(base):  # type: ignore[misc,valid-type]
            def construct_yaml_timestamp(self, node, values=None):
                try:
                    return super().construct_yaml_timestamp(node, values)
                except (ValueError, OverflowError):
                    return self.construct_scalar(node)

            def construct_yaml_float(self, node):
                try:
                    return super().construct_yaml_float(node)
                except (ValueError, OverflowError):  # « ._ » matches ruamel's float pattern
                    return str(self.construct_scalar(node))

            def construct_yaml_int(self, node):
                try:
                    return super().construct_yaml_int(node)
                except (ValueError, OverflowError):
                    return str(self.construct_scalar(node))

        Lenient.add_constructor("tag:yaml.org,2002:timestamp", Lenient.construct_yaml_timestamp)
        Lenient.add_constructor("tag:yaml.org,2002:int", Lenient.construct_yaml_int)
        Lenient.add_constructor("tag:yaml.org,2002:float", Lenient.construct_yaml_float)
        return Lenient

    return {"safe": lenient(SafeConstructor), "rt": lenient(RoundTripConstructor)}


_CONSTRUCTORS: dict[str, Any] = {}


def _yaml(typ: str = "safe"):
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=True)
    if not _CONSTRUCTORS:
        _CONSTRUCTORS.update(_constructors())
    yaml.Constructor = _CONSTRUCTORS[typ]
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.default_flow_style = False
    # one date object given to two keys (a démarche's date and envoi.envoye_le) would be written as an
    # anchor and an alias, which reading refuses: every value is written out in full
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def round_trip_yaml():
    """A round-trip loader and dumper (comments and key order kept), lenient like ``parse_yaml``."""
    yaml = _yaml("rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def check_yaml(text: str) -> None:
    """Refuse, before building anything, what would make loading explode: size, aliases, nesting.

    Raises YamlRefuse (French reason) or ruamel's YAMLError for a syntax error."""
    if len(text) > TAILLE_MAX:
        raise YamlRefuse(f"le fichier dépasse {TAILLE_MAX // (1024 * 1024)} Mo : un dossier n'en fait que quelques Ko")
    depth = 0
    for event in _yaml().parse(text):
        kind = type(event).__name__
        if kind == "AliasEvent":
            ligne = event.start_mark.line + 1 if event.start_mark else 0
            raise YamlRefuse(
                f"alias YAML (*{event.anchor}) à la ligne {ligne} : les alias ne sont pas acceptés, recopiez la valeur"
            )
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > PROFONDEUR_MAX:
                ligne = event.start_mark.line + 1 if event.start_mark else 0
                raise YamlRefuse(
                    f"imbrication trop profonde à la ligne {ligne} (plus de {PROFONDEUR_MAX} niveaux) : "
                    "un dossier n'a que quelques niveaux"
                )
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        elif kind == "ScalarEvent" and _DEMI_CARACTERE.search(event.value):
            ligne = event.start_mark.line + 1 if event.start_mark else 0
            code = f"{ord(_DEMI_CARACTERE.search(event.value).group()):04x}"  # type: ignore[union-attr]  # searched above
            raise YamlRefuse(
                f"caractère invalide à la ligne {ligne} (\\u{code} : une moitié de caractère, qui ne peut pas "
                "s'écrire seule) : écrivez le caractère lui-même, ou retirez-le"
            )


def parse_yaml(text: str) -> Any:
    """Parse YAML text into plain Python objects (raises YamlRefuse, or ruamel's YAMLError).

    libyaml reads what it can build exactly like ruamel (``fast_load``: 30 times faster); the rest, errors
    included, goes through ruamel with the limits checked first."""
    if len(text) <= TAILLE_MAX:
        data = fast_load(text, PROFONDEUR_MAX)
        if data is not NOT_HANDLED:
            return data
    check_yaml(text)
    return _yaml().load(text)


def parse_package_yaml(text: str) -> Any:
    """Parse one of the package's own data files: written by the project, so not checked for the limits
    that guard files from elsewhere (the check reads the text a second time: half the start of a command).
    libyaml reads them when it can, like any file (``fast_load``)."""
    data = fast_load(text, PROFONDEUR_MAX)
    return _yaml().load(text) if data is NOT_HANDLED else data


def oui_non(value: Any) -> Any:
    """Booleans as a dossier file writes them, in French: « oui » and « non » (YAML 1.2 reads them as text,
    which the dossier's checks turn back into booleans), never « true » in a file people read and edit."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict):
        return {k: oui_non(v) for k, v in value.items()}
    if isinstance(value, list):
        return [oui_non(v) for v in value]
    return value


def dump_yaml(data: Any) -> str:
    """Serialise plain Python objects as block-style YAML, readable by a person."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    def literal_multiline(value):
        if isinstance(value, CommentedSeq):
            return value  # a list written on one line on purpose (a démarche's pièces)
        if isinstance(value, dict):
            return {k: literal_multiline(v) for k, v in value.items()}
        if isinstance(value, list):
            return [literal_multiline(v) for v in value]
        if isinstance(value, str) and "\n" in value and all(c.isprintable() or c in "\n\t" for c in value):
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        return value

    yaml = _yaml("rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(literal_multiline(data), buffer)
    return buffer.getvalue()


# --- reading fast: libyaml composes, ruamel's YAML 1.2 rules resolve -----------------------------------

NOT_HANDLED: Any = object()

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
# YAML 1.1 line breaks (NEL, LS, PS) are ordinary characters in YAML 1.2: libyaml would split lines there;
# libyaml accepts tabs where ruamel refuses some (« a: \t »)
TO_RUAMEL = ("\x85", "\u2028", "\u2029", "\t")


class _Fallback(Exception):
    """The text needs ruamel: something this path does not build exactly like it."""


# ruamel's YAML 1.2 implicit resolvers (ruamel.yaml.resolver.implicit_resolvers), copied so that a
# command does not import ruamel to read a file: a test checks they are still the same
RESOLVERS_1_2 = (
    ("tag:yaml.org,2002:bool", "^(?:true|True|TRUE|false|False|FALSE)$", re.X, "tTfF"),
    (
        "tag:yaml.org,2002:float",
        """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
        re.X,
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", "^(?:<<)$", 0, "<"),
    (
        "tag:yaml.org,2002:null",
        """^(?: ~
        |null|Null|NULL
        | )$""",
        re.X,
        ("~", "n", "N", ""),
    ),
    (
        "tag:yaml.org,2002:timestamp",
        """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
        "0123456789",
    ),
    ("tag:yaml.org,2002:value", "^(?:=)$", 0, "="),
    ("tag:yaml.org,2002:yaml", "^(?:!|&|\\*)$", 0, "!&*"),
)
# ruamel's SafeConstructor.timestamp_regexp
TIMESTAMP = re.compile(
    """^(?P<year>[0-9][0-9][0-9][0-9])
       -(?P<month>[0-9][0-9]?)
       -(?P<day>[0-9][0-9]?)
       (?:((?P<t>[Tt])|[ \\t]+)   # explictly not retaining extra spaces
       (?P<hour>[0-9][0-9]?)
       :(?P<minute>[0-9][0-9])
       :(?P<second>[0-9][0-9])
       (?:\\.(?P<fraction>[0-9]*))?
        (?:[ \\t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)
       (?::(?P<tz_minute>[0-9][0-9]))?))?)?$""",
    re.X,
)


@cache
def _tools() -> tuple[Any, Any, Any] | None:
    """The libyaml composer with ruamel's YAML 1.2 resolution, the node classes, the scalar builders."""
    try:
        import yaml
        from yaml.cyaml import CParser
    except ImportError:
        return None

    class Resolver12(yaml.resolver.BaseResolver):
        yaml_implicit_resolvers: ClassVar[dict] = {}  # its own table, not BaseResolver's

    for tag, pattern, flags, first in RESOLVERS_1_2:
        Resolver12.add_implicit_resolver(tag, re.compile(pattern, flags), list(first))

    table = Resolver12.yaml_implicit_resolvers
    scalar_node = yaml.ScalarNode

    class Composer(CParser, Resolver12):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Resolver12.__init__(self)

        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
            # BaseResolver.resolve without path resolvers (none here): called for every scalar
            if kind is scalar_node:
                if not implicit[0] and not implicit[1]:
                    return "!"  # an explicit tag (« ! » alone included): unknown to the builders, so ruamel reads it
                if implicit[0]:
                    for tag, regexp in table.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return STR
            return SEQ if kind is yaml.SequenceNode else MAP

    return Composer, yaml, _scalar_builders()


def _integer(value: str) -> Any:
    # ruamel's YAML 1.2 branch of construct_yaml_int, kept as text when Python refuses it (yamlio)
    try:
        text = value.replace("_", "")
        sign = -1 if text[0] == "-" else 1
        if text[0] in "+-":
            text = text[1:]
        if text == "0":
            return 0
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if text.startswith(prefix):
                return sign * int(text[2:], base)
        return sign * int(text)
    except (ValueError, OverflowError):
        return value


def _real(value: str) -> float:
    # ruamel's construct_yaml_float for YAML 1.2
    text = value.replace("_", "").lower()
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    try:
        return sign * float(text)
    except ValueError:  # « ._ » matches the float pattern: ruamel (lenient) keeps it as text
        raise _Fallback from None


def _timestamp(value: str) -> Any:
    match = TIMESTAMP.match(value)
    if match is None:
        raise _Fallback
    parts = match.groupdict()
    try:
        if parts["hour"] is None:  # a date, as every date of a dossier
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        from ruamel.yaml.util import create_timestamp

        return create_timestamp(**parts)
    except (ValueError, OverflowError):
        return value


def _scalar_builders() -> dict[str, Any]:
    return {
        "tag:yaml.org,2002:null": lambda value: None,
        "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
        "tag:yaml.org,2002:int": _integer,
        "tag:yaml.org,2002:float": _real,
        "tag:yaml.org,2002:timestamp": _timestamp,
    }


def _compose(text: str, tools: tuple[Any, Any, Any]) -> Any:
    """The text's node tree composed by libyaml; None for an empty text, ``NOT_HANDLED`` for an error."""
    composer_class, yaml, _ = tools
    composer = composer_class(text)
    try:
        return composer.get_single_node()
    except yaml.YAMLError:
        return NOT_HANDLED
    finally:
        composer.dispose()


def fast_load(text: str, max_depth: int) -> Any:
    """The YAML text as plain Python objects, or ``NOT_HANDLED`` (read it with ruamel then)."""
    tools = _tools()
    if tools is None or "%YAML" in text or any(c in text for c in TO_RUAMEL):
        return NOT_HANDLED
    _, yaml, builders = tools
    root = _compose(text, tools)
    if root is None or root is NOT_HANDLED:
        return root
    scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    seen: set[int] = set()

    def build(node: Any, depth: int) -> Any:
        # an alias is the same node met twice: refused (yamlio), so ruamel gives the message
        if id(node) in seen:
            raise _Fallback
        seen.add(id(node))
        kind = type(node)
        if kind is scalar_node:
            if node.tag == STR:
                return node.value
            builder = builders.get(node.tag)
            if builder is None:
                raise _Fallback
            return builder(node.value)
        depth += 1
        if depth > max_depth:
            raise _Fallback
        if kind is sequence_node and node.tag == SEQ:
            return [build(item, depth) for item in node.value]
        if kind is mapping_node and node.tag == MAP:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar_node:
                    raise _Fallback
                key = build(key_node, depth)
                if key in mapping:  # ruamel refuses duplicate keys
                    raise _Fallback
                mapping[key] = build(value_node, depth)
            return mapping
        raise _Fallback

    try:
        return build(root, 0)
    except _Fallback:
        return NOT_HANDLED
