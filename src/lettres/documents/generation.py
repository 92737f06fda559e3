"""From one dossier to its output folder: the four documents, the e-mail drafts and the pièces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lettres.commandes import avec_fichier
from lettres.config import Configuration
from lettres.documents.contexte import Piece, build_context, number_pieces
from lettres.documents.courriel import Brouillon, alerte_taille, build_eml
from lettres.documents.habillage import Habillage
from lettres.documents.rendu import render_docx, render_text
from lettres.documents.sortie import folder_name, output_folder
from lettres.dossier import Dossier
from lettres.dossier.pieces import ReglePieces, read_piece
from lettres.erreurs import DocumentImpossible, PieceRefusee
from lettres.fichiers import write_new
from lettres.francais import date_lettre
from lettres.procedure.refere import compute_refere
from lettres.procedure.regles import alerte_texte, check_rules
from lettres.procedure.situation import Situation, compute_situation
from lettres.procedure.urgences import check_deadlines


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
        return (
            "la note d'orientation n'est pas produite : la personne n'a pas donné son accord à la transmission "
            "de son dossier à un tiers (à noter dans « lettres nouveau » : section « La note d'orientation »)"
        )
    if dossier.orientation is None:
        return (
            "la note d'orientation n'est pas produite : son destinataire (juriste, Défenseur des droits ou avocat) "
            "n'est pas indiqué (« lettres nouveau », section « La note d'orientation »)"
        )
    return None


def _prefecture_absent(dossier: Dossier, situation: Situation) -> str | None:
    """In ``rejet_implicite``, a letter asking for the substitution no longer fits: the route is the court."""
    e = situation.echeances
    if "rejet_implicite" not in situation.codes or e.rejet_implicite is None:
        return None
    fin = f" avant le {date_lettre(e.fin_recours)}" if e.fin_recours and not e.recours_expire else ""
    return (
        f"le courrier à la préfecture n'est pas produit : une décision implicite de rejet est née le "
        f"{date_lettre(e.rejet_implicite)}, et la voie est désormais un recours devant le tribunal administratif{fin}, "
        "avec un avocat ou une avocate (la note d'orientation le prépare) ; pour écrire quand même à la préfecture "
        "(motifs de la décision, réexamen), demandez-le avec --lettres prefecture"
    )


def _refere_absent(dossier: Dossier, situation: Situation) -> str | None:
    """Document 5 only when the situation allows it; otherwise why not and which route applies — said once
    the référé is in sight (letter to the préfecture sent) or another route applies (« verifier » always
    says where the référé stands)."""
    refere = compute_refere(dossier, situation)
    if refere.possible:
        return None
    if not refere.voie and situation.echeances.courrier_prefecture is None:
        return ""  # left out silently: the letter to the préfecture comes first
    phrase = refere.phrase()
    return f"le projet de requête en référé n'est pas produit — {phrase[:1].lower()}{phrase[1:-1]}"


def _read_pieces(pieces: list[Piece], base: Path, regle: ReglePieces | None) -> dict[str, bytes]:
    """Every pièce, read once it is known to come from the dossier's folder; all refusals in one message."""
    contenu, refus = {}, []
    for piece in pieces:
        chemin = piece.source.relative_to(base) if piece.source.is_relative_to(base) else piece.source
        try:
            contenu[piece.fichier] = read_piece(chemin, base, regle)
        except PieceRefusee as exc:
            refus.append(exc)
    if len(refus) == 1:
        raise refus[0]
    if refus:
        details = " ; ".join(e.message.rstrip(".") for e in refus[:3]) + (" ; …" if len(refus) > 3 else "")
        raise PieceRefusee(f"{len(refus)} pièces refusées : {details}.", refus[0].chemin)
    return contenu


AVERTISSEMENTS = {
    "orientation": "note d'orientation non produite",
    "prefecture": "courrier à la préfecture non produit (décision implicite de rejet)",
    "prefet_civilite": "préfet ou préfète non précisé",
    "refere": "projet de requête en référé non produit",
    "refere_force": "projet de requête en référé produit sur demande hors des conditions",
    "refere_courrier": "copie du courrier à la préfecture absente des pièces du référé",
    "tribunal_adresse": "adresse du tribunal administratif non renseignée",
    "telerecours_pdf": "pièces pour Télérecours non converties en PDF",
    "prefecture_courriel": "adresse électronique de la préfecture inconnue",
    "prefecture_adresse": "adresse postale du service des étrangers inconnue",
    "courriel_lourd": "brouillon de courriel de plus de 20 Mo",
}


def _avertissements(
    dossier: Dossier, ctx: dict, lettres: tuple[str, ...], situation: Situation
) -> list[tuple[str, str]]:
    notes = [(a.regle, alerte_texte(a)) for a in check_deadlines(dossier, situation)]
    if "prefecture" in lettres:
        # the same checks as « lettres verifier », before the letter that relies on them
        notes += [(a.regle, alerte_texte(a)) for a in check_rules(dossier)]
        if not ctx["prefecture"]["prefet_connu"]:
            code = ctx["prefecture"]["code"]
            notes.append(
                (
                    "prefet_civilite",
                    "Préfet ou préfète non précisé : le courrier s'adresse à « Madame la Préfète, Monsieur le Préfet ». "
                    f"Précisez-le dans le dossier (envoi.prefet_civilite) ou dans la configuration "
                    f"(prefectures.{code}.civilite).",
                )
            )
        if not ctx["prefecture"]["courriel"]:
            notes.append(
                (
                    "prefecture_courriel",
                    "Adresse électronique de la préfecture inconnue : le brouillon 2-courrier-prefecture.eml n'a pas de "
                    "destinataire. Indiquez-la dans « lettres config », menu « Une préfecture », pour tous vos "
                    "dossiers, ou dans le récapitulatif de « lettres nouveau » (« Adresse électronique de la "
                    "préfecture »).",
                )
            )
        if not ctx["prefecture"]["adresse_connue"]:
            notes.append(
                (
                    "prefecture_adresse",
                    "Adresse postale du service des étrangers inconnue : complétez le bloc destinataire du courrier, "
                    "ou indiquez-la avant l'envoi en recommandé : « lettres config », menu « Une préfecture », ou "
                    "récapitulatif de « lettres nouveau » (« Adresse postale du service des étrangers »).",
                )
            )
    return notes


def _signataire(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return [(ctx["expediteur"]["nom_complet"], ctx["expediteur"]["courriel"])]


def _auteur_note(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return [(ctx["expediteur_note"]["nom_complet"], ctx["expediteur_note"]["courriel"])]


def _copies(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    """Cc: the other party keeps a copy (the person when the accompagnant signs, and conversely)."""
    if dossier.signataire == "accompagnant":
        return [(ctx["personne"]["designation"], ctx["personne"]["courriel"])]
    acc = ctx["accompagnant"]
    return [(acc["nom_complet"], acc["courriel"])] if acc["present"] else []


def _nobody(dossier: Dossier, ctx: dict) -> list[tuple[str, str]]:
    return []


Adresses = Callable[[Dossier, dict], list[tuple[str, str]]]


@dataclass(frozen=True)
class Document:
    """One document of the table: its Word template, its e-mail draft and what the draft carries.

    ``joints`` names the attachments: ``lettre`` (this document's .docx), ``bordereau``, ``pieces``
    (every numbered pièce) or ``captures`` (the screenshots only)."""

    code: str
    docx: str | None = None
    courriel: str | None = None  # prefix of email/PREFIX.objet.txt and email/PREFIX.corps.txt
    texte: bool = False  # also a .txt of the message (to paste in a web form)
    a: Adresses = _nobody
    cc: Adresses = _nobody
    de: Adresses = _signataire
    joints: tuple[str, ...] = ()
    avec_pieces: bool = False  # needs the bordereau and the pieces/ folder
    # why the document is left out unless asked for by name (``--lettres``), given the situation
    absent_si: Callable[[Dossier, Situation], str | None] | None = None


DOCUMENTS: tuple[Document, ...] = (
    Document(
        "dgef",
        courriel="1-signalement-dgef",
        texte=True,
        cc=_copies,
        joints=("captures",),
        a=lambda d, ctx: [(ctx["contacts"]["dgef_support"]["libelle"], ctx["contacts"]["dgef_support"]["courriel"])],
    ),
    Document(
        "prefecture",
        docx="2-courrier-prefecture.docx",
        courriel="2-courrier-prefecture",
        cc=_copies,
        joints=("lettre", "bordereau", "pieces"),
        avec_pieces=True,
        a=lambda d, ctx: [(ctx["prefecture"]["nom"], ctx["prefecture"]["courriel"])],
        absent_si=_prefecture_absent,
    ),
    Document(
        "orientation",
        docx="3-note-orientation.docx",
        courriel="3-note-orientation",
        de=_auteur_note,
        joints=("lettre", "bordereau"),
        avec_pieces=True,
        a=lambda d, ctx: [
            (ctx["orientation"]["nom"] or ctx["orientation"]["structure"], ctx["orientation"]["courriel"])
        ],
    ),
    Document("bordereau", docx="bordereau-pieces.docx", avec_pieces=True),
    Document("refere", docx="4-refere-mesures-utiles.docx", avec_pieces=True, absent_si=_refere_absent),
)
LETTRES = tuple(d.code for d in DOCUMENTS)
TEMPLATES_DOCX = tuple(d.docx for d in DOCUMENTS if d.docx)
BORDEREAU = next(d for d in DOCUMENTS if d.code == "bordereau")


def _chosen(
    dossier: Dossier, lettres: tuple[str, ...] | None, situation: Situation
) -> tuple[list[Document], list[tuple[str, str]]]:
    """The documents to write, and the warnings for those left out by default (asked for explicitly, a
    document left out by default is written; one that cannot be written is an error)."""
    avertissements: list[tuple[str, str]] = []
    refus = _orientation_refusal(dossier)
    if lettres is None:
        retenus = []
        for document in DOCUMENTS:
            raison = refus if document.code == "orientation" else None
            raison = raison or (document.absent_si(dossier, situation) if document.absent_si else None)
            if raison:
                avertissements.append((document.code, raison[0].upper() + raison[1:] + "."))
            elif raison is None:
                retenus.append(document.code)
        lettres = tuple(retenus)
    elif "orientation" in lettres and refus:
        raise DocumentImpossible(refus[0].upper() + refus[1:] + ".")
    documents = [d for d in DOCUMENTS if d.code in lettres]
    if any(d.avec_pieces for d in documents) and BORDEREAU not in documents:
        documents.append(BORDEREAU)
    # the bordereau first: the other drafts attach it
    documents.sort(key=lambda d: d is not BORDEREAU)
    return documents, avertissements


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
    regle: ReglePieces | None = None,
) -> Resultat:
    """Render everything in memory, then write the output folder in one step (nothing half-done)."""
    aujourd_hui = aujourd_hui or date.today()
    situation = compute_situation(dossier, aujourd_hui)
    documents, avertissements = _chosen(dossier, lettres, situation)
    pieces = number_pieces(dossier, base)
    contenu_pieces = _read_pieces(pieces, base, regle)
    habillage = habillage or Habillage()
    ctx = build_context(dossier, aujourd_hui, base, habillage, situation, pieces)
    captures = {c["fichier"] for c in ctx["captures"]}

    fichiers: dict[str, bytes] = {}
    a_convertir: list[str] | None = None  # the référé's Télérecours files, once it is produced
    if any(d.code == "refere" for d in documents):
        from lettres.documents.telerecours import prepare_refere

        telerecours, a_convertir, notes = prepare_refere(
            dossier, situation, ctx, pieces, contenu_pieces, aujourd_hui, lettres is not None
        )
        fichiers.update(telerecours)
        avertissements += notes
    for document in documents:
        if document.avec_pieces and "pieces/" not in "".join(fichiers):
            fichiers.update({f"pieces/{nom}": data for nom, data in contenu_pieces.items()})
        if document.docx:
            fichiers[document.docx] = render_docx(document.docx, ctx, habillage.modeles, habillage.logo)
            if document.code == "refere":  # the requête itself is filed on Télérecours with its pièces
                fichiers[f"pieces-telerecours/{ctx['refere']['fichier'].rsplit('.', 1)[0]}.docx"] = fichiers[
                    document.docx
                ]
        if document.courriel:
            objet = render_text(f"{document.courriel}.objet.txt", ctx, habillage.modeles).strip()
            corps = render_text(f"{document.courriel}.corps.txt", ctx, habillage.modeles)
            if document.texte:
                fichiers[f"{document.courriel}.txt"] = f"Objet : {objet}\n\n{corps}".encode()
            joints: list[tuple[str, bytes]] = []
            for joint in document.joints:
                if joint == "lettre" and document.docx:
                    joints.append((document.docx, fichiers[document.docx]))
                elif joint == "bordereau":
                    joints.append((BORDEREAU.docx or "", fichiers[BORDEREAU.docx or ""]))
                else:
                    joints += [
                        (nom, data) for nom, data in contenu_pieces.items() if joint == "pieces" or nom in captures
                    ]
            fichiers[f"{document.courriel}.eml"] = build_eml(
                Brouillon(
                    objet=objet,
                    corps=corps,
                    a=document.a(dossier, ctx),
                    cc=document.cc(dossier, ctx),
                    de=next(iter(document.de(dossier, ctx)), None),
                    pieces_jointes=joints,
                )
            )
    avertissements += _avertissements(dossier, ctx, tuple(d.code for d in documents), situation)
    avertissements += [
        ("courriel_lourd", alerte)
        for nom, data in fichiers.items()
        if nom.endswith(".eml") and (alerte := alerte_taille(nom, data))
    ]

    cible = sortie / (nom_dossier or folder_name(aujourd_hui, dossier.personne.nom, dossier.personne.prenoms))
    with output_folder(cible, force=force) as staging:
        for fichier, data in fichiers.items():
            write_new(staging / fichier, data, sync)
    noms = sorted(fichiers)
    if a_convertir is not None:
        from lettres.documents.telerecours import DOSSIER, finish_telerecours

        final, note = finish_telerecours(cible, a_convertir, ctx["refere"]["fichier"].endswith(".pdf"))
        noms = sorted([n for n in noms if not n.startswith(f"{DOSSIER}/")] + final)
        if note:
            avertissements.append(("telerecours_pdf", note))
    return Resultat(cible, noms, [t for _, t in avertissements], [c for c, _ in avertissements])


def generate_file(
    path: Path,
    config: Configuration,
    sortie: Path | None = None,
    lettres: tuple[str, ...] | None = None,
    force: bool = False,
    aujourd_hui: date | None = None,
    modeles: Path | None = None,
    pieces_hors_dossier: tuple[Path, ...] = (),
) -> Resultat:
    """``lettres generer``: the dossier file completed by the configuration, dressed by the structure."""
    from lettres.config import load_dossier_configured
    from lettres.documents.habillage import habillage_from

    habillage = habillage_from(config, modeles)
    dossier = load_dossier_configured(path, config)
    resultat = generate(
        dossier,
        path.resolve().parent,
        sortie or config.sortie,
        lettres,
        force,
        aujourd_hui,
        habillage=habillage,
        regle=config.pieces.avec(*pieces_hors_dossier),
    )
    # the advice names the command to type: with this dossier's own file
    resultat.avertissements = [avec_fichier(a, path) for a in resultat.avertissements]
    return resultat
