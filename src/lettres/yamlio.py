"""YAML reading and writing, in one place (ruamel.yaml, YAML 1.2).

Files come from other people: reading is bounded. Aliases are refused (nine nested aliases of nine
items make a billion values: the « alias bomb »), nesting and size are limited, and a scalar that
looks like a date or an integer but is not one (``1990-02-30``, a 5,000-digit number) stays a text,
so that the dossier's own checks name the field instead of the YAML library failing."""

from __future__ import annotations

import io
import re
from typing import Any

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

    libyaml reads what it can build exactly like ruamel (``yamlfast``: 30 times faster); the rest, errors
    included, goes through ruamel with the limits checked first."""
    from lettres.yamlfast import NOT_HANDLED, fast_load

    if len(text) <= TAILLE_MAX:
        data = fast_load(text, PROFONDEUR_MAX)
        if data is not NOT_HANDLED:
            return data
    check_yaml(text)
    return _yaml().load(text)


def parse_package_yaml(text: str) -> Any:
    """Parse one of the package's own data files: written by the project, so not checked for the limits
    that guard files from elsewhere (the check reads the text a second time: half the start of a command).
    libyaml reads them when it can, like any file (``yamlfast``)."""
    from lettres.yamlfast import NOT_HANDLED, fast_load

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
