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
from lettres.web.etat import Guichet, Introuvable
from lettres.web.fiche import Etat, Fiche
from lettres.web.formulaire import AVIS, Formulaire, VueChamp, avis, html_id, locate, read, view
from lettres.web.parcours import Page, applicable, etape_context, page, pages, precedente, prune, suivante
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form
from lettres.web.televersement import FichierRefuse, store

ERREURS = "_erreurs"  # the refusals of the last page sent, kept in the draft for a reload
NOUVELLES = "_nouvelles"  # the questions the last page sent opened, shown marked when the page comes back


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


MONTREES = "_montrees"  # the questions of the page the person saw when sending it (kept up to date by the script)
AVIS_CHAMPS = "_avis"  # in the answer to the script: the notices of the answers typed (``formulaire.avis``)
RETOUR = "retour"  # « revue »: the page was opened from the review, and goes back to it once saved


def _retour(request: Request, form: Any = None) -> str:
    value = form.get(RETOUR) if form is not None else request.query_params.get(RETOUR)
    return "revue" if value == "revue" else ""


def shown(form: Any, current: Page, before: dict) -> frozenset[str]:
    """The questions the person saw when sending the page: the list the page sends with its answers, else
    (a client without it) those the page would have shown before these answers, and those it sends."""
    keys = {c.key for c in current.champs}
    listed = form.get(MONTREES)
    if isinstance(listed, str):
        return frozenset(k for k in listed.split() if k in keys)
    return frozenset(c.key for c in current.champs if applicable(c, before) or c.key in form)


def opened(current: Page, answers: dict, montrees: frozenset[str]) -> list[str]:
    """The questions the answers sent open on the same page, which the person did not see: the page is
    shown again with them instead of moving on (those of « Autres informations » wait for the person)."""
    return [c.key for c in current.champs if c.key not in montrees and not c.complement and applicable(c, answers)]


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
    nouvelles = request.query_params.get("fait") == "nouvelles"
    for vue in vues:  # a civilité, a legal choice: to be chosen, « Non précisée » included (``read``)
        vue.obligatoire = vue.obligatoire or (vue.widget == "radios" and question(vue.key).saisie.explicite)
        vue.nouvelle = nouvelles and vue.key in (etat.answers.get(NOUVELLES) or ())
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
        montrees=" ".join(v.key for v in vues if v.visible),
        nouvelles=nouvelles,
        erreurs=[v for v in vues if v.erreur and v.visible],
        manques=missing(etat.answers) if fiche.existe or etat.answers.get("personne") else [],
        brouillon=etat.brouillon,
        conflit=conflit,
        empreinte=etat.empreinte or "",
        dossier_dir=fiche.path.parent,
        **etape_context(current, etat.answers, _retour(request)),
    )


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
    retour = _retour(request, form)
    if action == "abandonner":
        fiche.drop_draft()
        return redirect(f"/dossier/{ident}/page/{current.code}?fait=abandon{'&retour=revue' if retour else ''}")
    etat = fiche.load(g.config())
    ouverte = form.get("empreinte")
    if fiche.existe and isinstance(ouverte, str) and ouverte:
        etat.empreinte = ouverte  # the file as it was when this page was shown: a later change is a conflict
    kept, refus = await _uploads(form, current, etat, fiche, g)
    montrees = shown(form, current, copy.deepcopy(etat.answers))
    erreurs = read(current, Formulaire(form), etat.answers, kept, montrees, demander_vide=True)
    erreurs.update(refus)
    etat.answers[ERREURS] = erreurs
    nouvelles = opened(current, etat.answers, montrees)
    etat.answers[NOUVELLES] = nouvelles
    fiche.keep(etat)
    back = precedente(current, etat.answers)
    if action == "precedente" and back is not None:
        return redirect(f"/dossier/{ident}/page/{back.code}{'?retour=revue' if retour else ''}")
    if erreurs or nouvelles:
        query = "&".join(q for q in ("fait=nouvelles" if nouvelles else "", "retour=revue" if retour else "") if q)
        ancre = "erreurs" if erreurs else f"bloc-{html_id(nouvelles[0])}"
        return redirect(f"/dossier/{ident}/page/{current.code}{'?' if query else ''}{query}#{ancre}")
    return _save(g, fiche, etat, current, action, retour)


def _save(g: Guichet, fiche: Fiche, etat: Etat, current: Page, action: Any, retour: str) -> Response:
    """The page's answers saved (the file written once they make a valid dossier), then the next page, or the
    review after the last one (or when the page was opened from it)."""
    ident = g.ident(fiche.path)
    etat.answers.pop(ERREURS, None)
    etat.answers.pop(NOUVELLES, None)
    existed = fiche.existe
    resultat = fiche.save(etat, current if action == "fusionner" else None)
    if resultat.conflit:
        return redirect(f"/dossier/{ident}/page/{current.code}{'?retour=revue' if retour else ''}#conflit")
    suite = suivante(current, etat.answers)
    if resultat.chemin is None:
        fiche.keep(etat)
        fait = "?fait=brouillon" if existed else ""
        if retour or suite is None:
            return redirect(f"/dossier/{ident}/revue{fait}")
        return redirect(f"/dossier/{ident}/page/{suite.code}{fait}")
    g.nouveaux.discard(fiche.path)
    new_ident = g.ident(resultat.chemin)
    fait = "enregistre" if existed else "cree"
    if retour or suite is None:
        return redirect(f"/dossier/{new_ident}/revue?fait={fait}")
    return redirect(f"/dossier/{new_ident}/page/{suite.code}?fait={fait}")


async def visible(request: Request) -> Response:
    """Which questions of the page apply, given what is ticked now (the page's script hides the others)."""
    g = guichet(request)
    current = page(request.path_params["code"])
    form = await read_form(request)
    if current is None:
        return JSONResponse({})
    try:
        etat = fiche_of(g, request.path_params["ident"]).load(g.config())
    except Introuvable:  # renamed by the page's own sending, a moment ago: the server decides on the next page
        return JSONResponse({})
    answers = copy.deepcopy(etat.answers)
    read(current, Formulaire(form), answers, {})
    visibles: dict[str, Any] = {c.key: applicable(c, answers) for c in current.champs}
    # the notices of the answers typed (``formulaire.avis``): the script puts them beside their question
    visibles[AVIS_CHAMPS] = {c.key: avis(c.key, answers) for c in current.champs if c.key in AVIS}
    return JSONResponse(visibles)


async def review(request: Request) -> Response:
    """« Vérifier avant de produire les documents »: every answer by page, each page with « Modifier », and
    what is still missing or warned of before the documents."""
    from lettres.web.revue import groups, warnings

    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = fiche_of(g, ident)
    config = g.config()
    etat = fiche.load(config)
    answers = copy.deepcopy(etat.answers)
    prune(answers)
    manques = missing(etat.answers)
    return render(
        request,
        "revue.html",
        titre="Vérifier avant de produire les documents",
        rubrique="saisie",
        ident=ident,
        nom=person_name(etat.answers),
        existe=fiche.existe,
        pages=pages(),
        page=pages()[0],
        groupes=groups(ident, answers, contexte_from(config, date_du_jour())),
        manques=manques,
        brouillon=etat.brouillon and fiche.existe,
        avertissements=warnings(fiche.path, ident, config, date_du_jour()) if fiche.existe and not manques else [],
    )


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
    Route("/dossier/{ident}/revue", review),
]
