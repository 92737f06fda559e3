"""The titre before any letter (docs/titres.md): is its demande filed on the ANEF (annexe 9 of the CESEDA), and
does the dossier hold the pièces its list requires (annexe 10)?

The checklist is the caseworker's own: ticked pièces never prove completeness — only the préfecture does, by
an API, a récépissé or its answer (``delais.completude``). A required pièce left unticked makes completeness
uncertain, which is what the deadlines then say. A category whose own list is unverified is checked on the
common pièces only, and never said to be complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lettres.dossier import Dossier
from lettres.dossier.titre import ListePieces, categorie_de, liste_pieces
from lettres.francais import date_lettre, replier_mots
from lettres.referentiel import charger_referentiel
from lettres.referentiel.accords import accord_de
from lettres.referentiel.titres import PieceTitre, Titre

R431_3 = "article R. 431-3 du CESEDA"


@dataclass(frozen=True)
class ControlePieces:
    """The dossier's category and what its checklist says."""

    titre: Titre | None
    suggestion: Titre | None  # no category: the one the free titre seems to name (never applied by itself)
    liste: ListePieces | None
    cochees: tuple[PieceTitre, ...]
    manquantes: tuple[PieceTitre, ...]  # required when filing, not ticked
    selon_situation: tuple[PieceTitre, ...]  # needed only in some cases (polygamie…), not ticked

    @property
    def etat(self) -> str:
        """``sans_categorie``, ``sans_liste`` (a changement de statut…), ``non_remplie``, ``manquantes``,
        ``complete`` (a verified list, every required pièce ticked) or ``communes`` (an unverified list: the
        common pièces ticked, the category's own unknown)."""
        if self.titre is None:
            return "sans_categorie"
        if self.liste is None:
            return "sans_liste"
        if not self.cochees:
            return "non_remplie"
        if self.manquantes:
            return "manquantes"
        return "complete" if self.liste.verifiee else "communes"

    def as_dict(self) -> dict[str, Any]:
        liste = self.liste
        return {
            "categorie": self.titre.code if self.titre else None,
            "intitule": self.titre.intitule if self.titre else None,
            "suggestion": self.suggestion.code if self.suggestion else None,
            "demande": liste.demande if liste else None,
            "liste_verifiee": liste.verifiee if liste else None,
            "etat": self.etat,
            "cochees": [p.code for p in self.cochees],
            "manquantes": [{"code": p.code, "libelle": p.libelle} for p in self.manquantes],
            "selon_situation": [
                {"code": p.code, "libelle": p.libelle, "condition": p.condition} for p in self.selon_situation
            ],
        }


def controler_pieces(dossier: Dossier, suggerer: bool = False) -> ControlePieces:
    """The category of the dossier's titre and the pièces its checklist lacks; with ``suggerer``, the category
    a free titre seems to name (a fuzzy search: only for what ``verifier`` shows, not for every deadline)."""
    d = dossier.demande
    titre = categorie_de(d.categorie, "")
    suggestion = charger_referentiel().titres.trouver(d.titre) if titre is None and suggerer else None
    liste = liste_pieces(titre, d.nature, d.date_depot, dossier.personne.nationalite)
    if liste is None or not d.pieces_fournies:
        return ControlePieces(titre, suggestion, liste, (), (), ())
    cochees = tuple(p for p in liste.pieces if p.code in d.pieces_fournies)
    restantes = [p for p in liste.pieces if p.code not in d.pieces_fournies and p.moment == "depot"]
    manquantes = tuple(p for p in restantes if p.obligatoire)
    selon = tuple(p for p in restantes if not p.obligatoire)
    return ControlePieces(titre, suggestion, liste, cochees, manquantes, selon)


def titre_ecrit(dossier: Dossier, jour: date | None = None) -> str:
    """How the letters name the titre asked for: the agreement's titre for a national of Algeria (certificat de
    résidence), or of Morocco or Tunisia for the salaried worker's card (article 3); the category's name in force
    on ``jour`` when the dossier wrote a former one (« passeport talent », « talent » since 16 June 2025); else the
    dossier's own words."""
    d = dossier.demande
    titre = categorie_de(d.categorie, "")
    if titre is None:
        return d.titre
    accord = accord_de(dossier.personne.nationalite)
    nom_accord = accord.titre_pour(titre.code) if accord else None
    if nom_accord and not any(mot in replier_mots(d.titre) for mot in ("certificat", "accord")):
        return nom_accord
    if replier_mots(d.titre) in {replier_mots(n) for n in titre.anciens_noms}:
        return titre.nom_au(jour)
    return d.titre


def pieces_manquantes(dossier: Dossier) -> tuple[PieceTitre, ...]:
    return controler_pieces(dossier).manquantes


def _quoi(liste: ListePieces) -> str:
    return f"{liste.titre.code}, {'première demande' if liste.demande == 'premiere' else 'renouvellement'}"


def libelles(pieces: tuple[PieceTitre, ...]) -> str:
    return " ; ".join(p.court for p in pieces)


def lignes_pieces(c: ControlePieces) -> list[str]:
    """What the verification says of the category and the checklist."""
    if c.titre is None:
        ligne = "Catégorie du titre inconnue : les pièces de la demande ne sont pas contrôlées."
        if c.suggestion is not None:
            ligne += (
                f" Le titre semble relever de « {c.suggestion.intitule} » : si c'est bien elle, choisissez "
                f"{c.suggestion.code} comme catégorie du titre."
            )
        return [ligne]
    lignes = [f"Catégorie : {c.titre.intitule}."]
    if c.liste is None:
        lignes.append(
            "Pièces non contrôlées : les listes ne distinguent que la première demande et le renouvellement ; "
            "pour une autre demande, voir la liste sur le site de la préfecture."
        )
        return lignes
    quoi = _quoi(c.liste)
    if c.etat == "non_remplie":
        lignes.append(f"Pièces ({quoi}) : aucune cochée (« Pièces de la demande réunies »), la complétude n'est pas contrôlée.")
    elif c.etat == "manquantes":
        pluriel = len(c.manquantes) > 1
        lignes.append(
            f"Pièce{'s' if pluriel else ''} exigée{'s' if pluriel else ''} non cochée{'s' if pluriel else ''} "
            f"({quoi}) : {libelles(c.manquantes)}."
        )
    elif c.etat == "complete":
        lignes.append(f"Toutes les pièces exigées de la liste ({quoi}) sont cochées.")
    else:
        lignes.append(f"Les pièces communes à tous les titres sont cochées ({quoi}).")
    if not c.liste.verifiee:
        lignes.append(
            f"La liste propre à {c.titre.code} n'a pas pu être vérifiée : seules les pièces communes sont "
            "contrôlées, liste à vérifier sur le site de la préfecture."
        )
    if c.selon_situation and c.etat != "non_remplie":
        lignes.append(
            "Selon la situation, non cochées : "
            + " ; ".join(f"{p.court} ({p.condition})" if p.condition else p.court for p in c.selon_situation)
            + "."
        )
    return lignes


# the Conseil d'État's avis on the silence kept on an incomplete demande (textes.yaml, ce_avis_2024_494718)
AVIS_INCOMPLET = "CE, avis, 10 octobre 2024, n° 494718"


def refus_enregistrement(avis: str = AVIS_INCOMPLET, voie: bool = True) -> str:
    """What the silence on an incomplete demande is (``avis``: the avis as cited), and, with ``voie``, the way
    left: said the same by verifier, the summary and the note."""
    refus = (
        "son silence vaut refus implicite d'enregistrement, qui ne constitue pas une décision susceptible de recours "
        f"({avis})"
    )
    return f"{refus} : la voie est alors le référé « mesures utiles »" if voie else refus


COMPLETUDE = {
    "prouvee": "prouvée — une API ou un récépissé a été délivré, ou la préfecture a confirmé la complétude.",
    "non": f"non — la préfecture a dit le dossier incomplet ; {refus_enregistrement()}.",
    "presumee": "présumée — aucune demande de pièce ni incomplétude n'est notée au dossier, mais seule une API, un "
    "récépissé ou la réponse de la préfecture le montrent complet ; sans la liste des pièces cochées, la date de la décision implicite de rejet "
    "reste « au plus tôt ».",
}


def ligne_completude(completude: str, c: ControlePieces, depot: bool) -> str:
    """The completeness the deadlines rest on, and why (``delais.completude``)."""
    if not depot:
        if c.manquantes:
            return (
                "Complétude : la demande n'est pas encore déposée ; une demande incomplète n'est pas enregistrée, "
                "réunissez d'abord les pièces exigées non cochées."
            )
        return "Complétude : sans objet tant que la demande n'est pas déposée."
    if completude == "incertaine":
        if c.manquantes:
            return (
                "Complétude : incertaine — des pièces exigées ne sont pas cochées ; si la préfecture regarde le "
                f"dossier comme incomplet, {refus_enregistrement(voie=False)}, et l'attestation de prolongation de "
                "l'instruction n'est due que pour une demande complète (article R. 431-15-1 du CESEDA)."
            )
        return "Complétude : incertaine — une pièce a été demandée, ou ne peut pas être ajoutée ou corrigée."
    if completude == "presumee" and c.etat in ("complete", "communes"):
        ligne = (
            "Complétude : présumée — aucune demande de pièce ni incomplétude n'est notée au dossier et toutes les "
            "pièces exigées sont cochées : le silence de la préfecture vaut en principe décision implicite de rejet, "
            "dont la date se dit sans réserve (CE, avis, 10 octobre 2024, n° 494718) ; seule une API, un récépissé ou sa réponse le "
            "prouvent."
        )
        if c.etat == "communes":
            ligne += (
                " La liste propre à cette catégorie n'est pas vérifiée : seules les pièces communes sont contrôlées."
            )
        return ligne
    ligne = f"Complétude : {COMPLETUDE.get(completude, completude)}"
    if completude == "prouvee" and c.manquantes:
        ligne += " Les pièces non cochées ne changent pas cette présomption, mais mieux vaut les réunir."
    return ligne


# -- the ANEF (annexe 9) --------------------------------------------------------------------------------------


def voie_anef(titre: Titre, depot: date | None) -> str:
    """Whether the demande of this category is filed on the ANEF, in one or two French sentences; a dépôt on
    the ANEF already made settles it."""
    if titre.anef == "non":
        return (
            f"ANEF : non — la demande de {titre.nom} ne se fait pas sur l'ANEF ({titre.anef_source}) ; la procédure "
            "ANEF n'est pas la bonne : la demande se dépose à la préfecture ou à la sous-préfecture (à Paris, à la "
            f"préfecture de police), ou par courrier si le préfet l'a prévu ({R431_3})."
        )
    if titre.anef == "oui":
        return f"ANEF : oui — {_minuscule(titre.anef_detail)}"
    if depot is not None:
        sources = "que pour certains cas" if titre.anef == "partiel" else "pas"
        return (
            f"ANEF : oui, la demande y a été déposée le {date_lettre(depot)} (les sources lues ne le confirmaient "
            f"{sources} pour cette catégorie)."
        )
    if titre.anef == "partiel":
        return (
            f"ANEF : seulement dans certains cas — {_minuscule(titre.anef_detail)} Si la demande n'en fait pas "
            "partie, elle se dépose à la préfecture ou à la sous-préfecture, ou par courrier si le préfet l'a prévu "
            f"({R431_3})."
        )
    return (
        f"ANEF : non confirmé — {_minuscule(titre.anef_detail)} Si la demande ne se fait pas sur l'ANEF, elle se "
        f"dépose à la préfecture ou à la sous-préfecture, ou par courrier si le préfet l'a prévu ({R431_3})."
    )


def _minuscule(texte: str) -> str:
    """« Sur l'ANEF depuis… » after a dash: « sur l'ANEF depuis… » (an acronym keeps its capitals)."""
    return texte if texte[1:2].isupper() else texte[:1].lower() + texte[1:]


def depot_effectue(dossier: Dossier) -> bool:
    """The demande was filed: a dépôt date, and no blockage saying the attestation de dépôt never came."""
    return dossier.demande.date_depot is not None and "pas_attestation_depot" not in dossier.blocage.types


def anef_incertain(dossier: Dossier) -> tuple[Titre, ...]:
    """The categories that leave it open whether the demande, not yet filed, goes through the ANEF: the dossier's
    own when only some of its cases (or none the sources confirm) are on the ANEF; without a category, those the
    free titre may name when none of them is surely on the ANEF (« vie privée et familiale »: CST 1 and CST 2,
    each partly). Empty when the dépôt on the ANEF settled it, or nothing is known of the titre."""
    if depot_effectue(dossier):
        return ()
    d = dossier.demande
    titre = categorie_de(d.categorie, "")
    if titre is not None:
        return (titre,) if titre.anef in ("partiel", "inconnu") else ()
    candidats = tuple(charger_referentiel().titres.chercher(d.titre)) if d.titre.strip() else ()
    if not candidats or any(c.anef == "oui" for c in candidats):
        return ()
    return candidats


def lignes_titre(dossier: Dossier, c: ControlePieces, completude: str) -> list[str]:
    """The « Titre et pièces » part of ``verifier``: the ANEF route, the checklist, and the completeness the
    deadlines rest on."""
    depot = dossier.demande.date_depot if depot_effectue(dossier) else None
    lignes = lignes_pieces(c)
    if c.titre is not None:
        lignes.insert(1, voie_anef(c.titre, depot))
    lignes.append(ligne_completude(completude, c, depot is not None))
    return lignes


def titre_as_dict(dossier: Dossier, c: ControlePieces, completude: str) -> dict[str, Any]:
    """The same for ``verifier --json``."""
    titre = c.titre
    return {
        "titre": dossier.demande.titre,
        "anef": titre.anef if titre else None,
        "anef_source": titre.anef_source if titre else None,
        "pieces": c.as_dict(),
        "completude": completude,
        "lignes": lignes_titre(dossier, c, completude),
        "depot_effectue": depot_effectue(dossier),
    }
