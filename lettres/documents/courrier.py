"""The words of letters 1 and 2 that depend on the situation (docs/situations.md).

Each situation brings its own request, legal basis and objet; several are treated in the order of
``situations.yaml``. Only texts with ``statut: verifie`` are cited (``textes`` holds only those). Sentences
follow the voice of whoever signs (``Voix``): « je » for the person, her name for the accompagnant.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from lettres.documents import constat, piece_refusee
from lettres.documents.mots import NATURE_PHRASE
from lettres.documents.paragraphes import paragraphes
from lettres.documents.pieces import Piece, consequences_citees, number_pieces, renvoi_justificatif
from lettres.documents.typographie import elide
from lettres.documents.voix import Voix
from lettres.dossier import Dossier
from lettres.francais import accord, date_lettre, jours_en_lettres
from lettres.procedure.blocage import attestation_manquante, attestation_seule, debut_blocage
from lettres.procedure.delais import Echeances
from lettres.procedure.situation import Situation, recepisse_en_jeu
from lettres.procedure.titre import anef_incertain, titre_ecrit
from lettres.referentiel import charger_referentiel

SANS_REPONSE = re.compile(r"sans (r[ée]ponse|suite)|aucune r[ée]ponse|pas de r[ée]ponse", re.IGNORECASE)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if not text or text[-1] in ".!?…»" else text + "."


def _etat_titre(jour: date, aujourd_hui: date) -> str:
    return f"{'a expiré' if jour < aujourd_hui else 'expire'} le {date_lettre(jour)}"


def _participe_titre(jour: date, aujourd_hui: date) -> str:
    return f"{'ayant expiré' if jour < aujourd_hui else 'expirant'} le {date_lettre(jour)}"


def _depot(dossier: Dossier, situation: Situation) -> str:
    d = dossier.demande
    numero = f", sous le n° {d.numero_anef}" if d.numero_anef else ""
    if situation.depot and d.date_depot:
        return f"Cette demande a été déposée sur le téléservice ANEF le {date_lettre(d.date_depot)}{numero}."
    if d.date_depot:
        return (
            f"Elle a été transmise sur le téléservice ANEF le {date_lettre(d.date_depot)}{numero}, mais aucune "
            "attestation de dépôt n'a été délivrée."
        )
    if anef_incertain(dossier):  # the titre may not be on the ANEF list: where it goes is asked, not assumed
        return "Elle n'a pas pu être déposée."
    return "Elle n'a pas pu être déposée sur le téléservice ANEF."


def _relance(dossier: Dossier, situation: Situation, aujourd_hui: date) -> str:
    """A letter to the préfecture written after one recorded as sent on an earlier day is a relance: it
    recalls the first one (its registered-mail number stays with it, ``contexte._envoi``)."""
    e = situation.echeances
    envoye = e.courrier_prefecture
    if envoye is None or envoye >= aujourd_hui:
        return ""
    quoi = "courriel" if e.courrier_par_courriel else "courrier"
    recu = f", reçu le {date_lettre(e.accuse_reception)}" if e.accuse_reception and not e.courrier_par_courriel else ""
    texte = f"Un premier {quoi} vous a été adressé à ce sujet le {date_lettre(envoye)}{recu}"
    if dossier.issue.reponse_prefecture_le is None:
        return f"{texte} ; il est resté sans réponse à ce jour."
    return f"{texte}."


def _consequences(
    dossier: Dossier, v: Voix, aujourd_hui: date, pieces: list[Piece] | None = None
) -> list[dict[str, object]]:
    """The date at stake (``_echeance``, the titre cited by its pièce number), then the consequences the person
    typed, as paragraphs."""
    echeance = _echeance(dossier, v, aujourd_hui, renvoi_justificatif(pieces or [], "titre_sejour"))
    faits = paragraphes(consequences_citees(dossier, pieces or []), intro=echeance)
    return faits or ([{"texte": echeance, "puce": False}] if echeance else [])


def _piece_demandee(dossier: Dossier, situation: Situation) -> str:
    """The pièce the préfecture asked for and the one the ANEF refuses, each said only when recorded."""
    d = dossier.demande
    if "depot_incomplet" not in situation.codes:
        return ""
    b = dossier.blocage
    # the refusal is said once: by the description when it tells it, else here (with the request when the
    # préfecture asked for the very pièce the ANEF refuses)
    dite = piece_refusee.dite_par_la_description(dossier) or piece_refusee.dite_par_le_constat(dossier)
    refus = "" if dite else piece_refusee.refus(dossier)
    phrases = []
    if piece_refusee.demandee(dossier):
        quoi = piece_refusee.avec_article(d.piece_demandee) if d.piece_demandee else "une pièce complémentaire"
        quand = f"Le {date_lettre(d.piece_demandee_le)}, vos services" if d.piece_demandee_le else "Vos services"
        phrase = f"{quand} ont demandé {quoi}"
        if refus and piece_refusee.meme_piece(dossier):
            depuis = f" depuis le {date_lettre(b.piece_refusee_depuis)}" if b.piece_refusee_depuis else ""
            erreur = " ".join(b.piece_refusee_erreur.split())
            avec = f", avec le message « {erreur} »" if erreur else ""
            phrase += f" ; le téléservice en refuse le téléversement{depuis}{avec}"
            refus = ""
        phrases.append(f"{phrase}.")
        if not b.piece_refusee:
            phrases.append("Elle n'a pas pu être transmise au moyen du téléservice.")
    if refus:
        phrases.append(refus)
    return " ".join(phrases)


def _titre_de(v: Voix) -> str:
    """« Mon titre de séjour », « Le titre de séjour de Mme DIALLO »."""
    return "Mon titre de séjour" if v.je else f"Le titre de séjour {v.de()}"


def titre_ligne(dossier: Dossier, aujourd_hui: date) -> str:
    """The titre in a list: « Titre précédent : expiré le 9 novembre 2026 » once past, else « Titre actuel :
    expire le 24 décembre 2026 »; "" when the dossier has no expiry date."""
    jour = dossier.demande.titre_actuel_expiration
    if jour is None:
        return ""
    if jour < aujourd_hui:
        return f"Titre précédent : expiré le {date_lettre(jour)}"
    return f"Titre actuel : expire le {date_lettre(jour)}"


def _echeance(dossier: Dossier, v: Voix, aujourd_hui: date, titre: str = "") -> str:
    """« Mon titre de séjour a expiré le 9 novembre 2026 (pièce n° 1). » (``titre``: its number in the
    bordereau), then the provisional document's end."""
    d = dossier.demande
    phrases = []
    if d.titre_actuel_expiration:
        numero = f" ({titre})" if titre else ""
        phrases.append(f"{_titre_de(v)} {_etat_titre(d.titre_actuel_expiration, aujourd_hui)}{numero}.")
    if d.document_provisoire and d.document_provisoire_fin:
        quoi = (
            "Le récépissé" if d.document_provisoire == "recepisse" else "L'attestation de prolongation de l'instruction"
        )
        delivre = "délivré" if d.document_provisoire == "recepisse" else "délivrée"
        debut = f" {delivre} le {date_lettre(d.document_provisoire_debut)}" if d.document_provisoire_debut else ""
        phrases.append(f"{quoi}{debut} {_etat_titre(d.document_provisoire_fin, aujourd_hui)}.")
    return " ".join(phrases)


def _diligences(v: Voix, situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    if not situation.substitution:
        return ""
    faire = "déposer" if "depot_impossible" in situation.codes else "compléter"
    if v.je:
        debut = "J'ai ainsi accompli toutes les diligences qui m'incombent"
    else:
        debut = f"{v.designation} a ainsi accompli toutes les diligences qui lui incombent"
    return (
        f"{debut}, notamment en faisant appel au dispositif d'accueil et d'accompagnement, sans pouvoir {faire} "
        f"{v.sa('demande')} au moyen du téléservice ({t['r431_2']['abrege']})."
    )


def _silence_vaut_rejet(situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    """The legal basis of a request for the reasons of an implicit rejection: the silence that made it."""
    regle = situation.echeances.delai_rejet
    duree = regle.duree if regle else "quatre mois"
    references = regle.references if regle else f"art. {t['r432_1']['numero']} et {t['r432_2']['numero']} du CESEDA"
    return (
        f"Le silence gardé pendant {duree} sur une demande de titre de séjour de cette catégorie vaut décision "
        f"implicite de rejet ({references})."
    )


def _fondement(
    dossier: Dossier,
    situation: Situation,
    textes: dict[str, dict[str, Any]],
    renvoi: str = "",
    pieces: list[Piece] | None = None,
) -> list[str]:
    t = textes
    paragraphes = []
    codes = situation.codes
    if "rejet_implicite" in codes:
        return [_silence_vaut_rejet(situation, t)]
    if anef_incertain(dossier):
        paragraphes.append(_voie_incertaine(dossier, t))
    if "diligences_incompletes" in codes:
        paragraphes.append(
            f"L'{t['r431_2_al2']['citation']} prévoit que « {t['r431_2_al2']['extrait']} ». "
            f"L'{t['arrete_2023_08_01']['citation']} en fixe les modalités."
        )
    if situation.substitution and "depot_impossible" in codes:
        paragraphes.append(
            f"L'{t['r431_2']['citation']}, dans sa rédaction issue du {t['decret_2023_191']['citation']}, prévoit "
            f"en outre qu'« {t['r431_2']['extrait']} ». L'{t['arrete_2023_08_01']['citation']} en fixe les conditions "
            "de recours et les modalités de mise en œuvre."
            if "diligences_incompletes" in codes
            else f"Or, l'{t['r431_2']['citation']}, dans sa rédaction issue du {t['decret_2023_191']['citation']}, "
            f"prévoit qu'« {t['r431_2']['extrait']} ». L'{t['arrete_2023_08_01']['citation']} en fixe les conditions "
            "de recours et les modalités de mise en œuvre."
        )
    if "depot_incomplet" in codes:
        paragraphes.append(_fondement_piece(dossier, t))
    if "depot_impossible" in codes or "depot_incomplet" in codes:
        paragraphes.append(
            "S'agissant de l'obligation de recourir à un téléservice, le Conseil d'État a jugé que "
            f"« {t['ce_2022_452798']['extrait'][:1].lower()}{t['ce_2022_452798']['extrait'][1:]} » "
            f"({t['ce_2022_452798']['citation']})."
        )
    if "api" in codes:
        if recepisse_en_jeu(dossier):
            paragraphes.append(
                "Le dépôt d'une demande sur support papier donne lieu à la remise d'un récépissé qui autorise la "
                f"présence sur le territoire pour la durée qu'il précise ({t['r431_12']['citation']})."
            )
        else:
            paragraphes.append(
                "Lorsqu'une demande complète, déposée dans les délais, est toujours en cours d'instruction à "
                "l'expiration du titre de séjour, le préfet est tenu de mettre à disposition une attestation de "
                "prolongation de l'instruction, valable trois mois au plus et renouvelée tant qu'aucune décision "
                f"n'a été prise ({t['r431_15_1']['citation']})."
                + _dans_les_delais(situation, t, renvoi_justificatif(pieces or [], "attestation_depot"))
            )
            if "depot_incomplet" in codes:
                v = Voix.of(dossier.personne, dossier.signataire == "personne")
                paragraphes.append(_incompletude_teleservice(dossier, v, renvoi))
    return paragraphes


def _voie_incertaine(dossier: Dossier, t: dict[str, dict[str, Any]]) -> str:
    """The titre is only partly (or not surely) on the ANEF list (procedure/titre.py, ``anef_incertain``): the
    letter states the rule and makes what follows conditional, instead of assuming the téléservice."""
    v = Voix.of(dossier.personne, dossier.signataire == "personne")
    return (
        "Seules les demandes de titres de séjour figurant sur une liste fixée par arrêté se font au moyen du "
        f"téléservice ({t['r431_2']['citation']}) ; les autres se déposent à la préfecture ou à la sous-préfecture "
        f"({t['r431_3']['citation']}). Ce qui suit vaut si {v.sa('demande')} relève du téléservice."
    )


def _fondement_piece(dossier: Dossier, t: dict[str, dict[str, Any]]) -> str:
    """Missing pièces are asked for by the administration and sent within a reasonable time (textes.yaml,
    r431_11) — the pièce asked for, or the one the ANEF refuses, each on its own footing."""
    regle = (
        "Lorsqu'une demande de titre de séjour est incomplète, les pièces manquantes doivent être demandées par "
        f"l'administration et transmises par l'étranger dans un délai raisonnable ({t['r431_11']['redaction']})."
    )
    selon = _selon(dossier, Voix.of(dossier.personne, dossier.signataire == "personne"))
    if piece_refusee.demandee(dossier):
        # no pièce shows the téléservice's refusal: « qui, selon les constatations de Mme X, ne permet pas … »
        qui = f"qui{selon}, ne permet" if selon else "qui ne permet"
        return (
            f"{regle} Vos services ayant demandé cette pièce, sa transmission ne saurait dépendre du seul "
            f"téléservice, {qui} pas de la déposer."
        )
    seul = f"{selon}, du fait" if selon else " du seul fait"
    return (
        f"{regle} Si la pièce manque, c'est{seul} du téléservice, qui en refuse le dépôt : son acceptation "
        "par une autre voie est le seul moyen de compléter la demande."
    )


def _prouve(dossier: Dossier) -> bool:
    """A démarche's file shows the blocking (a capture, a message): the letter may state it as a fact."""
    return any(d.pieces for d in dossier.demarches)


def _selon(dossier: Dossier, v: Voix) -> str:
    """« , selon mes constatations » when no pièce of the dossier shows the téléservice's refusal (nothing
    asserted as proven without its file); "" when a démarche's file shows it."""
    if _prouve(dossier):
        return ""
    return ", selon mes constatations" if v.je else f", selon les constatations {v.de()}"


def _incompletude_teleservice(dossier: Dossier, v: Voix, renvoi: str) -> str:
    """With a pièce the ANEF refuses, the API request answers the incompleteness: it is the téléservice's doing.
    Said as a condition (« si … faute de cette pièce »): the dossier cannot prove that nothing else is missing."""
    piece, pluriel = piece_refusee.designation(dossier)
    faute = f"des {piece[4:]}" if piece.startswith("les ") else f"de {piece}"
    # without a file showing the refusal, the paragraph on R. 431-11 said « selon les constatations de Mme X »
    # just before (``_fondement_piece``, always written with this one): not twice — « au téléservice », and her
    # name, said there, becomes « l'intéressée »
    selon = _selon(dossier, v)
    qui = " au téléservice" if selon else " au seul téléservice"
    la = "les" if pluriel else "la"
    interesse = accord(dossier.personne.civilite).interesse if selon else v.court
    # enclosed (``renvoi``): the request that follows says so once, with its number (« jointe au présent courrier »)
    offre = ""
    if not renvoi:
        offre = (
            ", alors que les pièces sont offertes par une autre voie"
            if pluriel
            else ", alors que la pièce est offerte par une autre voie"
        )
    return (
        f"Si la demande n'était pas regardée comme complète faute {faute}, cette incomplétude tiendrait{qui}, "
        f"qui ne permet pas de {la} transmettre, et non à {'moi' if v.je else interesse} : elle ne saurait justifier "
        f"que l'attestation de prolongation de l'instruction {'me' if v.je else 'lui'} soit refusée{offre}."
    )


def _dans_les_delais(situation: Situation, t: dict[str, dict[str, Any]], preuve: str = "") -> str:
    """The renewal was filed within its window (textes.yaml, r431_5): said, with its dates and the pièce proving
    the filing (``preuve``: « pièce n° 2 »); otherwise nothing."""
    f = situation.echeances.fenetre
    if f is None or f.etat != "dans_les_delais" or f.depot is None:
        return ""
    numero = f" ({preuve})" if preuve else ""
    return (
        f" La demande de renouvellement a été déposée le {date_lettre(f.depot)}{numero}, dans la période prévue à "
        f"l'{t['r431_5']['citation']} (du {date_lettre(f.debut)} au {date_lettre(f.fin)})."
    )


def _demande_api(dossier: Dossier, v: Voix, t: dict[str, dict[str, Any]], aujourd_hui: date) -> list[str]:
    d = dossier.demande
    titre = d.titre_actuel_expiration
    suite = f", {v.son('titre de séjour')} {_participe_titre(titre, aujourd_hui)}" if titre else ""
    if recepisse_en_jeu(dossier):
        if d.document_provisoire == "recepisse" and d.document_provisoire_fin:
            quoi = f"renouveler le récépissé, qui {_etat_titre(d.document_provisoire_fin, aujourd_hui)}"
        else:
            quoi = f"{'me' if v.je else 'lui'} remettre le récépissé prévu à l'{t['r431_12']['citation']}{suite}"
    elif d.document_provisoire == "api" and d.document_provisoire_fin:
        quoi = (
            "renouveler l'attestation de prolongation de l'instruction, qui "
            f"{_etat_titre(d.document_provisoire_fin, aujourd_hui)}, conformément à l'{t['r431_15_1']['citation']}"
        )
    else:
        qui = "ma disposition" if v.je else f"la disposition {v.de()}"
        quoi = f"mettre à {qui} l'attestation de prolongation de l'instruction prévue à l'{t['r431_15_1']['citation']}{suite}"
    demandes = [quoi]
    if "instruction_bloquee" in dossier.blocage.types:
        qui = "m'indiquer" if v.je else "indiquer"
        demandes.append(f"{qui} l'état d'avancement de l'instruction de {v.sa('demande')}")
    return demandes


def renvoi_piece(pieces: list[Piece]) -> str:
    """« pièce n° 1 » (« pièces n° 1 et 2 »): the bordereau's numbers of the pièce to transmit, "" when the
    bordereau holds none — the letter then never says it is enclosed."""
    return renvoi_justificatif(pieces, "piece_a_transmettre")


def _demande_piece(dossier: Dossier, v: Voix, prefixe: str, renvoi: str) -> str:
    """Accept the pièce by another channel — enclosed, with its number, when the bordereau holds its file."""
    d = dossier.demande
    depose = f" déposée le {date_lettre(d.date_depot)}" if d.date_depot else ""
    piece, pluriel = piece_refusee.designation(dossier)
    if renvoi:
        jointe, la = ("jointes", "les ") if pluriel else ("jointe", "l'")
        return (
            f"{prefixe}prendre en compte {piece}, {jointe} au présent courrier ({renvoi}), et {la}ajouter à "
            f"{v.sa('demande')}{depose}"
        )
    transmise, la = ("soient transmises", "les") if pluriel else ("soit transmise", "la")
    return (
        f"{prefixe}accepter que {piece} vous {transmise} par courrier, par courriel ou au guichet, et "
        f"{la} joindre à {v.sa('demande')}{depose}"
    )


def _demandes(
    dossier: Dossier, situation: Situation, v: Voix, t: dict[str, dict[str, Any]], aujourd_hui: date, renvoi: str = ""
) -> list[str]:
    """The bullets of letter 2, in the order of the situations, the last one ending with a full stop."""
    codes = situation.codes
    demandes: list[str] = []
    if "rejet_implicite" in codes:
        rejet = date_lettre(situation.echeances.rejet_implicite)
        qui = "me communiquer" if v.je else f"communiquer à {v.court}"
        demandes += [
            f"{qui} les motifs de la décision implicite de rejet née le {rejet}, en application de "
            f"l'{t['l232_4_crpa']['citation']}",
            f"retirer cette décision et réexaminer {v.sa('demande')}",
        ]
    else:
        faire = "compléter" if situation.depot else "déposer"
        if anef_incertain(dossier):
            demandes.append(_demande_voie(v, t))
        if "diligences_incompletes" in codes:
            if v.je:
                demandes.append(
                    "me recevoir au point d'accueil numérique de la préfecture, afin de bénéficier de "
                    f"l'accompagnement prévu pour {faire} ma demande"
                )
            else:
                demandes.append(
                    f"recevoir {v.court} au point d'accueil numérique de la préfecture, afin {v.que()} bénéficie de "
                    f"l'accompagnement prévu pour {faire} sa demande"
                )
        if "depot_impossible" in codes:
            demandes += _demande_depot_impossible(dossier, v, t, aujourd_hui)
        if anef_incertain(dossier) and len(demandes) > 1:  # what follows the question holds only if it is on the ANEF
            demandes[1] = f"si elle en relève, {demandes[1]}"
        if "depot_incomplet" in codes:
            prefixe = "à défaut, " if "diligences_incompletes" in codes else ""
            demandes.append(_demande_piece(dossier, v, prefixe, renvoi))
        if "api" in codes:
            demandes += _demande_api(dossier, v, t, aujourd_hui)
    demandes.append(_demande_reponse(dossier, situation, v, t))
    return [f"{x} ;" for x in demandes[:-1]] + [f"{demandes[-1]}."]


def _demande_voie(v: Voix, t: dict[str, dict[str, Any]]) -> str:
    """The first bullet when the titre may not be on the ANEF list: ask which way the demande goes."""
    qui = "m'indiquer" if v.je else "indiquer"
    return (
        f"{qui} si {v.sa('demande')} relève du téléservice ANEF ({t['r431_2']['citation']}) ou d'un dépôt à la "
        f"préfecture ({t['r431_3']['citation']}) et, dans ce dernier cas, selon quelles modalités la déposer"
    )


def _demande_depot_impossible(
    dossier: Dossier, v: Voix, t: dict[str, dict[str, Any]], aujourd_hui: date
) -> list[str]:
    """The bullets when the ANEF refuses the deposit: a physical or postal way in, and the récépissé."""
    d = dossier.demande
    demandes: list[str] = []
    if v.je:
        demandes.append(
            "constater l'impossibilité dans laquelle je me trouve d'utiliser le téléservice ANEF pour déposer "
            "ma demande, et m'inviter à me présenter à un accueil physique permettant son enregistrement, ou en "
            "accepter le dépôt par voie postale ou électronique"
        )
    else:
        demandes.append(
            f"constater l'impossibilité dans laquelle se trouve {v.court} d'utiliser le téléservice ANEF pour "
            "déposer sa demande, et l'inviter à se présenter à un accueil physique permettant son "
            "enregistrement, ou en accepter le dépôt par voie postale ou électronique"
        )
    if d.titre_actuel_expiration:
        demandes.append(
            f"{'me' if v.je else 'lui'} remettre, lors de cet enregistrement, le récépissé prévu à "
            f"l'{t['r431_12']['citation']}, {v.son('titre de séjour')} "
            f"{_participe_titre(d.titre_actuel_expiration, aujourd_hui)}"
        )
    return demandes


def _demande_reponse(dossier: Dossier, situation: Situation, v: Voix, t: dict[str, dict[str, Any]]) -> str:
    """The last bullet: answer in writing, before the titre expires or the rejection arises, or within the delay."""
    codes = situation.codes
    delai = dossier.envoi.delai_reponse_jours
    repondre = "me répondre" if v.je else "répondre"
    limite = situation.echeances.reponse_avant_le
    if limite is not None and "rejet_implicite" not in codes:
        # the titre expires, or the rejection arises, before the usual delay: never a date after either
        return f"{repondre} par écrit avant le {date_lettre(limite)}, {_quand(situation.echeances, limite, v)}"
    if "rejet_implicite" in codes:  # the reasons of an implicit rejection: within the month of L. 232-4 CRPA
        return f"{repondre} par écrit dans le mois prévu par l'{t['l232_4_crpa']['citation']}"
    return (
        f"{repondre} par écrit dans un délai de {jours_en_lettres(delai)} à compter de la réception du présent courrier"
        f"{_en_tout_etat_de_cause(situation.echeances, v)}"
    )


def _quand(e: Echeances, limite: date, v: Voix) -> str:
    """What the day ``limite`` is: the titre's expiry or the day the implicit rejection may arise."""
    regle = e.delai_rejet
    if limite == e.titre_expiration or regle is None:
        return f"date à laquelle {v.son('titre de séjour')} expire"
    # the rejection may not arise if the préfecture holds the dossier incomplete: « susceptible de naître »
    return (
        "date à laquelle une décision implicite de rejet est susceptible de naître "
        f"({regle.references.replace('art.', 'articles', 1)})"
    )


def _en_tout_etat_de_cause(e: Echeances, v: Voix) -> str:
    """« , et en tout état de cause avant le 24 décembre 2026 » while the titre is still valid (its expiry is said
    above in the letter): the reply delay counts from a receipt the letter cannot date, the expiry can. When an
    implicit rejection may arise first, its day, said as such: never an answer asked after it."""
    if e.titre_expiration is None or e.titre_expiration <= e.aujourd_hui:
        return ""
    rejet = e.rejet_implicite
    if rejet is not None and not e.rejet_implicite_atteint and e.aujourd_hui < rejet < e.titre_expiration:
        return f", et en tout état de cause avant le {date_lettre(rejet)}, {_quand(e, rejet, v)}"
    return f", et en tout état de cause avant le {date_lettre(e.titre_expiration)}"


def _tribunal(dossier: Dossier) -> str:
    """« tribunal administratif de Bastia », the competent one from the data (tribunaux.yaml)."""
    tribunal = charger_referentiel().tribunal(dossier.demande.prefecture)
    return f"{tribunal.nom[:1].lower()}{tribunal.nom[1:]}" if tribunal else "tribunal administratif"


def _suite(dossier: Dossier, v: Voix, situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    qui = "je me réserve" if v.je else f"{v.court} se réserve"
    if "rejet_implicite" in situation.codes:
        # the request for reasons itself extends the appeal period (L. 232-4 CRPA): no fixed date here
        return _sentence(
            f"{qui} la possibilité de contester cette décision devant le tribunal administratif dans les délais de "
            "recours."
        )
    e = situation.echeances
    tribunal = _tribunal(dossier)
    juge = f"le juge des référés du {tribunal}"
    if e.reponse_avant_le is not None and e.reponse_avant_le == e.rejet_implicite:
        # the rejection may arise soon: the référé « mesures utiles » needs no waiting, « à défaut de réponse rapide »
        if not situation.diligences:
            return f"À défaut de réponse rapide, {qui} la possibilité de saisir le {tribunal}."
        return (
            f"À défaut de réponse rapide, {qui} la possibilité de saisir {juge} ({t['l521_3_cja']['citation']})."
        )
    if not situation.diligences:
        # steps 1 to 4 not proven: the référé « mesures utiles » is not open yet, the letter does not announce it
        return ""
    return f"À défaut de réponse dans ce délai, {qui} la possibilité de saisir {juge} ({t['l521_3_cja']['citation']})."


def _objet(dossier: Dossier, situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    codes = situation.codes
    if "rejet_implicite" in codes:
        return (
            f"Décision implicite de rejet de la demande de titre de séjour déposée le "
            f"{date_lettre(dossier.demande.date_depot)} — demande de communication des motifs et de réexamen"
        )
    parties = []
    faire = "compléter" if situation.depot else "déposer"
    if "diligences_incompletes" in codes and anef_incertain(dossier) and not situation.depot:
        parties.append(
            "voie de dépôt d'une demande de titre de séjour et, si elle relève du téléservice, demande "
            f"d'accompagnement (art. {t['r431_2']['numero']} et {t['r431_3']['numero']} du CESEDA)"
        )
    elif "diligences_incompletes" in codes:
        parties.append(
            f"demande d'accompagnement pour {faire} une demande de titre de séjour ({t['r431_2_al2']['abrege']})"
        )
    if "depot_impossible" in codes:
        parties.append(
            f"demande de mise en œuvre de la solution de substitution ({t['r431_2']['abrege']}) — impossibilité "
            "d'utiliser le téléservice ANEF"
        )
    if "depot_incomplet" in codes:
        parties.append(
            "transmission d'une pièce par une autre voie que le téléservice ANEF "
            f"(art. {t['r431_2']['numero']} et {t['r431_11']['numero']} du CESEDA)"
        )
    if "api" in codes:
        if recepisse_en_jeu(dossier):
            parties.append(f"remise du récépissé ({t['r431_12']['abrege']})")
        else:
            verbe = "renouvellement" if dossier.demande.document_provisoire == "api" else "délivrance"
            parties.append(f"{verbe} de l'attestation de prolongation de l'instruction ({t['r431_15_1']['abrege']})")
    texte = " ; ".join(parties)
    return texte[:1].upper() + texte[1:]


def _dgef(dossier: Dossier, situation: Situation, v: Voix, t: dict[str, dict[str, Any]]) -> str:
    """What letter 1 asks the ANEF support, by situation (the préfecture then gets the written proof)."""
    afin = "afin que je puisse" if v.je else f"afin {elide('que', v.court)} puisse"
    codes = situation.codes
    attestation = attestation_seule(dossier)  # a missing attestation: no malfunction is proven
    if ("rejet_implicite" in codes or dossier.demande.decision) and attestation:
        # the support cannot confirm a decision: only the fact it sees, the attestation missing, and since when
        espace = "mon espace ANEF" if v.je else f"l'espace ANEF {v.de()}"
        depuis = date_lettre(debut_blocage(dossier)[0])
        return (
            f"Je vous demande de bien vouloir confirmer par écrit que, depuis le {depuis}, aucune attestation de "
            f"prolongation de l'instruction en cours de validité n'est disponible dans {espace}."
        )
    if "rejet_implicite" in codes or dossier.demande.decision:
        # after a decision (implicit or notified) nothing about the API or the dépôt is asked of the support:
        # only the written trace of the malfunction, which the recours may need
        return (
            "Je vous demande de bien vouloir confirmer par écrit la nature de cette anomalie et la date depuis "
            "laquelle elle est constatée."
        )
    if "depot_incomplet" in codes:
        piece, pluriel = piece_refusee.designation(dossier, vos=False)
        la, elle, transmise = ("les", "elles ne peuvent", "transmises") if pluriel else ("la", "elle ne peut", "transmise")
        return (
            f"Je vous demande de bien vouloir corriger l'anomalie qui empêche la transmission de {piece} ou, à "
            f"défaut, confirmer par écrit qu'{elle} pas être {transmise} au moyen du téléservice, {afin} "
            f"{la} faire accepter par la préfecture par une autre voie."
        )
    if situation.depot and "api" in codes and attestation:
        return (
            "Je vous demande de bien vouloir vérifier si une anomalie du téléservice empêche la mise à disposition "
            "de l'attestation de prolongation de l'instruction et, le cas échéant, la corriger ; à défaut, signaler "
            "la situation à la préfecture."
        )
    if situation.depot and "api" in codes:
        return (
            "Je vous demande de bien vouloir corriger l'anomalie qui empêche la mise à disposition de "
            "l'attestation de prolongation de l'instruction, et la signaler à la préfecture."
        )
    impossible = (
        "Je vous demande de bien vouloir corriger cette anomalie ou, à défaut, confirmer par écrit que le dépôt de "
        "la demande au moyen du téléservice est impossible, "
    )
    if not situation.diligences:
        # steps 1 to 4 not proven: the substitution is not asked for yet, only the help to file
        return f"{impossible}{_accompagnement(dossier, v)}."
    return (
        f"{impossible}{afin} solliciter auprès de la préfecture la solution de substitution prévue par "
        f"l'{t['r431_2']['citation']}."
    )


ANEF = "téléservice ANEF (Administration numérique pour les étrangers en France)"


def _dgef_objet(dossier: Dossier) -> str:
    quoi = attestation_manquante(dossier)
    if quoi:
        return f"Signalement ANEF — {quoi}"
    return "Signalement de dysfonctionnement ANEF"


def _dgef_signal(
    dossier: Dossier,
    v: Voix,
    t: dict[str, dict[str, Any]],
    apres_decision: bool,
    aujourd_hui: date,
    rejet: date | None = None,
) -> str:
    """The first sentence of letter 1 after « j'accompagne … »: a malfunction of the téléservice when the dossier
    shows one; a missing attestation as what it is (the préfet makes it available, textes.yaml r431_15_1) — its absence is
    proven by the screenshots, its cause is not. Once an implicit rejection is born (``rejet``), the préfet has
    decided: the sentence dates the rejection instead of recalling that he renews the attestation until he decides."""
    resume = f"{NATURE_PHRASE[dossier.demande.nature]} ({titre_ecrit(dossier)})"
    _, depuis = debut_blocage(dossier)
    depuis = depuis[:1].lower() + depuis[1:]
    if not attestation_seule(dossier) and anef_incertain(dossier) and not apres_decision and not dossier.demande.date_depot:
        return _dgef_signal_incertain(dossier, v, resume, depuis)
    if not attestation_seule(dossier):
        quoi = f"constaté sur {v.sa(resume)}" if apres_decision else f"qui bloque {v.sa(resume)}"
        return f"Je vous signale un dysfonctionnement du {ANEF} {quoi} {depuis}."
    d = dossier.demande
    # the préfet's duty with its conditions (R. 431-15-1): never stated as a fact without them
    role = (
        "alors que, lorsque l'instruction d'une demande complète, déposée dans les délais, se poursuit au-delà de "
        "l'expiration du titre, le préfet est tenu de la mettre à disposition au moyen de ce téléservice et de la "
        f"renouveler tant qu'il n'a pas statué ({t['r431_15_1']['citation']})"
    )
    if rejet is not None:
        return _dgef_signal_rejet(dossier, v, resume, depuis, rejet)
    if "api_expiree" in dossier.blocage.types:
        expiree = (
            f", qui {_etat_titre(d.document_provisoire_fin, aujourd_hui)}"
            if d.document_provisoire == "api" and d.document_provisoire_fin
            else ""
        )
        return (
            f"Je vous signale que l'attestation de prolongation de l'instruction de {v.sa(resume)}{expiree}, n'a pas "
            f"été renouvelée sur le {ANEF}, {role}."
        )
    return (
        f"Je vous signale que, {depuis}, aucune attestation de prolongation de l'instruction de {v.sa(resume)} "
        f"n'est disponible sur le {ANEF}, {role}."
    )


def _dgef_signal_incertain(dossier: Dossier, v: Voix, resume: str, depuis: str) -> str:
    """The filing channel is uncertain (``anef_incertain``): the facts, and the téléservice as the way the person
    thought to file, never « bloque ma demande » as if the demande surely went through it."""
    faits = " ; ".join(constat.clauses(dossier, v))
    pensait = f"je pensais déposer {v.sa(resume)}" if v.je else f"{v.court} pensait déposer {v.sa(resume)}"
    if faits.endswith("téléservice ANEF"):
        return f"Je vous signale que, {depuis}, {faits}, par lequel {pensait}."
    return f"Je vous signale que, {depuis}, {faits} ; c'est par ce téléservice que {pensait}."


def _dgef_renouvelle(dossier: Dossier) -> str:
    """« Je renouvelle le signalement adressé le 29 octobre 2026, resté sans réponse. » when the log holds an
    earlier report to the DGEF support without answer (the last one)."""
    anciens = [
        d for d in dossier.demarches if d.type == "courriel_dgef" and (not d.resultat or SANS_REPONSE.search(d.resultat))
    ]
    if not anciens:
        return ""
    dernier = max(anciens, key=lambda d: d.date)
    return f"Je renouvelle le signalement adressé le {date_lettre(dernier.date)}, resté sans réponse."


def _dgef_signal_rejet(dossier: Dossier, v: Voix, resume: str, depuis: str, rejet: date) -> str:
    """The missing attestation once the implicit rejection is born: since when; the rejection itself is not the
    technical support's business (it is told to the préfecture and the court, not here)."""
    d = dossier.demande
    if "api_expiree" in dossier.blocage.types:
        fin = d.document_provisoire_fin if d.document_provisoire == "api" else None
        depuis_fin = f" depuis le {date_lettre(fin)}, date de son expiration" if fin else ""
        return (
            f"Je vous signale que l'attestation de prolongation de l'instruction de {v.sa(resume)} "
            f"n'a pas été renouvelée sur le {ANEF}{depuis_fin}."
        )
    return (
        f"Je vous signale que, {depuis}, aucune attestation de prolongation de l'instruction de "
        f"{v.sa(resume)} n'est disponible sur le {ANEF}."
    )


def _accompagnement(dossier: Dossier, v: Voix) -> str:
    """« afin de pouvoir être accompagnée pour déposer ma demande », agreed with the civilité (neutral: no
    participle)."""
    a = accord(dossier.personne.civilite)
    if v.je:
        if a.neutre:
            return "afin de pouvoir bénéficier d'un accompagnement pour déposer ma demande"
        return f"afin de pouvoir être accompagné{a.e} pour déposer ma demande"
    if a.neutre:
        return f"afin {elide('que', v.court)} puisse bénéficier d'un accompagnement pour déposer sa demande"
    return f"afin {elide('que', v.court)} puisse être accompagné{a.e} pour déposer sa demande"


def _rejet_ne(situation: Situation) -> date | None:
    """The date of the implicit rejection when the situation says it is born."""
    return situation.echeances.rejet_implicite if "rejet_implicite" in situation.codes else None


def _blocage_dit(dossier: Dossier, situation: Situation, v: Voix) -> dict[str, Any]:
    """The blocking as a fact (the third person for the note and the requête, the writer's voice for the note and
    the letter) and the caseworker's description, one paragraph per typed line — unless it only repeats what the
    blocking's sentence says of the pièce. Neither in the request for the reasons of an implicit rejection: the
    blockage has no place in it."""
    motifs = "rejet_implicite" in situation.codes
    redite = piece_refusee.dite_par_la_description(dossier) and piece_refusee.dite_par_le_constat(dossier)
    redite = redite or constat.description_redite(dossier)  # « en cours d'instruction »: in the constat's sentence
    meme = piece_refusee.meme_piece(dossier) and "depot_incomplet" in situation.codes
    return {
        "difficultes": constat.difficultes(dossier),
        "difficultes_note": constat.difficultes(dossier, dossier.accompagnant is None, constate=not _prouve(dossier)),
        # no démarche's file shows it: the person states it (« Mme DIALLO constate que, depuis … »)
        "constat": "" if motifs else constat.difficultes(dossier, v.je, meme, constate=not _prouve(dossier)),
        "description": [] if motifs or redite else paragraphes(dossier.blocage.description),
    }


def courrier_context(
    dossier: Dossier,
    situation: Situation,
    textes: dict[str, dict[str, Any]],
    aujourd_hui: date,
    pieces: list[Piece] | None = None,
) -> dict[str, Any]:
    """The situation-dependent parts of letters 1 and 2, as ready sentences; ``pieces``: the bordereau (the
    pièce to transmit is cited by its number there)."""
    v = Voix.of(dossier.personne, dossier.signataire == "personne")
    # after a decision (implicit or notified) the demande is no longer « blocked »: the malfunction is dated
    apres_decision = "rejet_implicite" in situation.codes or bool(dossier.demande.decision)
    pieces = number_pieces(dossier, Path()) if pieces is None else pieces
    renvoi = renvoi_piece(pieces)
    objet = _objet(dossier, situation, textes)
    relance = _relance(dossier, situation, aujourd_hui)
    if relance and "rejet_implicite" not in situation.codes:  # after a rejection, a new request, not a relance
        objet = f"Relance — {objet[:1].lower()}{objet[1:]}"
    if v.je:
        courriel = (
            f"Vous trouverez ci-joint mon courrier du {date_lettre(aujourd_hui)} : {objet[:1].lower()}{objet[1:]}."
        )
    else:
        courriel = (
            f"Vous trouverez ci-joint mon courrier du {date_lettre(aujourd_hui)}, adressé pour {v.designation} et "
            f"avec son accord : {objet[:1].lower()}{objet[1:]}."
        )
    return {
        "objet": objet,
        "depot": " ".join(filter(None, (_depot(dossier, situation), relance))),
        **_blocage_dit(dossier, situation, v),
        "piece_demandee": _piece_demandee(dossier, situation),
        "echeance": _echeance(dossier, v, aujourd_hui),
        "titre_ligne": titre_ligne(dossier, aujourd_hui),
        "titre_phrase": f"{_titre_de(v)} {_etat_titre(dossier.demande.titre_actuel_expiration, aujourd_hui)}"
        if dossier.demande.titre_actuel_expiration
        else "",
        "consequences": _consequences(dossier, v, aujourd_hui, pieces),
        "diligences": _diligences(v, situation, textes),
        "fondement": _fondement(dossier, situation, textes, renvoi, pieces),
        "demandes": _demandes(dossier, situation, v, textes, aujourd_hui, renvoi),
        "suite": _suite(dossier, v, situation, textes),
        "courriel": courriel,
        "dgef": _dgef(dossier, situation, v, textes),
        "dgef_signal": _dgef_signal(dossier, v, textes, apres_decision, aujourd_hui, _rejet_ne(situation)),
        "dgef_objet": _dgef_objet(dossier),
        # under « BLOCAGE CONSTATÉ »: the typed description, or the one sentence that says it with the API's end
        "dgef_description": (constat.description_redite(dossier) and constat.expiree(dossier, v.je))
        or dossier.blocage.description,
        "dgef_renouvelle": _dgef_renouvelle(dossier),
        "dgef_apres_decision": apres_decision,
    }
