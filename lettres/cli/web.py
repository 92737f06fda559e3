"""``lettres web``: the same dossiers, checks and documents in a browser, served on this computer only."""

from __future__ import annotations

from pathlib import Path

import click

from lettres.cli.terminal import echo


@click.command(
    short_help="Ouvre lettres dans le navigateur (dossiers, démarches, documents, lot, réglages).",
    epilog="\b\nExemples :\n  lettres web\n  lettres web --dossiers essai\n  lettres web --dossiers essai --port 8765 --sans-navigateur",
)
@click.option(
    "--dossiers",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    default=Path("."),
    show_default="le répertoire courant",
    help="Répertoire des dossiers (créé s'il n'existe pas) : un sous-dossier par personne, avec ses captures.",
)
@click.option(
    "--port", type=click.IntRange(1024, 65535), metavar="N", help="Port à utiliser (par défaut : un port libre)."
)
@click.option(
    "--sans-navigateur", "sans_navigateur", is_flag=True, help="N'ouvre pas le navigateur ; l'adresse est affichée."
)
@click.pass_context
def web(ctx: click.Context, dossiers: Path, port: int | None, sans_navigateur: bool) -> None:
    """Lance un serveur local (127.0.0.1, cet ordinateur seulement) et ouvre le navigateur : créer et
    compléter un dossier page par page, ajouter les démarches avec leurs captures (choisies, déposées ou
    collées avec Ctrl-V), voir le point et les délais, produire et télécharger les documents, traiter un
    tableur, régler ses coordonnées.

    La première ligne affichée est l'adresse à ouvrir, avec sa clé d'accès. Ctrl-C arrête le serveur."""
    from lettres.web.serveur import serve

    root = ctx.find_root().obj or {}
    serve(dossiers, port, not sans_navigateur, root.get("config"), annonce=echo)
