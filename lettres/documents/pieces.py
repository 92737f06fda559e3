"""The pièces of a dossier, numbered once in one sequence: identity and status first, then the démarches
in chronological order, then the letters showing the harm and the signed mandate (bordereau, pieces/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lettres.documents import piece_refusee
from lettres.documents.paragraphes import sur_une_ligne
from lettres.documents.typographie import elide
from lettres.dossier import Demarche, Dossier
from lettres.francais import ascii_slug, date_lettre, du_au
from lettres.jour import date_du_jour
from lettres.procedure.delais import courrier_prefecture_envoye
from lettres.referentiel import charger_referentiel

# (key of « justificatifs », label in the bordereau, file name); before or after the démarches
JUSTIFICATIFS_AVANT = (
    ("titre_sejour", "Titre de séjour", "titre-sejour"),
    ("document_provisoire", "Document provisoire : API ou récépissé", "document-provisoire"),
    ("passeport", "Passeport", "passeport"),
    ("attestation_depot", "Attestation de dépôt de la demande sur l'ANEF", "attestation-depot"),
    ("demande_piece", "Demande de pièce de la préfecture", "demande-piece"),
    ("piece_a_transmettre", "Pièce à transmettre par une autre voie que le téléservice", "piece-a-transmettre"),
)
PROVISOIRES = {
    "api": "Attestation de prolongation de l'instruction",
    "recepisse": "Récépissé de demande de titre de séjour",
}
# the one letter showing the harm, named by what the dossier's « consequences » says it is (first match)
CONSEQUENCES = (
    (re.compile(r"promesse d.embauche", re.IGNORECASE), "Promesse d'embauche"),
    (re.compile(r"offre d.emploi", re.IGNORECASE), "Offre d'emploi"),
    (re.compile(r"france travail", re.IGNORECASE), "Courrier de France Travail"),
    (re.compile(r"\bCAF\b"), "Courrier de la caisse d'allocations familiales"),
    (re.compile(r"courrier.*employeur|employeur.*courrier", re.IGNORECASE), "Courrier de l'employeur"),
)
JUSTIFICATIFS_APRES = (
    ("consequences", "Courrier montrant les conséquences du blocage", "consequences"),
    ("mandat", "Mandat ou accord signé de la personne", "mandat"),
)


@dataclass(frozen=True)
class Piece:
    """One pièce of the bordereau: its number, its source file and its new ASCII name."""

    numero: int
    source: Path
    fichier: str
    demarche: Demarche | None  # None for an identity or status pièce
    libelle: str
    date: date | None = None
    nature: str = ""  # the démarche type, or the key of « justificatifs »


# what a démarche's detail may repeat of its type's label (« Appel à l'assistance ANEF — Appel à l'assistance
# ANEF (0 806 001 620) »): removed, so that the type is said once; a group named « garde » stays (« Nouvelle
# demande de rendez-vous en ligne » → « Nouvelle demande en ligne »)
REDITES: dict[str, tuple[re.Pattern[str], ...]] = {
    "appel_anef": (
        re.compile(r"^appel à l'assistance ANEF\b", re.IGNORECASE),
        re.compile(r"^appel (au|du)\s+(?=[\d+(])", re.IGNORECASE),  # « Appel au 0 806 001 620 » → the number
    ),
    "formulaire_contact": (
        re.compile(r"^formulaire(\s+de contact)?\s+«\s*nous contacter\s*»(\s+du centre de contact citoyen)?", re.I),
        re.compile(r"\s*(par|via) le formulaire\s+«\s*nous contacter\s*»", re.IGNORECASE),
    ),
    "courriel_dgef": (re.compile(r"\s*au support ANEF de la DGEF\b", re.IGNORECASE),),
    "courrier_prefecture": (
        re.compile(r"^(lettre|courrier)(\s+recommandée?)?(\s+(adressée?\s+)?à la préfecture)?\b", re.IGNORECASE),
    ),
    "courriel_prefecture": (re.compile(r"^courriel(\s+(adressé\s+)?à la préfecture)?\b", re.IGNORECASE),),
    "demande_rdv": (
        re.compile(r"^(?:(?P<garde>nouvelle)\s+)?demande de rendez-vous(\s+«\s*blocage ANEF\s*»)?", re.IGNORECASE),
    ),
    "appel_pan": (
        re.compile(r"^appel (au|du) (point d'accueil numérique|PAN)(\s+\(PAN\))?(\s+de la préfecture)?\b", re.I),
    ),
    "visite_pan": (
        re.compile(r"^passage (au|du) (point d'accueil numérique|PAN)(\s+\(PAN\))?(\s+de la préfecture)?\b", re.I),
    ),
}
# a detail left starting with one of these would read as a cut sentence (« — en ligne au point d'accueil
# numérique »): the typed noun it followed is kept before it (« — Demande en ligne au point d'accueil numérique »)
PREPOSITIONS = frozenset({
    "à", "au", "aux", "avec", "chez", "dans", "de", "depuis", "des", "du", "en", "entre", "par", "pour", "sans",
    "selon", "sous", "sur", "vers", "auprès", "après", "avant",
})


def _sans_type(m: re.Match[str]) -> str:
    garde = m.groupdict().get("garde")
    return f"{garde} demande" if garde else ""


def _debut(detail: str, original: str) -> str:
    """The start of what is left: « demandant l'attestation » → « Demande de l'attestation » (a noun, not a
    participle left alone); a preposition in lower case (the detail continues the label); a start removed from
    the typed text takes a capital again."""
    mots = detail.split(" ", 1)
    premier = mots[0].lower()
    if premier == "demandant" and len(mots) == 2:
        return f"Demande {elide('de', mots[1])}"
    if premier in PREPOSITIONS or premier.startswith("d'"):
        # the typed noun kept before it: « Demande de rendez-vous en ligne au PAN » → « Demande en ligne au PAN »
        tete = original.split(" ", 1)[0]
        if tete.lower() not in PREPOSITIONS and not tete.lower().startswith("d'"):
            return f"{tete[:1].upper()}{tete[1:]} {detail[:1].lower()}{detail[1:]}"
        return detail[:1].lower() + detail[1:]
    if premier.endswith("ant") and not original.lower().startswith(premier):  # « signalant … »: a participle
        return detail[:1].lower() + detail[1:]
    if not original.startswith(detail[:8]):  # its start removed: it starts a sentence again
        return detail[:1].upper() + detail[1:]
    return detail


def detail_sans_redite(demarche: Demarche) -> str:
    """The démarche's detail without what its type's label already says; "" when it says nothing more. What is
    left never reads as a sentence cut at its start (``_debut``)."""
    detail = " ".join(sur_une_ligne(demarche.detail).split())  # typed on several lines: « ; » between them
    libelle = charger_referentiel().types_demarche[demarche.type]
    if detail.lower() == libelle.lower():
        return ""
    original = detail
    for motif in REDITES.get(demarche.type, ()):
        detail = motif.sub(_sans_type, detail, count=1)
    detail = detail.strip(" ,;:—-")
    if detail.startswith("(") and ")" in detail:  # « (0 806 001 620), 12 minutes » → « 0 806 001 620, 12 minutes »
        fin = detail.index(")")
        detail = detail[1:fin] + detail[fin + 1 :]
    if not detail or detail == original:
        return detail
    return _debut(detail, original)


def sorted_demarches(dossier: Dossier) -> list[Demarche]:
    """The démarches in chronological order (date, then time; stable for equal times)."""
    return sorted(dossier.demarches, key=lambda d: (d.date, d.heure or "99:99"))


def one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name(numero: int, stem: str, source: Path) -> str:
    extension = ascii_slug(source.suffix.lstrip("."), "", 8).lower()
    nom = f"{numero:02d}_{stem}"
    return f"{nom}.{extension}" if extension else nom


def _periode(debut: date | None, fin: date | None) -> str:
    """« valable du 10 juillet au 9 octobre 2026 », « valable jusqu'au 9 octobre 2026 », or ""."""
    if fin is None:
        return ""
    if debut is None:
        return f" valable jusqu'au {date_lettre(fin)}"
    return f" valable {du_au(debut, fin)}"


def _titre(dossier: Dossier) -> str:
    """« Carte de résident expirée le 29 octobre 2026 »: a renewal's titre by its name, agreed in gender; its end
    from the dossier (« valable jusqu'au … » while it runs)."""
    d = dossier.demande
    nom = " ".join(d.titre.split()) if d.nature == "renouvellement" and d.titre else "titre de séjour"
    nom = f"{nom[:1].upper()}{nom[1:]}"
    jour = d.titre_actuel_expiration
    if jour is None:
        return nom
    if jour < date_du_jour():
        e = "e" if nom.split(" ", 1)[0].lower() in ("carte", "attestation") else ""
        return f"{nom} expiré{e} le {date_lettre(jour)}"
    return f"{nom} valable jusqu'au {date_lettre(jour)}"


def libelle_justificatif(dossier: Dossier, key: str, libelle: str = "") -> str:
    """How the bordereau (and the requête's inventory) names a pièce of « justificatifs »: by what the dossier
    says it is — the titre with its end, the API with its dates, the pièce to transmit by its name, the letter
    showing the harm by its kind; else ``libelle`` (the key's generic label)."""
    libelle = libelle or next(lib for k, lib, _ in (*JUSTIFICATIFS_AVANT, *JUSTIFICATIFS_APRES) if k == key)
    d = dossier.demande
    if key == "titre_sejour":
        return _titre(dossier)
    if key == "piece_a_transmettre":
        nom = " ".join(piece_refusee.nom(dossier).split())
        if nom:
            return f"{nom[:1].upper()}{nom[1:]}"
    if key == "document_provisoire":  # the dossier says which one: the bordereau names it
        quel = PROVISOIRES.get(d.document_provisoire)
        if quel:
            return quel + _periode(d.document_provisoire_debut, d.document_provisoire_fin)
    if key == "consequences" and len(dossier.justificatifs.consequences) == 1:
        quoi = next((nom for motif, nom in CONSEQUENCES if motif.search(dossier.blocage.consequences)), "")
        if quoi:
            return quoi
    return libelle


def consequences_citees(dossier: Dossier, pieces: list[Piece]) -> str:
    """The consequences as typed, the letter showing the harm cited by its number where the text names it
    (« L'employeur qui a signé une promesse d'embauche (pièce n° 10) attend … »): only when the bordereau holds
    that one letter and names it by what the text says it is (``libelle_justificatif``)."""
    texte = dossier.blocage.consequences
    numeros = [p.numero for p in pieces if p.nature == "consequences"]
    if len(numeros) != 1:
        return texte
    motif = next((m for m, _ in CONSEQUENCES if m.search(texte)), None)
    if motif is None:
        return texte
    return motif.sub(lambda m: f"{m.group(0)} (pièce n° {numeros[0]})", texte, count=1)


def _justificatifs(dossier: Dossier, base: Path, liste, pieces: list[Piece]) -> None:
    for key, defaut, stem in liste:
        libelle = libelle_justificatif(dossier, key, defaut)
        chemins = getattr(dossier.justificatifs, key)
        if key == "consequences" and libelle != defaut:  # named by its kind: « 10_promesse-d-embauche.png »
            stem = ascii_slug(libelle, "-").lower()
        for rang, chemin in enumerate(chemins, 1):
            numero = len(pieces) + 1
            source = (base / chemin).expanduser()
            suite = f" ({rang}/{len(chemins)})" if len(chemins) > 1 else ""
            pieces.append(Piece(numero, source, _name(numero, stem, source), None, libelle + suite, None, key))


def _avis_de_reception(dossier: Dossier, demarche: Demarche) -> str:
    """« et avis de réception du 9 novembre 2026 »: the letter to the préfecture the dossier's acknowledgement
    date belongs to (the one sent, by post) says that its file holds the acknowledgement too."""
    recu = dossier.envoi.accuse_reception_le
    if demarche.type != "courrier_prefecture" or recu is None or recu < demarche.date:
        return ""
    return f" et avis de réception du {date_lettre(recu)}" if demarche.date == courrier_prefecture_envoye(dossier) else ""


def number_pieces(dossier: Dossier, base: Path) -> list[Piece]:
    """Number every pièce in one continuous sequence (``NN_AAAA-MM-JJ_libelle.ext`` for a démarche)."""
    types = charger_referentiel().types_demarche
    pieces: list[Piece] = []
    _justificatifs(dossier, base, JUSTIFICATIFS_AVANT, pieces)
    for demarche in sorted_demarches(dossier):
        for chemin in demarche.pieces:
            numero = len(pieces) + 1
            source = (base / chemin).expanduser()
            stem = f"{demarche.date.isoformat()}_{ascii_slug(demarche.type, '-')}"
            libelle = f"{types[demarche.type]} du {date_lettre(demarche.date)}{_avis_de_reception(dossier, demarche)}"
            resume = detail_sans_redite(demarche) or demarche.resultat
            if resume:
                libelle += f" — {one_line(resume)}"
            pieces.append(
                Piece(numero, source, _name(numero, stem, source), demarche, libelle, demarche.date, demarche.type)
            )
    _justificatifs(dossier, base, JUSTIFICATIFS_APRES, pieces)
    return pieces


# the bordereau's groups, in the order of the numbering: (what the group is, how its opening sentence names it)
GROUPES = (
    (lambda p: p.demarche is None and p.nature not in {k for k, _, _ in JUSTIFICATIFS_APRES},
     "pièces d'identité et de situation"),
    (lambda p: p.demarche is not None, "démarches dans l'ordre chronologique"),
    (lambda p: p.nature == "consequences", "pièces montrant les conséquences du blocage"),
    (lambda p: p.nature == "mandat", "mandat signé de la personne"),
)


def ordre_pieces(pieces: list[Piece]) -> str:
    """The bordereau's opening sentence, naming only the groups it holds, in their order: « Pièces d'identité et
    de situation, puis démarches dans l'ordre chronologique, puis pièces montrant les conséquences du blocage ».
    """
    groupes = [nom for garde, nom in GROUPES if any(garde(p) for p in pieces)]
    if not groupes:
        return ""
    texte = ", puis ".join(groupes)
    return f"{texte[:1].upper()}{texte[1:]} ; le nom de chaque fichier commence par le numéro de sa pièce."


def numeros_texte(numeros: list[int]) -> str:
    """« pièce n° 1 », « pièces n° 1 et 2 », « pièces n° 1, 2 et 3 »; "" without any."""
    if not numeros:
        return ""
    if len(numeros) == 1:
        return f"pièce n° {numeros[0]}"
    return f"pièces n° {', '.join(map(str, numeros[:-1]))} et {numeros[-1]}"


def renvoi_justificatif(pieces: list[Piece] | tuple[Piece, ...], nature: str) -> str:
    """« pièce n° 1 » (« pièces n° 1 et 2 »): the bordereau's numbers of the pièces of ``nature`` (a key of
    « justificatifs »), "" when it holds none."""
    return numeros_texte([p.numero for p in pieces if p.nature == nature])


def demarches_sans_piece(dossier: Dossier) -> list[str]:
    """The démarches of the log that no file proves, as « courriel au support ANEF de la DGEF du 25 septembre
    2026 », in chronological order: a requête cannot assert them (the judge rules on the pièces)."""
    types = charger_referentiel().types_demarche
    return [
        f"{types[d.type][:1].lower()}{types[d.type][1:]} du {date_lettre(d.date)}"
        for d in sorted(dossier.demarches, key=lambda x: x.date)
        if not d.pieces
    ]
