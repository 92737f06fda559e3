"""Point: what the verification says of the dossier — situation, the six steps proven or missing,
points to correct with their reasons, deadlines, and the next action with the préfecture's contact; what to
do is a link to the page or field, or a button when one click does it (``web/conseils.py``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.config import accompagnant_configure, load_dossier_configured
from lettres.jour import date_du_jour
from lettres.procedure.prefecture import lignes
from lettres.procedure.resume import deadline_lines
from lettres.procedure.situation import Situation
from lettres.procedure.verification import verify
from lettres.web.conseils import link_for, links
from lettres.web.pages.dossier import person_name
from lettres.web.parcours import pages
from lettres.web.rendu import redirect, render
from lettres.web.requetes import guichet


def _situation(situation: Situation) -> tuple[str, list[str]]:
    """The situation in words (its codes are the terminal's and the data's), then its reasons."""
    from lettres.referentiel import charger_referentiel

    raisons = [r.texte for r in situation.raisons]
    if situation.forcee and situation.calculee != situation.codes:
        libelles = charger_referentiel().situations
        calculee = " + ".join(libelles[c]["libelle"] for c in situation.calculee)
        raisons.append(f"Sans la situation imposée par le dossier, les faits donneraient : {calculee}.")
    return " + ".join(situation.libelles), raisons


async def show(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    path = g.chemin(ident)
    if not path.is_file():
        return redirect(f"/dossier/{ident}")
    config = g.config()
    dossier = load_dossier_configured(path, config)
    v = verify(dossier, date_du_jour(), config.prefecture_contact(dossier.demande.prefecture))
    situation, raisons = _situation(v.situation)
    acc = accompagnant_configure(path, config)
    accompagnant = (
        f"{acc.get('prenom', '')} {acc.get('nom', '')}".strip() + (f", {acc['structure']}" if acc.get("structure") else "")
        if acc
        else ""
    )
    # each step with its démarches (index, démarche), by date: one without its file links to where it is added
    etapes = [
        (e, sorted(((i, dossier.demarches[i]) for i in e.demarches), key=lambda p: (p[1].date, p[0])))
        for e in v.etapes
    ]
    return render(
        request,
        "point.html",
        titre="Point sur le dossier",
        rubrique="point",
        ident=ident,
        nom=person_name({"personne": {"nom": dossier.personne.nom, "prenoms": dossier.personne.prenoms}}),
        existe=True,
        pages=pages(),
        v=v,
        dossier=dossier,
        situation=situation,
        raisons=raisons,
        etapes=etapes,
        delais=deadline_lines(v.situation, dossier.demande.date_depot),
        liens_prochaine=links(v.prochaine.actions, ident),
        alertes=[(a, link_for(a.action, ident) if a.action else None) for a in v.alertes],
        prefecture_lignes=lignes(v.prefecture) if v.prefecture else [],
        accompagnant_configure=accompagnant,
    )


routes = [Route("/dossier/{ident}/point", show)]
