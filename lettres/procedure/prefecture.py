"""The dossier's préfecture as the verification presents it (terminal and web): its name, its tribunal administratif
and cour administrative d'appel, the warnings of its territory (overseas, Mayotte, a tribunal to verify), and what
the structure must still add because no source gives it (the foreigners' service address and e-mail, the
appointment channel of the point d'accueil numérique, a local legal help line).

``locaux`` are the structure's own contacts for this préfecture (configuration ``prefectures.CODE``: civilite,
courriel, adresse, rdv, juridique, source, verifie_le)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lettres.dossier import Dossier
from lettres.referentiel import Prefecture, charger_referentiel

STATUT_TRIBUNAL = {
    "verifie": "",
    "secondaire": "rattachement au tribunal lu dans une rédaction antérieure du texte, à confirmer",
    "a_verifier": "tribunal à vérifier par un ou une juriste",
}


@dataclass
class FichePrefecture:
    code: str
    nom: str
    ville: str
    tribunal: str
    cour_appel: str
    statut_tribunal: str  # empty when the data's reading is verified
    a_completer: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def rdv_connu(prefecture: Prefecture, locaux: dict[str, Any]) -> bool:
    """The appointment channel of the point d'accueil numérique is known: from a source, or from the structure."""
    rdv = prefecture.rdv_blocage
    return bool(str(locaux.get("rdv") or "").strip()) or (rdv is not None and rdv.mode != "inconnu")


def a_completer(dossier: Dossier, locaux: dict[str, Any]) -> list[str]:
    """What no source gives for this préfecture and the structure has not entered yet."""
    referentiel = charger_referentiel()
    code = dossier.demande.prefecture
    prefecture = referentiel.prefectures[code]
    manque = []
    if not (dossier.envoi.prefecture_adresse or prefecture.adresse):
        manque.append("l'adresse postale du service des étrangers")
    if not (dossier.envoi.prefecture_courriel or prefecture.courriel):
        manque.append("l'adresse électronique du service des étrangers")
    if not rdv_connu(prefecture, locaux):
        manque.append("le moyen d'obtenir un rendez-vous au point d'accueil numérique (PAN) de la préfecture")
    if not referentiel.en_paca(code) and not str(locaux.get("juridique") or "").strip():
        manque.append("une permanence juridique locale en droit des étrangers (association, avocat, point-justice)")
    return manque


def fiche_prefecture(dossier: Dossier, locaux: dict[str, Any] | None = None) -> FichePrefecture:
    """The préfecture, its tribunal and what is left to add, for this dossier."""
    referentiel = charger_referentiel()
    code = dossier.demande.prefecture
    prefecture = referentiel.prefectures[code]
    tribunal = referentiel.tribunal(code)
    return FichePrefecture(
        code,
        prefecture.nom,
        prefecture.ville,
        tribunal.nom if tribunal else "",
        tribunal.cour_appel if tribunal else "",
        STATUT_TRIBUNAL[prefecture.statut],
        a_completer(dossier, locaux or {}),
        referentiel.avertissements_prefecture(code),
        " ".join(prefecture.note.split()),
    )


def lignes(fiche: FichePrefecture) -> list[str]:
    """The préfecture and its tribunal in a few sentences (terminal, web)."""
    tribunal = fiche.tribunal[:1].lower() + fiche.tribunal[1:]
    appel = fiche.cour_appel[:1].lower() + fiche.cour_appel[1:]
    texte = [f"{fiche.nom} ({fiche.ville}) ; recours devant le {tribunal}, appel devant la {appel}."]
    if fiche.statut_tribunal:
        texte[0] = texte[0].removesuffix(".") + f" ({fiche.statut_tribunal})."
    if fiche.note:
        texte.append(fiche.note)
    return texte
