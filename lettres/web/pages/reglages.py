"""Réglages: the configuration ``lettres config`` edits — the accompagnant's details, the default préfecture,
each préfecture's addresses, the structure's letterhead and logo, the output and templates folders.

Every POST is answered by a redirection (Post/Redirect/Get): to the page with « Réglages enregistrés », or to
the page showing the refused settings as typed, with what to correct (kept in the server's memory under a
random code of the address), so that a reload or Back never sends the form twice.

The accompagnant's questions are the dossier's own (same labels, same checks); the file is written by
``config.save_config`` (atomically, readable by its owner only) and read back through ``load_config``, so a
value the terminal would refuse is refused here too.
"""

from __future__ import annotations

import copy
from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.config import Configuration, load_config, save_config
from lettres.erreurs import LettresError
from lettres.fichiers import write_atomic
from lettres.referentiel import charger_referentiel
from lettres.web.formulaire import Formulaire, VueChamp, read, view
from lettres.web.parcours import ChampPage, Page
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form, text
from lettres.web.televersement import IMAGE, FichierRefuse, check

ACCOMPAGNANT = Page(
    "reglages",
    "Vos coordonnées",
    tuple(
        ChampPage(f"accompagnant.{k}")
        for k in ("civilite", "nom", "prenom", "fonction", "structure", "adresse", "courriel", "telephone")
    ),
)
TAILLE_LOGO = 2 * 1024 * 1024
REFUS_GARDES = 8  # refused settings kept to be shown again (Back, reload, a second tab)


CHAMPS_CONTACT = ("civilite", "courriel", "adresse", "rdv", "juridique", "source")


def _prefectures(config: Configuration, demandee: str = "") -> list[dict]:
    """The préfectures shown with their contacts: those the structure filled, the default one, and the one asked
    for (« ?prefecture=69 », from the point of a dossier); the others are a choice away."""
    contacts = config.data.get("prefectures") or {}
    referentiel = charger_referentiel()
    montrees = {*map(str, contacts), config.prefecture, demandee} & set(referentiel.prefectures)
    return [
        {
            "code": code,
            "nom": p.nom,
            "ville": p.ville,
            "rdv_connu": p.rdv_blocage.libelle if p.rdv_blocage else "",
            **{k: str((contacts.get(code) or {}).get(k) or "") for k in CHAMPS_CONTACT},
        }
        for code, p in referentiel.prefectures.items()
        if code in montrees
    ]


def _toutes() -> list[dict]:
    return [{"code": code, "nom": p.nom, "ville": p.ville} for code, p in charger_referentiel().prefectures.items()]


def _page(
    request: Request,
    config: Configuration,
    vues: list[VueChamp],
    erreurs: list[str],
    status: int = 200,
    demandee: str = "",
):
    structure = config.data.get("structure") or {}
    return render(
        request,
        "reglages.html",
        status=status,
        titre="Réglages",
        rubrique="reglages",
        chemin=str(config.path),
        vues=vues,
        erreurs=erreurs,
        prefecture=config.prefecture,
        prefectures=_prefectures(config, demandee),
        toutes=_toutes(),
        demandee=demandee,
        structure={k: str(structure.get(k) or "") for k in ("nom", "adresse", "logo")},
        sortie=str(config.data.get("sortie") or ""),
        modeles=str(config.data.get("modeles") or ""),
        sortie_effective=str(guichet(request).sortie(config)),
    )


async def show(request: Request) -> Response:
    config = guichet(request).config()
    refus = _refusals(request).get(str(request.query_params.get("refus") or ""))
    if refus is not None:  # the settings just refused, as they were typed, with what to correct
        data, answers, champs, erreurs = refus
        return _page(request, Configuration(config.path, data), view(ACCOMPAGNANT, answers, {}, champs), erreurs)
    answers = {"_accompagnant": True, "accompagnant": dict(config.accompagnant or {})}
    demandee = str(request.query_params.get("prefecture") or "")
    return _page(request, config, view(ACCOMPAGNANT, answers, {}, {}), [], demandee=demandee)


def _refusals(request: Request) -> dict[str, tuple[dict, dict, dict[str, str], list[str]]]:
    """The last settings refused, by a random code of the address they are shown at (kept in memory only)."""
    state = request.app.state
    if not hasattr(state, "reglages_refuses"):
        state.reglages_refuses = {}
    return state.reglages_refuses


async def save(request: Request) -> Response:
    g = guichet(request)
    form = await read_form(request)
    config = g.config()
    data = copy.deepcopy(config.data)
    answers: dict = {"_accompagnant": True, "accompagnant": {}}
    champs = _read_accompagnant(form, answers, data)
    erreurs = _read_prefecture(form, data)
    data["prefectures"] = _read_contacts(form, config.data.get("prefectures") or {})
    data["structure"] = await _read_structure(form, config, erreurs)
    for key in ("sortie", "modeles"):
        _set_or_drop(data, key, text(form, key).strip())
    for key in [k for k, v in data.items() if v in ("", {}, None)]:
        del data[key]
    if not champs and not erreurs:
        erreurs += _write(config, data, g.config_path)
    if champs or erreurs:  # shown by the address it is redirected to: a reload sends nothing twice
        import secrets

        refus = _refusals(request)
        code = secrets.token_urlsafe(12)
        refus[code] = (data, answers, champs, erreurs)
        for ancien in list(refus)[:-REFUS_GARDES]:
            del refus[ancien]
        return redirect(f"/reglages?refus={code}#erreurs")
    return redirect("/reglages?fait=reglages")


def _read_accompagnant(form: FormData, answers: dict, data: dict) -> dict[str, str]:
    """The accompagnant's details into ``data``; the refusals by key (none when every detail is left empty:
    no accompagnant at all is a valid configuration)."""
    champs = read(ACCOMPAGNANT, Formulaire(form), answers, {})
    accompagnant = {k: v for k, v in answers["accompagnant"].items() if v not in ("", None)}
    if not accompagnant:
        champs.pop("accompagnant.nom", None)
    _set_or_drop(data, "accompagnant", answers["accompagnant"] if accompagnant else None)
    return champs


def _read_prefecture(form: FormData, data: dict) -> list[str]:
    """The default préfecture as typed: its number, département, city or chef-lieu (« lyon » is 69)."""
    from lettres.referentiel.prefectures import trouver

    tape = text(form, "prefecture")
    data["prefecture"] = tape
    if not tape:
        return []
    prefectures = charger_referentiel().prefectures
    codes = trouver(prefectures, tape)
    if len(codes) == 1:
        data["prefecture"] = codes[0]
        return []
    if codes:
        noms = " ou ".join(f"{c} ({prefectures[c].nom})" for c in codes)
        return [f"« {tape} » désigne plusieurs préfectures : tapez le numéro, {noms}."]
    return [f"Préfecture par défaut inconnue : « {tape} » ; tapez son numéro, le département ou la ville."]


def _read_contacts(form: FormData, avant: dict) -> dict[str, dict]:
    """Each préfecture's contacts, for those given at least one (an unknown civilité is left out); a préfecture
    whose fields were not on the page keeps what it had (with its date of verification)."""
    contacts = {}
    for p in charger_referentiel().prefectures:
        ancien = dict(avant.get(p) or {})
        if f"prefectures.{p}.courriel" not in form:
            if ancien:
                contacts[p] = ancien
            continue
        contact = {k: text(form, f"prefectures.{p}.{k}").strip() for k in CHAMPS_CONTACT}
        if contact["civilite"] not in ("", "madame", "monsieur"):
            contact["civilite"] = ""
        contact = {k: v for k, v in contact.items() if v}
        if (
            contact
            and ancien.get("verifie_le")
            and all(ancien.get(k, "") == contact.get(k, "") for k in CHAMPS_CONTACT)
        ):
            contact["verifie_le"] = ancien["verifie_le"]
        if contact:
            contacts[p] = contact
    return contacts


async def _read_structure(form: FormData, config: Configuration, erreurs: list[str]) -> dict[str, str]:
    """The letterhead: name, address and logo (kept, removed or replaced by the one sent, written next to
    the configuration); a refused logo is added to ``erreurs``."""
    structure = {k: text(form, f"structure.{k}").strip() for k in ("nom", "adresse")}
    structure["logo"] = str((config.data.get("structure") or {}).get("logo") or "")
    if form.get("structure.retirer_logo") == "oui":
        structure["logo"] = ""
    try:
        logos = await files(form, "logo", TAILLE_LOGO)
        if logos:
            kind = check(logos[0], IMAGE, TAILLE_LOGO)
            target = config.path.parent / f"logo.{kind}"
            write_atomic(target, logos[0].contenu)
            structure["logo"] = str(target)
    except FichierRefuse as exc:
        erreurs.append(f"Logo : {exc.message}")
    return {k: v for k, v in structure.items() if v}


def _set_or_drop(data: dict, key: str, value: object) -> None:
    if value:
        data[key] = value
    else:
        data.pop(key, None)


def _write(config: Configuration, data: dict, config_path: Path | None) -> list[str]:
    """Write the new configuration, then read it back as the terminal would: if it is refused, the old
    one is put back and the refusal returned."""
    try:
        save_config(Configuration(config.path, data))
        load_config(config_path)
    except LettresError as exc:
        save_config(config)
        return [exc.message]
    return []


async def set_aside(request: Request) -> Response:
    """The configuration file that cannot be read, renamed beside itself (« config.yaml.illisible-2026-11-27 »):
    the pages work again, from empty settings."""
    from lettres.config import config_path
    from lettres.erreurs import ConfigurationIllisible
    from lettres.jour import date_du_jour

    g = guichet(request)
    await read_form(request)
    try:
        g.config()
    except ConfigurationIllisible as exc:
        path = Path(str(exc.fichier))
        if path == config_path(g.config_path) and path.is_file():
            target = path.with_name(f"{path.name}.illisible-{date_du_jour().isoformat()}")
            numero = 1
            while target.exists():
                numero += 1
                target = path.with_name(f"{path.name}.illisible-{date_du_jour().isoformat()}-{numero}")
            path.rename(target)
            return redirect("/reglages?fait=reglages_ecartes")
    return redirect("/reglages")


routes = [
    Route("/reglages", show),
    Route("/reglages", closing(save), methods=["POST"]),
    Route("/reglages/ecarter", closing(set_aside), methods=["POST"]),
]
