"""The ``lettres`` command: parses, calls the library, maps errors to exit codes (0, 1, 2, 130).

One module per group of commands; heavy libraries (docxtpl, pydantic, prompt_toolkit) are
imported inside the commands so that ``lettres --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path

import click

from lettres import __version__
from lettres.cli import bilan, documents, entretien, lot, modeles, suivi, verifier, web
from lettres.cli.catalogue import install as install_french
from lettres.cli.catalogue import quotes_hint, usage_sentence
from lettres.cli.terminal import echo
from lettres.erreurs import ArretDemande, Interrompu, LettresError

install_french()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Commandes(click.Group):
    """The commands, found with or without their accents (« lettres générer », « lettres étape »)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            from lettres.francais import replier

            command = super().get_command(ctx, replier(cmd_name))
        return command


@click.group(
    cls=Commandes,
    context_settings=CONTEXT,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    epilog="\b\nPour commencer :\n  lettres demo                     un dossier fictif et ses lettres, pour voir\n"
    '  lettres nouveau "Prénom Nom"     un vrai dossier, par des questions (sans écrire de YAML)',
)
@click.version_option(__version__, "--version", "-V", prog_name="lettres", message="%(prog)s %(version)s")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FICHIER",
    help="Fichier de configuration à utiliser (sinon $LETTRES_CONFIG, ou celui de « lettres config »).",
)
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None) -> None:
    """Courriers pour débloquer une demande de titre de séjour bloquée sur l'ANEF.

    À partir d'un dossier (fichier YAML) : signalement au support ANEF (DGEF), courrier à la
    préfecture selon la situation (accompagnement, solution de substitution, pièce, attestation),
    note d'orientation vers un ou une juriste, le Défenseur des droits ou un avocat, bordereau de
    pièces et, quand la préfecture n'a pas répondu, projet de requête en référé « mesures utiles ».
    """
    ctx.obj = {"config": config_file}


for command in (
    documents.demo,
    entretien.nouveau,
    entretien.etape,
    verifier.verifier,
    suivi.suivi,
    bilan.bilan,
    documents.generer,
    lot.lot,
    modeles.modeles,
    entretien.config,
    web.web,
):
    cli.add_command(command)


def _stop(signum: int, frame) -> None:
    """SIGTERM, SIGHUP: unwind like Ctrl-C, so that staging folders and temporary files are removed."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)  # a second signal must not cut the cleanup
    raise ArretDemande(signum)


def _install_stop_handlers() -> dict:
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            # not the main thread (an embedding program): its own handlers stay
            with contextlib.suppress(ValueError):
                previous[name] = signal.signal(getattr(signal, name), _stop)
    return previous


def main(argv: list[str] | None = None) -> None:
    """Entry point: one handler turns user errors into a French message and an exit code."""
    # lettres uses no pydantic plugin: pydantic need not read every installed package's entry points (a tenth
    # of the start of a one-row batch)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    previous = _install_stop_handlers()
    try:
        _main(argv)
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _main(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="lettres", standalone_mode=False)
    except ArretDemande as exc:
        echo("\nInterrompu : arrêt demandé par le système ; les fichiers temporaires ont été supprimés.", err=True)
        sys.exit(exc.code)
    except Interrompu as exc:
        echo(f"\n{exc.message}", err=True)
        sys.exit(exc.code)
    except LettresError as exc:
        from lettres.cli.avertissements import message

        echo(f"Erreur : {message(exc)}", err=True)
        sys.exit(exc.code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, ArretDemande):  # click turns every KeyboardInterrupt into Abort
            echo("Interrompu : arrêt demandé par le système ; les fichiers temporaires ont été supprimés.", err=True)
            sys.exit(exc.__cause__.code)
        echo("Interrompu.", err=True)
        sys.exit(130)
    except (KeyboardInterrupt, EOFError):
        echo("\nInterrompu.", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:  # a command typed alone: its help
        exc.show()
        sys.exit(2)
    except click.UsageError as exc:
        echo(usage_sentence(exc) + quotes_hint(exc, sys.argv[1:] if argv is None else argv), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code or 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OSError as exc:  # the system refused (disk full, read-only folder…): said in French, never a traceback
        from lettres.erreurs import raison_systeme

        cible = f" « {exc.filename} »" if exc.filename else ""
        echo(
            f"Erreur : opération impossible sur{cible or ' un fichier'} ({raison_systeme(exc)}) : vérifiez le chemin, "
            "les droits et la place disponible, puis recommencez.",
            err=True,
        )
        sys.exit(2)
    sys.exit(0)
