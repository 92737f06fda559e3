"""Docs that cannot drift: every command has an example in its help, and every example of the README and
of docs/ names commands and options that exist, every link leads to a file and a heading that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from lettres.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if command.hidden:
            continue
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in commands(cli)], ids=" ".join)
def test_every_command_has_french_help_with_an_example(run, path):
    code, out, _ = run(*path, "--help")
    assert code == 0
    assert "Exemple" in out or "Exemples" in out or isinstance(dict(commands(cli))[path], click.Group)
    assert "Show this message" not in out and "Usage:" not in out


def doc_examples() -> list[str]:
    """Every command line of a ``bash`` block, in the README and in the pages of docs/ it leads to."""
    pages = [README, *sorted((README.parent / "docs").glob("*.md"))]
    blocks = [b for page in pages for b in re.findall(r"```bash\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)]
    return list(
        dict.fromkeys(
            line.split("  #")[0].strip()
            for block in blocks
            for line in block.replace("\\\n", " ").splitlines()
            if line.strip().startswith("lettres ")
        )
    )


@pytest.mark.parametrize("example", doc_examples())
def test_examples_of_the_docs_use_real_commands_and_options(example):
    tokens = shlex.split(example)[1:]
    command: click.Command = cli
    options = {o for p in cli.params for o in p.opts}
    while tokens and isinstance(command, click.Group):
        token = tokens.pop(0)
        if token.startswith("--") and command is not cli:
            tokens.insert(0, token)  # « lettres config --afficher » : an option of a group that runs itself
            break
        if token.startswith("--"):
            assert token.split("=")[0] in options, f"{example} : option {token}"
            tokens.pop(0)  # --config FICHIER
            continue
        if token not in command.commands and getattr(command, "default", None):
            tokens.insert(0, token)  # « lettres lot FICHIER » : the group's default command
            command = command.commands[command.default]
            break
        assert token in command.commands, f"{example} : commande {token}"
        command = command.commands[token]
    known = {o for p in command.params for o in p.opts} | {"--help", "-h"}
    for token in tokens:
        if token.startswith("-"):
            assert token.split("=")[0] in known, f"{example} : option {token}"


def test_readme_documents_every_command():
    text = README.read_text(encoding="utf-8")
    for path, _ in commands(cli):
        assert f"lettres {' '.join(path)}" in text, path


DOCS = README.parent / "docs"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (accents kept), spaces to hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(m) for m in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_link_of_the_docs_points_to_a_file_and_heading_that_exist(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto: — outside the repository
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name} : lien vers {target}, fichier absent"
        if anchor:
            assert anchor in anchors(linked), f"{page.name} : lien vers {target}, titre absent"


def test_the_readme_stays_short_and_leads_to_every_page_of_the_docs():
    assert len(README.read_text(encoding="utf-8").splitlines()) < 300
    reached, todo = {README}, [README]
    while todo:
        page = todo.pop()
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            linked = (page.parent / target.partition("#")[0]).resolve()
            if linked.suffix == ".md" and linked.exists() and linked not in reached:
                reached.add(linked)
                todo.append(linked)
    for page in DOCS.glob("*.md"):
        assert page.resolve() in reached, f"docs/{page.name} : aucun chemin de liens depuis le README"
