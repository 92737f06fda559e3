"""The blocking said as a fact, one plain clause per kind (« Depuis le 10 novembre 2026, aucune attestation de
prolongation de l'instruction n'est disponible dans mon espace ANEF. »), in the voice of whoever writes.

Each clause states only what the kind itself records: « en cours d'instruction » appears only when the dossier
holds the kind ``instruction_bloquee``. Letters, the note and the requête take their sentence from here
(``difficultes``)."""

from __future__ import annotations

import re

from lettres.documents import piece_refusee
from lettres.documents.typographie import elide
from lettres.documents.voix import Voix
from lettres.dossier import Dossier
from lettres.francais import date_lettre
from lettres.jour import date_du_jour
from lettres.procedure.blocage import debut_blocage

# kind → (first person, third person); {sujet}: the person's name, {son}/{sa}/{ses}: possessives
CLAUSES: dict[str, tuple[str, str]] = {
    "compte_creation": (
        "je ne peux pas créer mon compte sur le téléservice ANEF",
        "{sujet} ne peut pas créer son compte sur le téléservice ANEF",
    ),
    "connexion": (
        "je ne parviens pas à me connecter à mon compte ANEF",
        "{sujet} ne parvient pas à se connecter à son compte ANEF",
    ),
    "etat_civil": (
        "mes données d'état civil, erronées, ne peuvent pas être corrigées sur le téléservice ANEF",
        "les données d'état civil {de}, erronées, ne peuvent pas être corrigées sur le téléservice ANEF",
    ),
    "categorie_absente": (
        "le titre demandé n'apparaît pas parmi les choix proposés par le téléservice ANEF",
        "le titre demandé n'apparaît pas parmi les choix proposés par le téléservice ANEF",
    ),
    "titre_precedent_non_remis": (
        "le téléservice ANEF refuse la nouvelle demande faute d'avoir enregistré la remise de mon titre précédent",
        "le téléservice ANEF refuse la nouvelle demande faute d'avoir enregistré la remise du titre précédent {de}",
    ),
    "demarche_en_cours": (
        "le téléservice ANEF bloque la démarche parce qu'une autre procédure est ouverte sur mon compte",
        "le téléservice ANEF bloque la démarche parce qu'une autre procédure est ouverte sur le compte {de}",
    ),
    "televersement": (
        "le téléversement d'une pièce échoue sur le téléservice ANEF",
        "le téléversement d'une pièce échoue sur le téléservice ANEF",
    ),
    "erreur_validation": (
        "la validation de ma demande sur le téléservice ANEF échoue sur une erreur technique",
        "la validation de la demande {de} sur le téléservice ANEF échoue sur une erreur technique",
    ),
    "pas_attestation_depot": (
        "aucune attestation de dépôt n'a été délivrée pour ma demande transmise sur le téléservice ANEF",
        "aucune attestation de dépôt n'a été délivrée pour la demande {de} transmise sur le téléservice ANEF",
    ),
    "modification_impossible": (
        "ma demande ne peut plus être complétée ni corrigée sur le téléservice ANEF",
        "la demande {de} ne peut plus être complétée ni corrigée sur le téléservice ANEF",
    ),
    "adresse_prefecture": (
        "le téléservice ANEF ne permet pas de changer mon adresse ou rattache ma demande à une autre préfecture",
        "le téléservice ANEF ne permet pas de changer l'adresse {de} ou rattache sa demande à une autre préfecture",
    ),
    "instruction_bloquee": (
        "ma demande apparaît toujours « en cours d'instruction » dans mon espace ANEF, sans évolution",
        "la demande {de} apparaît toujours « en cours d'instruction » dans son espace ANEF, sans évolution",
    ),
    "pas_api": (
        "aucune attestation de prolongation de l'instruction n'est disponible dans mon espace ANEF",
        "aucune attestation de prolongation de l'instruction n'est disponible dans l'espace ANEF {de}",
    ),
    "api_expiree": (
        "l'attestation de prolongation de l'instruction, expirée, n'est pas renouvelée dans mon espace ANEF",
        "l'attestation de prolongation de l'instruction, expirée, n'est pas renouvelée dans l'espace ANEF {de}",
    ),
    "api_sans_travail": (
        "mon document provisoire ne porte pas la mention de l'autorisation de travail",
        "le document provisoire {de} ne porte pas la mention de l'autorisation de travail",
    ),
    "pas_recepisse": (
        "aucun récépissé ne m'a été remis",
        "aucun récépissé n'a été remis à {sujet}",
    ),
    "classement_sans_suite": (
        "ma demande est classée sans suite ou déclarée caduque",
        "la demande {de} est classée sans suite ou déclarée caduque",
    ),
    "pas_notification": (
        "une convocation, une demande de pièce ou une décision attendue ne m'est pas parvenue",
        "une convocation, une demande de pièce ou une décision attendue n'est pas parvenue à {sujet}",
    ),
    "rdv_remise_titre": (
        "je ne parviens pas à obtenir un rendez-vous pour retirer mon titre",
        "{sujet} ne parvient pas à obtenir un rendez-vous pour retirer son titre",
    ),
    "ccc_sans_suite": (
        "mes sollicitations du centre de contact citoyen restent sans solution",
        "les sollicitations du centre de contact citoyen restent sans solution",
    ),
    "pan_inaccessible": (
        "le point d'accueil numérique reste inaccessible ou sans solution",
        "le point d'accueil numérique reste inaccessible ou sans solution",
    ),
    "prefecture_sans_reponse": (
        "mes courriers ou courriels à la préfecture restent sans réponse",
        "les courriers ou courriels adressés à la préfecture restent sans réponse",
    ),
    "autre": (
        "la démarche se heurte au dysfonctionnement décrit ci-après",
        "la démarche se heurte au dysfonctionnement décrit ci-après",
    ),
}
# the attestation missing while the demande shows « en cours d'instruction » (the kind ``instruction_bloquee``, or
# the caseworker's description saying it): one sentence for both facts
EN_COURS = {
    "pas_api": (
        "ma demande apparaît{toujours} « en cours d'instruction » dans mon espace ANEF{sans}, mais aucune attestation "
        "de prolongation de l'instruction n'y est disponible",
        "la demande {de} apparaît{toujours} « en cours d'instruction » dans son espace ANEF{sans}, mais aucune "
        "attestation de prolongation de l'instruction n'y est disponible",
    ),
    "api_expiree": (
        "l'attestation de prolongation de l'instruction, expirée, n'est pas renouvelée dans mon espace ANEF, où la "
        "demande apparaît toujours « en cours d'instruction », sans évolution",
        "l'attestation de prolongation de l'instruction, expirée, n'est pas renouvelée dans l'espace ANEF {de}, où "
        "la demande apparaît toujours « en cours d'instruction », sans évolution",
    ),
}
EN_COURS_DIT = re.compile(r"«\s*en cours d.instruction\s*»", re.IGNORECASE)
ATTESTATION_ABSENTE = re.compile(r"\baucune attestation\b", re.IGNORECASE)


def description_redite(dossier: Dossier) -> bool:
    """The caseworker's description only says what the blocking's sentence now says (« Dans mon espace ANEF, la
    demande apparaît « en cours d'instruction », mais aucune attestation n'est disponible au téléchargement. »):
    the documents leave it out. A longer description (more than one sentence) is kept."""
    texte = " ".join(dossier.blocage.description.split())
    if not EN_COURS_DIT.search(texte) or texte.rstrip(".").count(".") or len(texte) >= 200:
        return False
    if "pas_api" in dossier.blocage.types:
        return bool(ATTESTATION_ABSENTE.search(texte))
    return bool(_expiree_fin(dossier)) and bool(EXPIREE_DITE.search(texte))


EXPIREE_DITE = re.compile(r"expir|renouvel", re.IGNORECASE)
SANS_DEMANDE_DE_PIECE = re.compile(r"sans (aucune )?demande de pi[eè]ce|aucune demande de pi[eè]ce", re.IGNORECASE)


def _expiree_fin(dossier: Dossier) -> str:
    """« 9 octobre 2026 »: the day the API expired, when the blocking is only that attestation not renewed while
    the demande shows « en cours d'instruction » and the dossier holds the API's end; else ""."""
    d = dossier.demande
    types = set(dossier.blocage.types)
    if "api_expiree" not in types or types - {"api_expiree", "instruction_bloquee"} or d.document_provisoire != "api":
        return ""
    fin = d.document_provisoire_fin
    return date_lettre(fin) if fin is not None and fin < date_du_jour() else ""


def _expiree(dossier: Dossier, v: Voix) -> str:
    """« L'attestation de prolongation de l'instruction a expiré le 9 octobre 2026 et n'a pas été renouvelée ; dans
    l'espace ANEF de Mme OUALI, la demande apparaît toujours « en cours d'instruction », sans évolution ni demande
    de pièce » (the last words when the description says so); "" unless ``_expiree_fin``."""
    fin = _expiree_fin(dossier)
    if not fin:
        return ""
    a_expire = f"l'attestation de prolongation de l'instruction a expiré le {fin} et n'a pas été renouvelée"
    if "instruction_bloquee" not in dossier.blocage.types:
        espace = "mon espace ANEF" if v.je else f"l'espace ANEF {v.de()}"
        return f"{a_expire} dans {espace}"
    ou = "dans mon espace ANEF, ma demande" if v.je else f"dans l'espace ANEF {v.de()}, la demande"
    ni = " ni demande de pièce" if SANS_DEMANDE_DE_PIECE.search(" ".join(dossier.blocage.description.split())) else ""
    return f"{a_expire} ; {ou} apparaît toujours « en cours d'instruction », sans évolution{ni}"


def expiree(dossier: Dossier, je: bool = False) -> str:
    """The sentence of ``_expiree`` (the DGEF message says it in place of a description that only repeats it)."""
    texte = _expiree(dossier, Voix.of(dossier.personne, je))
    return f"{texte[:1].upper()}{texte[1:]}." if texte else ""


def _clause(code: str, v: Voix, en_cours: bool, piece: str = "", toujours: str = "") -> str:
    if code == "televersement" and piece == "en":  # the sentence before named the pièce
        return "le téléservice ANEF en refuse le téléversement"
    if code == "televersement" and piece:  # the refused pièce named (blocage.piece_refusee)
        return f"le téléservice ANEF refuse le téléversement de {piece_refusee.avec_article(piece)}"
    je, tiers = (EN_COURS if en_cours and code in EN_COURS else CLAUSES)[code]
    sans = ", sans évolution" if toujours else ""
    return (je if v.je else tiers).format(sujet=v.court, de=v.de(), toujours=toujours, sans=sans)


def clauses(dossier: Dossier, v: Voix, piece_dite: bool = False) -> list[str]:
    """One clause per kind of blocking, in the dossier's order (« en cours d'instruction » said once);
    ``piece_dite``: the sentence before names the refused pièce (« le téléservice en refuse le téléversement »)."""
    types = list(dossier.blocage.types)
    bloquee = "instruction_bloquee" in types  # « toujours … sans évolution »: what that kind records
    en_cours = (bloquee or description_redite(dossier)) and any(code in EN_COURS for code in types)
    if en_cours and bloquee:
        types.remove("instruction_bloquee")
    piece = dossier.blocage.piece_refusee if piece_refusee.dite_par_le_constat(dossier) else ""
    piece = "en" if piece and piece_dite else piece
    toujours = " toujours" if bloquee else ""
    return [_clause(code, v, en_cours, piece, toujours) for code in types if code in CLAUSES]


# « la demande de Mme DIALLO » once the sentence opens on « Mme DIALLO constate que »: the possessive
POSSESSIFS = (
    ("la demande {de}", "sa demande"),
    ("les données d'état civil {de}", "ses données d'état civil"),
    ("l'espace ANEF {de}", "son espace ANEF"),
    ("le compte {de}", "son compte"),
    ("du titre précédent {de}", "de son titre précédent"),
    ("l'adresse {de}", "son adresse"),
    ("le document provisoire {de}", "son document provisoire"),
)
# « n'a été remis à Mme DIALLO » once her name opens the sentence: the pronoun
OBJETS = (
    ("n'a été remis à {sujet}", "ne lui a été remis"),
    ("n'est pas parvenue à {sujet}", "ne lui est pas parvenue"),
)
# « … ne peut plus être complétée ni corrigée sur le téléservice ANEF » once a clause before named it: « y »
Y_ENSUITE = (
    (re.compile(r"\b(ne (?:peut|peuvent|parvient) (?:plus|pas)) (être|créer)\b"), r"\1 y \2"),
    (re.compile(r"\béchoue$"), "y échoue"),
)


def _y(clause: str) -> str:
    """The clause without its closing « sur le téléservice ANEF », said by « y » (the clause before named it);
    unchanged when no rule places the « y »."""
    fin = " sur le téléservice ANEF"
    if not clause.endswith(fin):
        return clause
    court = clause[: -len(fin)]
    for motif, remplace in Y_ENSUITE:
        if motif.search(court):
            return motif.sub(remplace, court, count=1)
    return clause


def _constatees(dossier: Dossier, v: Voix, piece_dite: bool) -> list[str]:
    """The clauses after « Mme DIALLO constate que, … »: her possessives (« sa demande »), her pronoun as subject,
    the téléservice named once (« y »)."""
    if v.je:
        parties = clauses(dossier, v, piece_dite)
    else:
        marque = Voix(v.je, v.designation, _SUJET, v.pronom)  # her name as a marker, replaced below
        de = marque.de()
        parties = []
        for texte in clauses(dossier, marque, piece_dite):
            for avant, apres in POSSESSIFS:
                texte = texte.replace(avant.format(de=de), apres)
            for avant, apres in OBJETS:  # « aucun récépissé ne lui a été remis »
                texte = texte.replace(avant.format(sujet=_SUJET), apres)
            texte = texte.replace(de, v.de()).replace(f"à {_SUJET}", f"à {v.court}")
            parties.append(texte.replace(_SUJET, v.pronom))
    return _y_apres(parties)


def _y_apres(parties: list[str]) -> list[str]:
    """Each clause after one that named the téléservice says it by « y » (« ne peut plus y être complétée »)."""
    return [p if i == 0 or "téléservice ANEF" not in " ".join(parties[:i]) else _y(p) for i, p in enumerate(parties)]


_SUJET = "\x00sujet"


def difficultes(dossier: Dossier, je: bool = False, piece_dite: bool = False, constate: bool = False) -> str:
    """« Depuis le 10 novembre 2026, aucune attestation … n'est disponible dans mon espace ANEF. » (``je``: the
    person writes; otherwise her name), then the message shown, when the dossier records one. ``constate``: no
    pièce proves it, the person states it (« Mme DIALLO constate que, depuis le 30 septembre 2026, … et que sa
    demande ne peut plus y être complétée ni corrigée. »)."""
    v = Voix.of(dossier.personne, je)
    _, depuis = debut_blocage(dossier)
    expiree = _expiree(dossier, v)  # dated by the API's end: no « Depuis le … »
    if expiree and constate:
        texte = f"{'Je constate' if v.je else f'{v.court} constate'} que {expiree}."
    elif expiree:
        texte = f"{expiree[:1].upper()}{expiree[1:]}."
    elif constate:
        parties = _constatees(dossier, v, piece_dite)
        qui = "Je constate" if v.je else f"{v.court} constate"
        suite = "".join(f" et {elide('que', partie)}" for partie in parties[1:])
        texte = f"{qui} que, {depuis[:1].lower()}{depuis[1:]}, {parties[0]}{suite}." if parties else ""
    else:
        parties = _y_apres(clauses(dossier, v, piece_dite))
        texte = f"{depuis}, {' ; '.join(parties)}." if parties else ""
    message = dossier.blocage.message_erreur
    if message:
        texte += f" Le message suivant s'affiche : « {' '.join(message.split())} »."
    return texte.strip()
