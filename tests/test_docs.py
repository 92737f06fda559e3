"""Docs that cannot drift: every command has an example in its help, and every example of the README
names commands and options that exist."""

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


def readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.DOTALL)
    return [
        line.split("  #")[0].strip()
        for block in blocks
        for line in block.replace("\\\n", " ").splitlines()
        if line.strip().startswith("lettres ")
    ]


@pytest.mark.parametrize("example", readme_examples())
def test_readme_examples_use_real_commands_and_options(example):
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
