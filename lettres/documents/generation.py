"""From one dossier to its output folder: the documents of the table, the e-mail drafts and the pièces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lettres.config import Configuration
from lettres.documents.avertissements import Avertissement
from lettres.documents.contexte import Piece, build_context, number_pieces
from lettres.documents.courriel import Brouillon, alerte_taille, build_eml
from lettres.documents.habillage import Habillage
from lettres.documents.rendu import render_docx, render_text
from lettres.documents.requete import FichiersRefere, prepare_refere
from lettres.documents.sortie import dossier_folder_name, folder_name, output_folder
from lettres.documents.table import (
    BORDEREAU,
    DOCUMENTS,
    LETTRES,
    REFERE,
    TEMPLATES_DOCX,
    Document,
    choose_documents,
    parse_lettres,
)
from lettres.documents.telerecours import DOSSIER as DOSSIER_TELERECOURS
from lettres.documents.telerecours import finish_telerecours, requete_name
from lettres.documents.typographie import typographie
from lettres.dossier import Dossier
from lettres.dossier.pieces import ReglePieces, read_piece
from lettres.dossier.valeurs import nom_ecrit
from lettres.erreurs import PieceRefusee
from lettres.fichiers import write_new
from lettres.jour import date_du_jour
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.analyse import Analyse, analyser
from lettres.procedure.regles import missing_pieces
from lettres.referentiel import charger_referentiel

# the table of documents, for the callers that knew it here (commands, web, batches, tests)
__all__ = [
    "DOCUMENTS",
    "LETTRES",
    "TEMPLATES_DOCX",
    "Avertissement",
    "Resultat",
    "generate",
    "generate_file",
    "parse_lettres",
]


@dataclass
class Resultat:
    """What one generation produced, and what the user should know before sending (each door phrases the
    warnings)."""

    dossier: Path
    fichiers: list[str] = field(default_factory=list)
    avertissements: list[Avertissement] = field(default_factory=list)
    archive: Path | None = None  # where the documents an earlier run wrote in the same folder were moved
    analyse: Analyse | None = None  # the dossier's analysis the documents were written from
    source: Path | None = None  # the dossier's file, for the doors that name it in their advice

    @property
    def codes(self) -> list[str]:
        """The kind of each warning, for batch summaries."""
        return [a.code for a in self.avertissements]


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
    "territoire": "particularités du territoire (outre-mer, tribunal à vérifier) : relecture par un ou une juriste",
    "refere": "projet de requête en référé non produit",
    "refere_force": "projet de requête en référé produit sur demande hors des conditions",
    "refere_courrier": "copie du courrier à la préfecture absente des pièces du référé",
    "refere_rejet": "décision implicite de rejet proche : référé à déposer avant",
    "refere_reception": "date de l'avis de réception non enregistrée : référé produit d'après la date d'envoi",
    "refere_capture": "dernière capture de l'espace ANEF ancienne : en ajouter une du jour du dépôt",
    "tribunal_adresse": "adresse du tribunal administratif non renseignée",
    "telerecours_pdf": "pièces pour Télérecours non converties en PDF",
    "prefecture_courriel": "adresse électronique de la préfecture inconnue",
    "prefecture_adresse": "adresse postale du service des étrangers inconnue",
    "courriel_lourd": "brouillon de courriel de plus de 20 Mo",
}


def _avertissements(analyse: Analyse, lettres: tuple[str, ...]) -> list[Avertissement]:
    """The dated alerts, the territory's, and before letter 2 the rules it relies on and what its recipient
    block lacks."""
    destinataire = analyse.destinataire
    notes = [Avertissement(a.regle, alerte=a) for a in analyse.alertes_delais]
    notes += [
        Avertissement("territoire", texte.removesuffix("."))
        for texte in charger_referentiel().avertissements_prefecture(destinataire.code)
    ]
    if "prefecture" not in lettres:
        # without letter 2, the note and the requête still rest on the démarches' proof: each one without its file
        notes += [Avertissement(a.regle, alerte=a) for a in missing_pieces(analyse.dossier)]
    if "prefecture" in lettres:
        # the same checks as the dossier's verification, before the letter that relies on them
        notes += [Avertissement(a.regle, alerte=a) for a in analyse.alertes_regles]
        if not destinataire.prefet_connu:
            notes.append(
                Avertissement(
                    "prefet_civilite",
                    "Préfet ou préfète non précisé : le courrier s'adresse à « Madame la Préfète, Monsieur le Préfet »",
                    action=Action(Quoi.PREFECTURE, valeur=destinataire.code, champ="civilite"),
                )
            )
        if not destinataire.courriel:
            notes.append(
                Avertissement(
                    "prefecture_courriel",
                    "Adresse électronique de la préfecture inconnue : le brouillon 2-courrier-prefecture.eml n'a pas de "
                    "destinataire",
                    action=Action(Quoi.PREFECTURE, valeur=destinataire.code, champ="courriel"),
                )
            )
        if not destinataire.adresse:
            notes.append(
                Avertissement(
                    "prefecture_adresse",
                    "Adresse postale du service des étrangers inconnue : complétez le bloc destinataire du courrier",
                    action=Action(Quoi.PREFECTURE, valeur=destinataire.code, champ="adresse"),
                )
            )
    return notes


def _ecrit(nom: str, famille: bool) -> str:
    # a name typed all in lower case is what the door would have normalised; any other spelling is kept as is
    return nom_ecrit(nom, famille) if nom.islower() else nom


def noms_ecrits(dossier: Dossier) -> Dossier:
    """Names as the letters write them, whatever door wrote the file (a spreadsheet, a hand-written YAML): a
    family name typed in lower case in capitals, given names with a capital each — never « Madame fatou
    camara » beside « Mme CAMARA »."""
    p, a = dossier.personne, dossier.accompagnant
    update: dict = {"personne": p.model_copy(update={"nom": _ecrit(p.nom, True), "prenoms": _ecrit(p.prenoms, False)})}
    if a is not None:
        update["accompagnant"] = a.model_copy(update={"nom": _ecrit(a.nom, True), "prenom": _ecrit(a.prenom, False)})
    return dossier.model_copy(update=update)


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
    analyse: Analyse | None = None,
    garder_les_autres: bool = False,
) -> Resultat:
    """Render everything in memory, then write the output folder in one step (nothing half-done).
    ``analyse``: the dossier's analysis at ``aujourd_hui``, when the caller has it already;
    ``garder_les_autres``: with ``force``, the day's documents not written again stay in place."""
    aujourd_hui = aujourd_hui or date_du_jour()
    dossier = noms_ecrits(dossier)
    analyse = analyse or analyser(dossier, aujourd_hui)
    documents, avertissements = choose_documents(analyse, lettres)
    pieces = number_pieces(dossier, base)
    contenu_pieces = _read_pieces(pieces, base, regle)
    habillage = habillage or Habillage()
    courrier_du_jour = any(d.code == "prefecture" for d in documents)
    refere_du_jour = any(d.code == "refere" for d in documents)
    ctx = build_context(dossier, aujourd_hui, base, habillage, analyse, pieces, courrier_du_jour, refere_du_jour)
    if not pieces and "bordereau" not in (lettres or ()):
        # nothing enclosed, nothing to list: no bordereau written (the pièces of the demande gathered but not
        # enclosed are named by the note), none announced or attached
        documents = [d for d in documents if d is not BORDEREAU]
    refere = _refere_files(documents, analyse, pieces, contenu_pieces, lettres is not None)
    fichiers = dict(refere.fichiers) if refere else {}
    pdf = refere.pdf if refere else False
    if refere:
        ctx["refere"] = refere.contexte  # the requête's words, with the final names of its pièces
        avertissements += refere.avertissements
    captures = {p.fichier for p in pieces if p.nature == "capture_ecran"}
    fichiers.update(_render(documents, dossier, ctx, habillage, contenu_pieces, captures, pdf))
    avertissements += _avertissements(analyse, tuple(d.code for d in documents))
    avertissements += [
        Avertissement("courriel_lourd", alerte.removesuffix("."))
        for nom, data in fichiers.items()
        if nom.endswith(".eml") and (alerte := alerte_taille(nom, data))
    ]

    cible = sortie / (nom_dossier or folder_name(aujourd_hui, dossier.personne.nom, dossier.personne.prenoms))
    gardes: list[Path] = []
    noms = _write_folder(cible, fichiers, force, sync, gardes, garder_les_autres)
    if refere is not None:
        noms, note = _finish_refere(cible, noms, refere.a_convertir, pdf)
        if note:
            avertissements.append(Avertissement("telerecours_pdf", note.removesuffix(".")))
    return Resultat(cible, noms, avertissements, gardes[0] if gardes else None, analyse)


def _refere_files(
    documents: list[Document],
    analyse: Analyse,
    pieces: list[Piece],
    contenu_pieces: dict[str, bytes],
    demande: bool,
) -> FichiersRefere | None:
    """The référé's files for Télérecours, its words and its warnings (None when the référé is not among the
    documents)."""
    if not any(d.code == "refere" for d in documents):
        return None
    return prepare_refere(analyse, pieces, contenu_pieces, demande)


def _render(
    documents: list[Document],
    dossier: Dossier,
    ctx: dict,
    habillage: Habillage,
    contenu_pieces: dict[str, bytes],
    captures: set[str],
    pdf: bool,
) -> dict[str, bytes]:
    """Every document of the table in memory: its .docx, its draft, the pieces/ folder when one needs it
    (``captures``: the screenshots' file names; ``pdf``: the référé's files become PDF)."""
    fichiers: dict[str, bytes] = {}
    # the note last: its draft carries the draft requête when the note asks for its review, and the préfecture
    # letter written with it
    for document in sorted(documents, key=lambda d: d.code == "orientation"):
        if document.code == "orientation" and any(nom in COURRIERS_PREFECTURE for nom in fichiers):
            ctx = {**ctx, "note": {**ctx["note"], "courrier_joint": True}}
        if document.avec_pieces:  # the same files for each document that needs them
            fichiers.update({f"pieces/{nom}": data for nom, data in contenu_pieces.items()})
        if document.docx:
            fichiers.update(_word(document, ctx, habillage, pdf))
        if document.courriel:
            joints = _attachments(document, fichiers, contenu_pieces, captures, ctx["note"]["refere_joint"])
            fichiers.update(_draft(document, document.courriel, dossier, ctx, habillage, joints))
    return fichiers


# the préfecture letter as this run may write it: the letter, or its relance
COURRIERS_PREFECTURE = ("2-courrier-prefecture.docx", "2-relance-prefecture.docx")


def _pj_note(ctx: dict) -> str:
    """The note's « P. J. » line: the bordereau (when the dossier has pièces), the préfecture letter written with
    it, the draft requête — each only when its e-mail attaches it; without a bordereau, the line still names the
    letter (« P. J. : courrier à la préfecture du 7 décembre 2026 »)."""
    # built from the count, never from the line already typeset (its « : » follows a non-breaking space)
    joints = [f"bordereau de pièces ({ctx['nombre_pieces']})"] if ctx["nombre_pieces"] else []
    if ctx["note"].get("courrier_joint"):
        joints.append(f"courrier à la préfecture du {ctx['aujourd_hui']}")
    if ctx["note"]["refere_joint"]:
        joints.append("projet de requête en référé")
    return typographie(f"P. J. : {' ; '.join(joints)}") if joints else ""


def _word(document: Document, ctx: dict, habillage: Habillage, pdf: bool) -> dict[str, bytes]:
    """The document's .docx (and, for the référé, its copy among the files for Télérecours)."""
    assert document.docx
    if document.code == "prefecture" and ctx["situation"].get("rejet_implicite"):
        # the request for the reasons of a decision: the account of the ANEF blockage has no place in it
        ctx = {**ctx, "blocage": {**ctx["blocage"], "description": ""}}
    if document.code == "orientation":
        ctx = {**ctx, "pj": _pj_note(ctx)}
    data = render_docx(document.docx, ctx, habillage.modeles, habillage.logo)
    fichiers = {document.fichier_docx or document.docx: data}
    if document.code == "refere":  # the requête itself is filed on Télérecours with its pièces
        brouillon = ctx["refere"].get("brouillon", True)
        if not brouillon:  # nothing left to complete: the copy to file carries no draft banner
            propre = {**ctx["refere"], "projet": "", "pied": ""}
            data = render_docx(document.docx, {**ctx, "refere": propre}, habillage.modeles, habillage.logo)
        fichiers[f"{DOSSIER_TELERECOURS}/{requete_name(pdf, brouillon).rsplit('.', 1)[0]}.docx"] = data
    return fichiers


def _attachments(
    document: Document,
    fichiers: dict[str, bytes],
    contenu_pieces: dict[str, bytes],
    captures: set[str],
    refere_joint: bool = False,
) -> list[tuple[str, bytes]]:
    """What the draft carries, in the order of ``document.joints`` (the .docx already rendered; ``refere_joint``:
    the note asks for the review of the draft requête written with it)."""
    joints: list[tuple[str, bytes]] = []
    for joint in document.joints:
        if joint == "lettre" and document.fichier_docx:
            joints.append((document.fichier_docx, fichiers[document.fichier_docx]))
        elif joint == "courrier":  # the préfecture letter written in the same run (or its relance)
            joints += [(nom, data) for nom, data in fichiers.items() if nom in COURRIERS_PREFECTURE]
        elif joint == "refere":
            if refere_joint and REFERE.docx in fichiers:
                joints.append((REFERE.docx, fichiers[REFERE.docx]))
        elif joint == "bordereau":
            if contenu_pieces and BORDEREAU.docx:  # none without any pièce, even when written on demand
                joints.append((BORDEREAU.docx, fichiers[BORDEREAU.docx]))
        else:
            joints += [(nom, data) for nom, data in contenu_pieces.items() if joint == "pieces" or nom in captures]
    return joints


def _draft(
    document: Document,
    prefixe: str,
    dossier: Dossier,
    ctx: dict,
    habillage: Habillage,
    joints: list[tuple[str, bytes]],
) -> dict[str, bytes]:
    """The e-mail draft (.eml) of a document, and its text alone (.txt) when the table asks for it."""
    objet = render_text(f"{prefixe}.objet.txt", ctx, habillage.modeles).strip()
    corps = render_text(f"{prefixe}.corps.txt", ctx, habillage.modeles)
    nom = document.fichier_courriel or prefixe
    fichiers = {f"{nom}.txt": f"Objet : {objet}\n\n{corps}".encode()} if document.texte else {}
    fichiers[f"{nom}.eml"] = build_eml(
        Brouillon(
            objet=objet,
            corps=corps,
            a=document.a(dossier, ctx),
            cc=document.cc(dossier, ctx),
            de=next(iter(document.de(dossier, ctx)), None),
            pieces_jointes=joints,
        )
    )
    return fichiers


def _write_folder(
    cible: Path,
    fichiers: dict[str, bytes],
    force: bool,
    sync: bool,
    gardes: list[Path] | None = None,
    garder_les_autres: bool = False,
) -> list[str]:
    """Every file into the output folder, in one step (staging folder renamed when complete); what the
    folder held is kept in its ``archives/`` (added to ``gardes``), only what is replaced with
    ``garder_les_autres``."""
    with output_folder(cible, force=force, gardes=gardes, garder_les_autres=garder_les_autres) as staging:
        for fichier, data in fichiers.items():
            write_new(staging / fichier, data, sync)
    return sorted(fichiers)


def _finish_refere(cible: Path, noms: list[str], a_convertir: list[str], pdf: bool) -> tuple[list[str], str | None]:
    """The Télérecours files converted to PDF where LibreOffice can; the names listed are the final ones."""
    final, note = finish_telerecours(cible, a_convertir, pdf)
    return sorted([n for n in noms if not n.startswith(f"{DOSSIER_TELERECOURS}/")] + final), note


def generate_file(
    path: Path,
    config: Configuration,
    sortie: Path | None = None,
    lettres: tuple[str, ...] | None = None,
    force: bool = False,
    aujourd_hui: date | None = None,
    modeles: Path | None = None,
    pieces_hors_dossier: tuple[Path, ...] = (),
    garder_les_autres: bool = False,
) -> Resultat:
    """One dossier file's documents: the dossier completed by the configuration, dressed by the structure
    (``garder_les_autres``: see ``generate``)."""
    from lettres.config import load_dossier_configured
    from lettres.documents.habillage import habillage_from

    habillage = habillage_from(config, modeles)
    dossier = load_dossier_configured(path, config)
    jour = aujourd_hui or date_du_jour()
    resultat = generate(
        dossier,
        path.resolve().parent,
        sortie or config.sortie,
        lettres,
        force,
        aujourd_hui,
        # keyed by the dossier file, not by the name: homonyms never share (nor replace) a folder
        nom_dossier=dossier_folder_name(jour, dossier.personne.nom, dossier.personne.prenoms, path),
        habillage=habillage,
        regle=config.pieces.avec(*pieces_hors_dossier),
        garder_les_autres=garder_les_autres,
    )
    resultat.source = path
    return resultat
