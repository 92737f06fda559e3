"""Small functions: none in lettres is over 60 lines (counted from its ``def`` line, decorators left out, to
its last line), so that each reads on one screen. ruff's complexity rule (C901, at 15) checks the other half."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "lettres"
LIGNES_MAX = 60

# Over 60 lines and tolerated for a while (none now): each is to be split, then taken off here.
TOLERES: set[str] = set()


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """Every function and method of a module (nested ones too), with its qualified name and its length."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            found.append((name, (node.end_lineno or node.lineno) - node.lineno + 1))
            found += _functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, f"{prefix}{node.name}.")
        else:
            found += _functions(node, prefix)
    return found


def _lengths() -> dict[str, int]:
    lengths = {}
    for path in sorted(SOURCES.rglob("*.py")):
        module = path.relative_to(SOURCES).as_posix()
        for name, length in _functions(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            lengths[f"{module}:{name}"] = max(length, lengths.get(f"{module}:{name}", 0))
    return lengths


def test_the_count_is_the_one_of_ast():
    tree = ast.parse("class A:\n    def f(self):\n\n        def g():\n            pass\n\n        return g\n")
    assert _functions(tree) == [("A.f", 6), ("A.f.g", 2)]


def test_no_function_over_sixty_lines():
    lengths = _lengths()
    assert len(lengths) > 500  # the whole package was read
    trop_longues = {name: n for name, n in lengths.items() if n > LIGNES_MAX and name not in TOLERES}
    assert not trop_longues, f"fonctions de plus de {LIGNES_MAX} lignes, à découper : {trop_longues}"


def test_each_tolerated_function_still_needs_it():
    lengths = _lengths()
    inutiles = sorted(name for name in TOLERES if lengths.get(name, 0) <= LIGNES_MAX)
    assert not inutiles, f"sous {LIGNES_MAX} lignes (ou disparues) : retirez-les de TOLERES : {inutiles}"
