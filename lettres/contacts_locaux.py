"""Local contacts a structure shares with another: its préfectures' details (foreigners' service address and
e-mail, the appointment channel of the point d'accueil numérique, a local legal help line, préfet or préfète)
and the tribunals' greffe addresses, each with its ``source`` and ``verifie_le``.

``lettres config exporter FICHIER`` writes them from the configuration; ``lettres config importer FICHIER``
checks a file as the package's reference data is checked (known codes and keys, a source and a past date for
every entry, valid e-mail addresses) and adds it to the configuration. The format: docs/contacts-locaux.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lettres.erreurs import LettresError

FORMAT = 1
CLES_PREFECTURE = ("civilite", "courriel", "adresse", "rdv", "juridique", "source", "verifie_le")
CLES_TRIBUNAL = ("adresse", "source", "verifie_le")
CLES_FICHIER = ("contacts_locaux", "structure", "exporte_le", "prefectures", "tribunaux")
LONGUEUR_MAX = 1000
ENTETE = """\
# Contacts locaux partagés par une structure (lettres config exporter), à reprendre avec
#   lettres config importer FICHIER
# prefectures.CODE (numéro du département) : civilite (madame, monsieur), courriel et adresse du service des
#   étrangers, rdv (comment obtenir un rendez-vous au point d'accueil numérique), juridique (permanence juridique
#   locale), source (d'où vient le renseignement), verifie_le (AAAA-MM-JJ).
# tribunaux.CODE : adresse du greffe, source, verifie_le.
"""


def _texte(valeur: Any, ou: str) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, (dict, list, bool)):
        raise LettresError(f"{ou} doit être un texte.")
    from lettres.dossier.valeurs import clean_text

    texte = clean_text(str(valeur)).strip()
    if len(texte) > LONGUEUR_MAX:
        raise LettresError(f"{ou} dépasse {LONGUEUR_MAX} caractères : raccourcissez-le.")
    return texte


def _date(valeur: Any, ou: str, aujourd_hui: date) -> date:
    from lettres.dossier.valeurs import FieldError, parse_date

    try:
        jour = parse_date(valeur)
    except FieldError as exc:
        raise LettresError(f"{ou} : {exc}.") from None
    if jour is None:
        raise LettresError(f"{ou} manque : indiquez la date à laquelle le renseignement a été vérifié (AAAA-MM-JJ).")
    if jour > aujourd_hui:
        raise LettresError(f"{ou} ({jour.isoformat()}) est dans le futur : indiquez la date de la vérification.")
    return jour


def _entree(brut: Any, cles: tuple[str, ...], ou: str, aujourd_hui: date) -> dict[str, Any]:
    """One préfecture or tribunal of the file, checked: known keys, a source, a past date, a valid e-mail."""
    from lettres.dossier.valeurs import FieldError, parse_courriel

    if not isinstance(brut, dict):
        raise LettresError(f"{ou} doit contenir des clés ({', '.join(cles)}).")
    inconnues = sorted(str(k) for k in brut if k not in cles)
    if inconnues:
        raise LettresError(f"{ou} : clé inconnue {', '.join(inconnues)} (clés acceptées : {', '.join(cles)}).")
    entree: dict[str, Any] = {k: _texte(brut.get(k), f"{ou}.{k}") for k in cles if k != "verifie_le"}
    entree["verifie_le"] = _date(brut.get("verifie_le"), f"{ou}.verifie_le", aujourd_hui)
    if not entree["source"]:
        raise LettresError(f"{ou}.source manque : indiquez d'où vient le renseignement (site, courrier, appel…).")
    if entree.get("civilite") not in (None, "", "madame", "monsieur"):
        raise LettresError(f"{ou}.civilite doit être madame ou monsieur (reçu : {entree['civilite']}).")
    if entree.get("courriel"):
        try:
            entree["courriel"] = parse_courriel(entree["courriel"])
        except FieldError as exc:
            raise LettresError(f"{ou}.courriel : {exc}.") from None
    return {k: v for k, v in entree.items() if v}


def lire(path: Path, aujourd_hui: date) -> dict[str, dict[str, dict[str, Any]]]:
    """A shared file, checked: ``{"prefectures": {code: entry}, "tribunaux": {code: entry}}``."""
    from lettres.referentiel import charger_referentiel
    from lettres.referentiel.prefectures import code_departement
    from lettres.yamlio import parse_yaml

    if not path.is_file():
        raise LettresError(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except Exception:
        raise LettresError(
            f"« {path} » n'est pas un fichier YAML lisible : vérifiez qu'il vient de lettres config exporter."
        ) from None
    if not isinstance(data, dict) or data.get("contacts_locaux") != FORMAT:
        raise LettresError(
            f"« {path} » n'est pas un fichier de contacts locaux (il doit commencer par « contacts_locaux: 1 »)."
        )
    inconnues = sorted(str(k) for k in data if k not in CLES_FICHIER)
    if inconnues:
        raise LettresError(
            f"« {path} » : clé inconnue {', '.join(inconnues)} (clés acceptées : {', '.join(CLES_FICHIER)})."
        )
    referentiel = charger_referentiel()
    resultat: dict[str, dict[str, dict[str, Any]]] = {"prefectures": {}, "tribunaux": {}}
    for groupe, connus, cles in (
        ("prefectures", referentiel.prefectures, CLES_PREFECTURE),
        ("tribunaux", referentiel.tribunaux, CLES_TRIBUNAL),
    ):
        entrees = data.get(groupe) or {}
        if not isinstance(entrees, dict):
            raise LettresError(f"« {path} » : {groupe} doit contenir des codes ({groupe}.CODE).")
        for brut_code, brut in entrees.items():
            code = code_departement(str(brut_code)) if groupe == "prefectures" else str(brut_code)
            if code not in connus:
                quoi = "préfecture (numéro du département)" if groupe == "prefectures" else "tribunal"
                raise LettresError(f"« {path} » : {groupe}.{brut_code} n'est pas un code de {quoi} connu.")
            resultat[groupe][code] = _entree(brut, cles, f"{groupe}.{brut_code}", aujourd_hui)
    return resultat


def exporter(config_data: dict[str, Any], path: Path, aujourd_hui: date, date_fichier: date) -> int:
    """Write the configuration's contacts to ``path``; how many préfectures and tribunals it holds.

    An entry without source is attributed to the structure; without date, it takes ``date_fichier`` (when the
    configuration was last saved: the contact was entered that day at the latest)."""
    from lettres.fichiers import write_atomic
    from lettres.yamlio import dump_yaml

    structure = str((config_data.get("structure") or {}).get("nom") or "") or "la structure"
    sortie: dict[str, Any] = {"contacts_locaux": FORMAT, "structure": structure, "exporte_le": aujourd_hui}
    total = 0
    for groupe, cles in (("prefectures", CLES_PREFECTURE), ("tribunaux", CLES_TRIBUNAL)):
        entrees = {}
        for code, brut in sorted((config_data.get(groupe) or {}).items()):
            entree = {k: brut[k] for k in cles if isinstance(brut, dict) and brut.get(k) not in (None, "")}
            if not set(entree) - {"source", "verifie_le"}:
                continue
            entree.setdefault("source", f"Renseigné par {structure}")
            entree.setdefault("verifie_le", date_fichier)
            entrees[str(code)] = entree
        if entrees:
            sortie[groupe] = entrees
            total += len(entrees)
    if not total:
        raise LettresError(
            "Aucun contact local dans la configuration : renseignez une préfecture (lettres config, menu « Une "
            "préfecture ») avant d'exporter."
        )
    write_atomic(path, (ENTETE + dump_yaml(sortie)).encode("utf-8"))
    return total


def importer(config_data: dict[str, Any], partage: dict[str, dict[str, dict[str, Any]]], remplacer: bool) -> list[str]:
    """Add the shared contacts to the configuration's; a detail the structure already has is kept unless
    ``remplacer``. What was done, one French line per préfecture or tribunal."""
    lignes = []
    for groupe, entrees in partage.items():
        for code, entree in entrees.items():
            cible = config_data.setdefault(groupe, {}).setdefault(code, {})
            ajoutes = [
                k for k, v in entree.items() if k not in ("source", "verifie_le") and (remplacer or not cible.get(k))
            ]
            gardes = [k for k in entree if k not in ajoutes and k not in ("source", "verifie_le")]
            for k in ajoutes:
                cible[k] = entree[k]
            if ajoutes:
                cible["source"], cible["verifie_le"] = entree["source"], entree["verifie_le"]
            quoi = "préfecture" if groupe == "prefectures" else "tribunal"
            ligne = f"{quoi} {code} : " + (f"ajouté {', '.join(ajoutes)}" if ajoutes else "rien de nouveau")
            lignes.append(ligne + (f" ; gardé le vôtre pour {', '.join(gardes)}" if gardes else ""))
    return lignes
