"""Fast YAML reading with libyaml (PyYAML's C parser), giving exactly what ``yamlio``'s ruamel loader gives.

ruamel.yaml in pure Python takes about 25 ms to read a dossier (the limits check, then the load): tracking
500 dossiers would take a quarter of a minute. libyaml composes the same text in well under a millisecond.
Scalars are resolved with ruamel's own YAML 1.2 table and built like ``yamlio``'s lenient constructor
(an impossible date or an oversized integer stays text).

Whatever this path does not handle exactly — an alias, nesting beyond the limit, a duplicate key, an
explicit tag, a ``%YAML`` directive, a syntax error, several documents — makes ``fast_load`` return
``NOT_HANDLED``: the caller then reads the text with ruamel, which gives the same value or the French error.
The limits of ``yamlio`` (no alias, bounded nesting and size) hold on both paths.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, ClassVar

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


def _scalar_builders() -> dict[str, Any]:
    def integer(value: str) -> Any:
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

    def real(value: str) -> float:
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

    def timestamp(value: str) -> Any:
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

    return {
        "tag:yaml.org,2002:null": lambda value: None,
        "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
        "tag:yaml.org,2002:int": integer,
        "tag:yaml.org,2002:float": real,
        "tag:yaml.org,2002:timestamp": timestamp,
    }


def fast_load(text: str, max_depth: int) -> Any:
    """The YAML text as plain Python objects, or ``NOT_HANDLED`` (read it with ruamel then)."""
    tools = _tools()
    if tools is None or "%YAML" in text or any(c in text for c in TO_RUAMEL):
        return NOT_HANDLED
    composer_class, yaml, builders = tools
    composer = composer_class(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return NOT_HANDLED
    finally:
        composer.dispose()
    if root is None:
        return None
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
