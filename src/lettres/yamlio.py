"""YAML reading and writing, in one place (ruamel.yaml, YAML 1.2)."""

from __future__ import annotations

import io
from typing import Any


def _yaml(typ: str = "safe"):
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=True)
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.default_flow_style = False
    return yaml


def parse_yaml(text: str) -> Any:
    """Parse YAML text into plain Python objects (raises ruamel's YAMLError)."""
    return _yaml().load(text)


def dump_yaml(data: Any) -> str:
    """Serialise plain Python objects as block-style YAML, readable by a person."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    def literal_multiline(value):
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
