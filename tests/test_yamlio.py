"""The libyaml path reads every text exactly as ruamel does, or hands it back to ruamel."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lettres.yamlio import NOT_HANDLED, PROFONDEUR_MAX, YamlRefuse, _yaml, check_yaml, fast_load, parse_yaml

RACINE = Path(__file__).resolve().parent.parent


def ruamel(text: str):
    check_yaml(text)
    return _yaml().load(text)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb) for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def check_equivalent(text: str) -> None:
    fast = fast_load(text, PROFONDEUR_MAX)
    try:
        expected = ruamel(text)
    except Exception:
        assert fast is NOT_HANDLED, f"ruamel refuse ce texte, libyaml l'accepte : {text!r}"
        return
    if fast is not NOT_HANDLED:
        assert same(fast, expected), f"{text!r} : {fast!r} au lieu de {expected!r}"


DATA_FILES = sorted((RACINE / "lettres").rglob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_package_files_are_read_fast_and_identically(path):
    text = path.read_text(encoding="utf-8")
    fast = fast_load(text, PROFONDEUR_MAX)
    assert fast is not NOT_HANDLED
    assert same(fast, ruamel(text))


SCALARS = [
    "2026-09-20",
    "2026-9-2",
    "2026-02-30",
    "2026-09-20 10:42:00",
    "2026-09-20T10:42:00Z",
    "12/04/1990",
    "0612345678",
    "06 12 34 56 78",
    "0123",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "+12",
    "-0",
    "1e5",
    "1.5e3",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".NaN",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "TRUE",
    "null",
    "~",
    "Null",
    "10:42",
    "1:20:30",
    "=",
    "<<",
    "13",
    "2A",
    "08",
    "7" * 5000,
    "oui",
    "« salarié »",
    "N'Diaye",
    "a: b",
    "",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_as_in_yaml_1_2(scalar):
    for text in (f"cle: {scalar}\n", f"- {scalar}\n", f"cle: '{scalar}'\n", f'cle: "{scalar}"\n', f"{scalar}: x\n"):
        check_equivalent(text)


def test_refusals_stay_those_of_yamlio():
    bomb = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert fast_load(bomb, PROFONDEUR_MAX) is NOT_HANDLED
    with pytest.raises(YamlRefuse, match="alias"):
        parse_yaml(bomb)
    deep = "a: " + "[" * 40 + "]" * 40 + "\n"
    assert fast_load(deep, PROFONDEUR_MAX) is NOT_HANDLED
    with pytest.raises(YamlRefuse, match="imbrication"):
        parse_yaml(deep)
    for text in (
        "a: 1\na: 2\n",
        "a: !!python/object:os.system x\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: [\n",
        "---\na\n---\nb\n",
    ):
        assert fast_load(text, PROFONDEUR_MAX) is NOT_HANDLED, text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcé_ 0123456789-:.", min_size=1, max_size=8),
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
            st.sampled_from(["plain", "single", "double", "literal", "list"]),
        ),
        max_size=6,
    )
)
def test_random_documents_are_read_as_ruamel_reads_them(entries):
    lines = []
    for key, value, style in entries:
        if style == "plain":
            lines.append(f"{key}: {value}")
        elif style == "single":
            lines.append(f"{key}: '{value}'")
        elif style == "double":
            lines.append(f'{key}: "{value}"')
        elif style == "literal":
            lines.append(f"{key}: |\n  " + value.replace("\n", "\n  "))
        else:
            lines.append(f"{key}:\n  - {value}\n  - [{value}]")
    check_equivalent("\n".join(lines) + "\n")


def test_resolution_table_is_ruamels():
    """The copied YAML 1.2 table (read without importing ruamel) is still ruamel's own."""
    import re

    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.resolver import implicit_resolvers

    from lettres.yamlio import RESOLVERS_1_2, TIMESTAMP

    ruamel_table = [
        (tag, regexp.pattern, regexp.flags & re.X, list(first))
        for versions, tag, regexp, first in implicit_resolvers
        if (1, 2) in versions
    ]
    assert [(tag, p, f, list(first)) for tag, p, f, first in RESOLVERS_1_2] == ruamel_table
    assert TIMESTAMP.pattern == SafeConstructor.timestamp_regexp.pattern


@pytest.mark.parametrize(
    "stamp",
    ["2026-09-20 10:42:00", "2026-09-20T10:42:00.1234567Z", "2026-09-20 10:42:00 +02:00", "2026-13-01 10:00:00"],
)
def test_timestamps_with_a_time(stamp):
    check_equivalent(f"quand: {stamp}\n")
    assert fast_load(f"quand: {stamp}\n", PROFONDEUR_MAX) is not NOT_HANDLED
