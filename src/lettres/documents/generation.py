"""From one dossier to its output folder: the four documents, the e-mail drafts and the pièces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lettres.documents.contexte import Piece, build_context, number_pieces
from lettres.documents.courriel import Brouillon, build_eml
from lettres.dossier.schema import Dossier
from lettres.erreurs import DocumentImpossible, FichierIntrouvable
from lettres.documents.habillage import Habillage
from lettres.procedure.verification import alerte_texte, check_rules
from lettres.documents.rendu import render_docx, render_text
from lettres.fichiers import folder_name, output_folder, write_atomic

LETTRES = ("dgef", "prefecture", "orientation", "bordereau")
TEMPLATES_DOCX = ("2-courrier-prefecture.docx", "3-note-orientation.docx", "bordereau-pieces.docx")


@dataclass
class Resultat:
    """What one generation produced, and what the user should know before sending."""

    dossier: Path
    fichiers: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # the kind of each warning, for batch summaries


def parse_lettres(texte: str | None) -> tuple[str, ...] | None:
    """``dgef,prefecture`` → ('dgef', 'prefecture'); None means every letter."""
    if texte is None:
        return None
    choix = tuple(dict.fromkeys(t.strip().lower() for t in texte.split(",") if t.strip()))
    inconnues = [c for c in choix if c not in LETTRES]
    if inconnues or not choix:
        raise DocumentImpossible(
            f"Lettre inconnue : {', '.join(inconnues) or '(aucune)'} ; valeurs possibles : {', '.join(LETTRES)}."
        )
    return choix


def _orientation_refusal(dossier: Dossier) -> str | None:
    if not dossier.consentement.transmission_tiers:
        return ("la note d'orientation n'est pas produite : la personne n'a pas donné son accord à la transmission "
                "de son dossier à un tiers (consentement.transmission_tiers doit valoir oui)")
    if dossier.orientation is None:
        return ("la note d'orientation n'est pas produite : la section « orientation » (vers juriste, delegue_ddd "
                "ou avocat) manque dans le dossier")
    return None


def _check_pieces(pieces: list[Piece]) -> None:
    manquantes = [str(p.source) for p in pieces if not p.source.is_file()]
    if manquantes:
        liste = ", ".join(f"« {m} »" for m in manquantes[:5]) + (" …" if len(manquantes) > 5 else "")
        raise FichierIntrouvable(
            f"Pièce introuvable : {liste}. Les chemins des pièces sont relatifs au fichier du dossier ; "
            "corrigez-les ou retirez ces pièces."
        )


AVERTISSEMENTS = {
    "orientation": "note d'orientation non produite",
    "prefecture_courriel": "adresse électronique de la préfecture inconnue",
    "prefecture_adresse": "adresse postale du service des étrangers inconnue",
}


def _avertissements(dossier: Dossier, ctx: dict, lettres: tuple[str, ...]) -> list[tuple[str, str]]:
    notes = []
    if "prefecture" in lettres:
        # the same checks as « lettres verifier », before the letter that relies on them
        notes += [(a.regle, alerte_texte(a)) for a in check_rules(dossier)]
        if not ctx["prefecture"]["courriel"]:
            notes.append(("prefecture_courriel",
                "Adresse électronique de la préfecture inconnue : le brouillon 2-courrier-prefecture.eml n'a pas de "
                "destinataire. Renseignez envoi.prefecture_courriel dans le dossier."))
        if not ctx["prefecture"]["adresse_connue"]:
            notes.append(("prefecture_adresse",
                "Adresse postale du service des étrangers inconnue : complétez le bloc destinataire du courrier, "
                "ou renseignez envoi.prefecture_adresse dans le dossier, avant l'envoi en recommandé."))
    return notes


def _signataire_address(ctx: dict) -> tuple[str, str]:
    return (ctx["expediteur"]["nom_complet"], ctx["expediteur"]["courriel"])


def _copies(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    """Cc: the other party keeps a copy (the person when the accompagnant signs, and conversely)."""
    if dossier.signataire == "accompagnant":
        return [(ctx["personne"]["designation"], ctx["personne"]["courriel"])]
    acc = ctx["accompagnant"]
    return [(acc["nom_complet"], acc["courriel"])] if acc["present"] else []


def generate(
    dossier: Dossier,
    base: Path,
    sortie: Path,
    lettres: tuple[str, ...] | None = None,
    force: bool = False,
    aujourd_hui: date | None = None,
    nom_dossier: str | None = None,
    sync: bool = True,
    habillage: Habillage | None = None,
) -> Resultat:
    """Render everything in memory, then write the output folder in one step (nothing half-done)."""
    aujourd_hui = aujourd_hui or date.today()
    avertissements: list[tuple[str, str]] = []
    refus = _orientation_refusal(dossier)
    if lettres is None:
        lettres = tuple(l for l in LETTRES if not (l == "orientation" and refus))
        if refus:
            avertissements.append(("orientation", refus[0].upper() + refus[1:] + "."))
    elif "orientation" in lettres and refus:
        raise DocumentImpossible(refus[0].upper() + refus[1:] + ".")
    pieces = number_pieces(dossier, base)
    _check_pieces(pieces)

    habillage = habillage or Habillage()
    ctx = build_context(dossier, aujourd_hui, base, habillage)

    def docx(name: str) -> bytes:
        return render_docx(name, ctx, habillage.modeles, habillage.logo)

    def mail(prefix: str) -> tuple[str, str]:
        objet = render_text(f"{prefix}.objet.txt", ctx, habillage.modeles).strip()
        return objet, render_text(f"{prefix}.corps.txt", ctx, habillage.modeles)

    contenu_pieces = {p.fichier: p.source.read_bytes() for p in pieces}
    fichiers: dict[str, bytes] = {}
    avec_bordereau = any(l in lettres for l in ("prefecture", "orientation", "bordereau"))
    if avec_bordereau:
        fichiers["bordereau-pieces.docx"] = docx("bordereau-pieces.docx")
        for nom, data in contenu_pieces.items():
            fichiers[f"pieces/{nom}"] = data
    if "dgef" in lettres:
        objet, corps = mail("1-signalement-dgef")
        fichiers["1-signalement-dgef.txt"] = f"Objet : {objet}\n\n{corps}".encode("utf-8")
        dgef = ctx["contacts"]["dgef_support"]
        fichiers["1-signalement-dgef.eml"] = build_eml(Brouillon(
            objet=objet, corps=corps, a=[(dgef["libelle"], dgef["courriel"])], cc=_copies(dossier, ctx),
            de=_signataire_address(ctx),
            pieces_jointes=[(c["fichier"], contenu_pieces[c["fichier"]]) for c in ctx["captures"]],
        ))
    if "prefecture" in lettres:
        lettre = docx("2-courrier-prefecture.docx")
        fichiers["2-courrier-prefecture.docx"] = lettre
        objet, corps = mail("2-courrier-prefecture")
        prefecture = ctx["prefecture"]
        fichiers["2-courrier-prefecture.eml"] = build_eml(Brouillon(
            objet=objet, corps=corps, a=[(prefecture["nom"], prefecture["courriel"])], cc=_copies(dossier, ctx),
            de=_signataire_address(ctx),
            pieces_jointes=[("2-courrier-prefecture.docx", lettre), ("bordereau-pieces.docx", fichiers["bordereau-pieces.docx"]),
                            *contenu_pieces.items()],
        ))
    if "orientation" in lettres:
        note = docx("3-note-orientation.docx")
        fichiers["3-note-orientation.docx"] = note
        objet, corps = mail("3-note-orientation")
        orientation = ctx["orientation"]
        expediteur = ctx["expediteur_note"]
        fichiers["3-note-orientation.eml"] = build_eml(Brouillon(
            objet=objet, corps=corps,
            a=[(orientation["nom"] or orientation["structure"], orientation["courriel"])],
            de=(expediteur["nom_complet"], expediteur["courriel"]),
            pieces_jointes=[("3-note-orientation.docx", note), ("bordereau-pieces.docx", fichiers["bordereau-pieces.docx"])],
        ))
    avertissements += _avertissements(dossier, ctx, lettres)

    cible = sortie / (nom_dossier or folder_name(aujourd_hui, dossier.personne.nom, dossier.personne.prenoms))
    with output_folder(cible, force=force) as staging:
        for fichier, data in fichiers.items():
            write_atomic(staging / fichier, data, sync)
    return Resultat(cible, sorted(fichiers), [t for _, t in avertissements], [c for c, _ in avertissements])
