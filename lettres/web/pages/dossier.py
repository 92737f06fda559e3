"""Dossier: the interview's sections as pages of a form (create and edit), with a draft that keeps
everything typed and a save that never overwrites a file changed elsewhere."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lettres.dossier import validate_dossier
from lettres.dossier.entretien import Contexte, contexte_from, strip_private
from lettres.dossier.questions import get, question
from lettres.erreurs import DossierInvalide
from lettres.jour import date_du_jour
from lettres.web.etat import Guichet
from lettres.web.fiche import Etat, Fiche
from lettres.web.formulaire import Formulaire, VueChamp, locate, read, view
from lettres.web.parcours import Page, page, pages, prune
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form
from lettres.web.televersement import FichierRefuse, store

ERREURS = "_erreurs"  # the refusals of the last page sent, kept in the draft for a reload


@dataclass
class Manque:
    """Something the dossier still needs before it can be saved, with the page that asks it."""

    texte: str
    page: str = ""
    ident: str = ""


def fiche_of(g: Guichet, ident: str) -> Fiche:
    return Fiche(g.chemin(ident), g.racine)


def person_name(answers: dict) -> str:
    personne = answers.get("personne")
    if not isinstance(personne, dict):
        return ""
    return " ".join(str(personne.get(k) or "") for k in ("nom", "prenoms")).strip()


def page_of_key(key: str) -> Page | None:
    return next((p for p in pages() if any(c.key == key for c in p.champs)), None)


def missing(answers: dict) -> list[Manque]:
    """What the whole dossier lacks, each item linked to its page (empty when it can be saved)."""
    from lettres.web.formulaire import html_id

    work = copy.deepcopy(answers)
    prune(work)
    try:
        validate_dossier(strip_private(work))
    except DossierInvalide as exc:
        by_key, others = locate(exc.erreurs)
        result = []
        for key, message in by_key.items():
            section = page(key)
            if section is not None:  # a whole section not filled yet
                result.append(Manque(f"{section.titre} : à remplir", section.code))
                continue
            found = page_of_key(key)
            try:
                label = question(key).label
            except (KeyError, StopIteration, TypeError):
                label = key
            result.append(Manque(f"{label} : {message}", found.code if found else "", html_id(key)))
        return result + [Manque(m) for m in others]
    return []


def _apply_defaults(vues: list[VueChamp], answers: dict, contexte: Contexte) -> None:
    """Unanswered questions with a proposed value (today's date, the configuration's préfecture), as the
    interview model proposes them."""
    from lettres.web.formulaire import Option, input_text

    for vue in vues:
        if vue.key.startswith("_") or vue.valeur or any(o.choisie for o in vue.options):
            continue
        q = question(vue.key)
        if get(answers, q.path) is not None or not q.saisie.defaut_de:
            continue
        value = contexte.default(q.saisie.defaut_de)
        if value is None:
            continue
        if vue.options:
            vue.options = [Option(o.code, o.label, o.code == value) for o in vue.options]
        else:
            vue.valeur = input_text(value)


async def show(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    code = request.path_params["code"]
    current = page(code)
    if current is None:
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    if current.demarches:
        query = f"?{request.url.query}" if request.url.query else ""
        return redirect(f"/dossier/{ident}/demarches{query}")
    fiche = fiche_of(g, ident)
    config = g.config()
    etat = fiche.load(config)
    erreurs = dict(etat.answers.get(ERREURS) or {})
    contexte = contexte_from(config, date_du_jour())
    vues = view(
        current, etat.answers, dict(etat.answers.get("_saisies") or {}), erreurs, date_du_jour(), contexte
    )
    _apply_defaults(vues, etat.answers, contexte)
    conflit = etat.brouillon and fiche.existe and etat.empreinte != fiche.current_empreinte()
    return render(
        request,
        "page.html",
        titre=current.titre,
        rubrique="saisie",
        ident=ident,
        nom=person_name(etat.answers),
        existe=fiche.existe,
        pages=pages(),
        page=current,
        vues=[v for v in vues if not v.complement],
        complements=[v for v in vues if v.complement],
        erreurs=[v for v in vues if v.erreur and v.visible],
        manques=missing(etat.answers) if fiche.existe or etat.answers.get("personne") else [],
        brouillon=etat.brouillon,
        conflit=conflit,
        empreinte=etat.empreinte or "",
        dossier_dir=fiche.path.parent,
        suivante=_next(current, etat.answers),
        precedente=_previous(current, etat.answers),
    )


def _vide(p: Page, answers: dict) -> bool:
    """A page none of whose questions applies (the pièces of a titre without category): passed over."""
    from lettres.web.parcours import applicable

    return not p.demarches and not any(applicable(c, answers) for c in p.champs)


def _next(current: Page, answers: dict) -> Page | None:
    order = list(pages())
    suite = [p for p in order[order.index(current) + 1 :] if not _vide(p, answers)]
    return suite[0] if suite else None


def _previous(current: Page, answers: dict) -> Page | None:
    order = list(pages())
    avant = [p for p in order[: order.index(current)] if not _vide(p, answers)]
    return avant[-1] if avant else None


async def _uploads(form: Any, current: Page, etat: Etat, fiche: Fiche, g: Guichet) -> tuple[dict, dict]:
    """Files kept and added for the page's file questions (justificatifs), written in the dossier's folder."""
    kept: dict[str, list[str]] = {}
    refus: dict[str, str] = {}
    taille = g.config().pieces.taille_max
    for champ in current.champs:
        if champ.private or question(champ.key).kind != "fichiers":
            continue
        q = question(champ.key)
        before = list(get(etat.answers, q.path) or [])
        chosen = [p for p in form.getlist(champ.key) if isinstance(p, str) and p in before]
        kept[champ.key] = chosen
        try:
            recus = await files(form, f"{champ.key}.ajout", taille)
            if recus and not fiche.existe:
                refus[champ.key] = "enregistrez d'abord le dossier (pages précédentes), puis ajoutez les fichiers"
                continue
            if recus:
                kept[champ.key] += store(
                    recus, fiche.path.parent, "justificatifs", q.path[-1].replace("_", "-"), taille
                )
        except FichierRefuse as exc:
            refus[champ.key] = exc.message
    return kept, refus


async def submit(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    current = page(request.path_params["code"])
    if current is None or current.demarches:
        return redirect(f"/dossier/{ident}/demarches")
    form = await read_form(request)
    fiche = fiche_of(g, ident)
    action = form.get("action") or "continuer"
    if action == "abandonner":
        fiche.drop_draft()
        return redirect(f"/dossier/{ident}/page/{current.code}?fait=abandon")
    etat = fiche.load(g.config())
    ouverte = form.get("empreinte")
    if fiche.existe and isinstance(ouverte, str) and ouverte:
        etat.empreinte = ouverte  # the file as it was when this page was shown: a later change is a conflict
    kept, refus = await _uploads(form, current, etat, fiche, g)
    erreurs = read(current, Formulaire(form), etat.answers, kept)
    erreurs.update(refus)
    etat.answers[ERREURS] = erreurs
    fiche.keep(etat)
    back = _previous(current, etat.answers)
    if action == "precedente" and back is not None:
        return redirect(f"/dossier/{ident}/page/{back.code}")
    if erreurs:
        return redirect(f"/dossier/{ident}/page/{current.code}#erreurs")
    etat.answers.pop(ERREURS, None)
    existed = fiche.existe
    resultat = fiche.save(etat, current if action == "fusionner" else None)
    if resultat.conflit:
        return redirect(f"/dossier/{ident}/page/{current.code}#conflit")
    suivante = _next(current, etat.answers)
    if resultat.chemin is None:
        fiche.keep(etat)
        target = suivante.code if suivante else current.code
        fait = "?fait=brouillon" if existed else ""
        return redirect(f"/dossier/{ident}/page/{target}{fait}")
    g.nouveaux.discard(fiche.path)
    new_ident = g.ident(resultat.chemin)
    fait = "enregistre" if existed else "cree"
    if suivante is None or action == "terminer":
        return redirect(f"/dossier/{new_ident}/point?fait={fait}")
    return redirect(f"/dossier/{new_ident}/page/{suivante.code}?fait={fait}")


async def visible(request: Request) -> Response:
    """Which questions of the page apply, given what is ticked now (the page's script hides the others)."""
    g = guichet(request)
    current = page(request.path_params["code"])
    form = await read_form(request)
    if current is None:
        return JSONResponse({})
    etat = fiche_of(g, request.path_params["ident"]).load(g.config())
    answers = copy.deepcopy(etat.answers)
    read(current, Formulaire(form), answers, {})
    from lettres.web.parcours import applicable

    return JSONResponse({c.key: applicable(c, answers) for c in current.champs})


async def start(request: Request) -> Response:
    ident = request.path_params["ident"]
    fiche = fiche_of(guichet(request), ident)
    if fiche.existe:
        return redirect(f"/dossier/{ident}/point")
    return redirect(f"/dossier/{ident}/page/{pages()[0].code}")


routes = [
    Route("/dossier/{ident}", start),
    Route("/dossier/{ident}/page/{code}", show),
    Route("/dossier/{ident}/page/{code}", closing(submit), methods=["POST"]),
    Route("/dossier/{ident}/visibles/{code}", closing(visible), methods=["POST"]),
]
