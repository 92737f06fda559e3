"""Every préfecture of France (``donnees/prefectures.yaml``) and its tribunal administratif (``tribunaux.yaml``):
checks of the data as it is loaded, and a tolerant lookup from what a person types (« lyon », « Rhône », « 69 »)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lettres.referentiel.modeles import Prefecture, Tribunal

from lettres.francais import replier_mots

TERRITOIRE_PACA = "paca_corse"
# the warnings that concern the tribunal itself: the référé's sentence says them too
AVERTISSEMENTS_TRIBUNAL = ("tribunal_a_verifier", "ressort_secondaire")
CHAMPS = ("nom", "departement", "ville", "chef_lieu", "tribunal", "source")  # never empty


def mots(prefecture: Prefecture) -> str:
    """The words that find a préfecture besides its code and name: département, seat city, chef-lieu."""
    return " ".join(dict.fromkeys((prefecture.departement, prefecture.ville, prefecture.chef_lieu)))


def code_departement(text: str) -> str:
    """« 1 » or « 01 » is 01, « 2a » is 2A."""
    text = str(text).strip().upper()
    return text.zfill(2) if text.isdigit() else text


def trouver(prefectures: Mapping[str, Prefecture], texte: str) -> list[str]:
    """The codes a typed word names exactly: the code, the préfecture's name, the département, the seat city or
    the chef-lieu (case, accents and hyphens ignored). Several codes when the word is ambiguous (« Marigot »)."""
    code = code_departement(texte)
    if code in prefectures:
        return [code]
    numero = re.match(r"^\s*(\w{1,3})\s+[—–-]\s", str(texte))  # « 69 — Préfecture du Rhône (Lyon) », from a list
    if numero and code_departement(numero.group(1)) in prefectures:
        return [code_departement(numero.group(1))]
    cherche = replier_mots(texte)
    if not cherche:
        return []
    return [
        c
        for c, p in prefectures.items()
        if cherche in {replier_mots(getattr(p, k) or "") for k in ("nom", "departement", "ville", "chef_lieu")}
    ]


def ressorts(prefectures: Mapping[str, Prefecture]) -> dict[str, str]:
    """Préfecture code → tribunal code."""
    return {code: p.tribunal for code, p in prefectures.items()}


def controler(
    prefectures: Mapping[str, Prefecture],
    tribunaux: Mapping[str, Tribunal],
    avertissements: Mapping[str, Any],
) -> None:
    """What the models do not say: every row names a known tribunal and known warnings, and carries its source;
    a ValueError says which one does not."""
    for code, p in prefectures.items():
        manquants = [k for k in CHAMPS if not getattr(p, k)]
        if manquants:
            raise ValueError(f"préfecture {code} : {', '.join(manquants)} manquant")
        if p.tribunal not in tribunaux:
            raise ValueError(f"préfecture {code} : tribunal inconnu {p.tribunal}")
        inconnus = [a for a in p.avertissements if a not in avertissements]
        if inconnus:
            raise ValueError(f"préfecture {code} : avertissement inconnu {', '.join(inconnus)}")
    for code, t in tribunaux.items():
        if not (t.nom and t.ville and t.cour_appel):
            raise ValueError(f"tribunal {code} : nom, ville ou cour_appel manquant")
