"""click's own messages (usage, help, option errors) in French, the user's language: a small gettext catalogue
for click, and the one-sentence form of a usage error. French text for the rest of the tool: ``lettres.francais``.

click marks its strings for gettext but ships no catalogue; this module installs a small one.
"""

from __future__ import annotations

import re

import click

FRENCH = {
    "Usage:": "Utilisation :",
    "COMMAND [ARGS]...": "COMMANDE [ARGUMENTS]...",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "No such option: {name}": "option inconnue « {name} »",
    "No such option {name!r}.": "option inconnue « {name} »",
    "Did you mean {possibility}?": "(vouliez-vous dire {possibility} ?)",
    "(Did you mean one of: {possibilities}?)": "(vouliez-vous dire l'une de celles-ci : {possibilities} ?)",
    "No such command {name!r}.": "commande inconnue « {name} »",
    "Missing command.": "commande manquante",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "argument": "argument",
    "option": "option",
    "parameter": "paramètre",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} ({message})",
    "Invalid value: {message}": "valeur invalide ({message})",
    "Got unexpected extra argument ({args})": "argument en trop « {args} »",
    "Got unexpected extra arguments ({args})": "arguments en trop « {args} »",
    "Option {name!r} requires an argument.": "l'option « {name} » attend une valeur",
    "Option {name!r} does not take a value.": "l'option « {name} » ne prend pas de valeur",
    "Argument {name!r} takes {nargs} values.": "l'argument « {name} » attend {nargs} valeurs",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide",
    "{value!r} is not one of {choices}.": "« {value} » n'est pas l'une des valeurs {choices}",
    "{value!r} is not {choice}.": "« {value} » n'est pas {choice}",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}",
    # {name} is set when the commands are built, before this catalogue is installed: left out
    "{name} {filename!r} does not exist.": "« {filename} » est introuvable",
    "{name} {filename!r} is a directory.": "« {filename} » est un répertoire, un fichier est attendu",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier, un répertoire est attendu",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "Aborted!": "Interrompu.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
}


# what click still quotes itself, with straight quotes: option names (« '--date' »), suggestions
_QUOTED = re.compile(r"'([^'\s]+)'")


def usage_sentence(exc: click.UsageError) -> str:
    """A usage error (unknown option or command, missing argument, bad value) as one French sentence that
    names the help to read, instead of click's three lines (usage, hint, error)."""
    message = _QUOTED.sub(r"« \1 »", exc.format_message().strip()).rstrip(".")
    message = message[:1].lower() + message[1:]
    ctx = exc.ctx
    while ctx is not None and ctx.command.hidden and ctx.parent is not None:  # « lettres lot traiter »
        ctx = ctx.parent
    aide = f"{ctx.command_path} --help" if ctx is not None else "lettres --help"
    lien = " ; voyez" if " : " in message else " : voyez"
    return f"Erreur : {message}{lien} {aide}."


def quotes_hint(exc: click.UsageError, argv: list[str]) -> str:
    """« lettres nouveau Fatou Camara »: a name with spaces typed without quotes; the command to type instead."""
    from lettres.cli.commandes import commande

    ctx = exc.ctx
    if ctx is None or "en trop" not in exc.format_message() or ctx.command.name is None:
        return ""
    mots = [a for a in argv if not a.startswith("-")]
    noms = [i for i, mot in enumerate(mots) if mot == ctx.command.name or mot == ctx.info_name]
    if not noms or len(mots) - noms[0] < 3:
        return ""
    if any(mot.lower().endswith((".yaml", ".yml")) for mot in mots[noms[0] + 1 : -1]):
        return ""  # several files, not a name cut at its spaces
    nom = " ".join(mots[noms[0] + 1 :])
    return f"\nUn nom avec des espaces s'écrit entre guillemets :\n  {commande(ctx.command.name, nom)}"


def _gettext(message: str) -> str:
    return FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's gettext names at the French catalogue."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    def write_heading(self, heading: str) -> None:
        # French typography: a space before the colon.
        self.write(f"{'':>{self.current_indent}}{heading} :\n")

    setattr(click.formatting.HelpFormatter, "write_heading", write_heading)  # noqa: B010 -- patching a method
    if not hasattr(click.exceptions.UsageError, "_sans_contexte"):
        # the parser raises some usage errors without their command (« --date » without a value): the one being
        # parsed is the current context, so the message can name its help
        sans_contexte = click.exceptions.UsageError.__init__

        def with_context(self, message: str, ctx: click.Context | None = None) -> None:
            sans_contexte(self, message, ctx or click.get_current_context(silent=True))

        click.exceptions.UsageError._sans_contexte = sans_contexte  # type: ignore[attr-defined]
        setattr(click.exceptions.UsageError, "__init__", with_context)  # noqa: B010
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            setattr(module, "_", _gettext)  # noqa: B010 -- click's gettext alias
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _ngettext)  # noqa: B010
