"""The words of document 5, the draft requête en référé « mesures utiles » (article L. 521-3 CJA), and the
names of its pièces for Télérecours citoyens.

The requête follows the structure practitioners use (docs/situations.md): the tribunal, POUR / CONTRE, faits
et procédure with the dated chronology and the unanswered letter to the préfecture, discussion (recevabilité,
urgence, utilité, no obstacle to a decision), par ces motifs, signature, and the inventaire détaillé whose
names are exactly those of the files in ``pieces-telerecours/`` (CE, Section, 5 octobre 2018, n° 418233).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lettres.documents import constat, piece_refusee
from lettres.documents import pdf as pdf_module
from lettres.documents.avertissements import Avertissement
from lettres.documents.mots import NATURE_PHRASE, textes_cites, ville
from lettres.documents.paragraphes import paragraphes, sur_une_ligne
from lettres.documents.pieces import Piece, demarches_sans_piece, numeros_texte
from lettres.documents.telerecours import PieceTelerecours, requete_name, telerecours_files
from lettres.documents.typographie import apply_typographie
from lettres.dossier import Demarche, Dossier
from lettres.dossier.demarches import LETTRE_PREFECTURE
from lettres.erreurs import DocumentImpossible
from lettres.francais import Accord, accord, date_lettre, du_au, jours_en_lettres, liste_fr, suite_de_phrase
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.analyse import Analyse
from lettres.procedure.delais import Echeances, delai
from lettres.procedure.refere import BLOCAGES_ATTESTATION, Refere
from lettres.procedure.situation import Situation, recepisse_en_jeu
from lettres.procedure.titre import titre_ecrit
from lettres.referentiel import charger_referentiel
from lettres.referentiel.modeles import Prefecture

# the démarches whose pièces are a copy of the letter to the préfecture
TYPES_COURRIER = ("courrier_prefecture", "courriel_prefecture")


def _requerant(civilite: str) -> dict[str, str]:
    """« la requérante », « le requérant », or « la partie requérante » (neutral, agreed in the feminine)."""
    if civilite == "monsieur":
        return {"le": "le requérant", "Le": "Le requérant", "titre": "Requérant", "e": "", "il": "il", "lui": "lui"}
    if civilite == "madame":
        return {
            "le": "la requérante",
            "Le": "La requérante",
            "titre": "Requérante",
            "e": "e",
            "il": "elle",
            "lui": "lui",
        }
    return {
        "le": "la partie requérante",
        "Le": "La partie requérante",
        "titre": "Partie requérante",
        "e": "e",
        "il": "elle",
        "lui": "lui",
    }


def _prefet(dossier: Dossier, prefecture: Prefecture) -> tuple[str, str]:
    """(« le préfet des Alpes-Maritimes », « au préfet des Alpes-Maritimes ») — « la préfète … » when she is
    known to be one; the institution otherwise."""
    departement = prefecture.nom.removeprefix("Préfecture")
    if dossier.envoi.prefet_civilite == "madame":
        return f"la préfète{departement}", f"à la préfète{departement}"
    return f"le préfet{departement}", f"au préfet{departement}"


def _echeance(fin: date | None, e: Echeances) -> date | None:
    """The date from which the préfet is bound to deliver the attestation (R. 431-15-1), while it is to come: the
    injunction then asks it by that date; None once it is past (due now)."""
    if fin is None or fin < e.aujourd_hui:
        return None
    return fin


def _injonctions(dossier: Dossier, refere: Refere, r: dict[str, str], e: Echeances) -> list[tuple[str, date | None]]:
    """Each injunction asked, with the date by which it is due when that date is to come (None: within the delay
    counted from the notification)."""
    d = dossier.demande
    phrases: list[tuple[str, date | None]] = []
    if "depot_impossible" in refere.injonctions:
        phrases.append((
            f"d'inviter {r['le']} à se présenter à un accueil physique permettant l'enregistrement de sa demande de "
            "titre de séjour, ou d'en accepter le dépôt par voie postale ou électronique, et d'enregistrer cette "
            "demande",
            None,
        ))
    if "depot_incomplet" in refere.injonctions:
        piece, _ = piece_refusee.designation(dossier, vos=False)
        depose = f" déposée le {date_lettre(d.date_depot)}" if d.date_depot else ""
        phrases.append((
            f"d'accepter que {piece} lui soit transmise par courrier, par courriel ou au guichet, et de la joindre à "
            f"la demande de titre de séjour{depose}",
            None,
        ))
    if "api" in refere.injonctions:
        if recepisse_en_jeu(dossier):
            phrases.append((f"de remettre à {r['le']} un récépissé de sa demande de titre de séjour", None))
        elif d.document_provisoire == "api":
            phrases.append((
                f"de renouveler l'attestation de prolongation de l'instruction de la demande {_de(r)}",
                _echeance(d.document_provisoire_fin, e),
            ))
        else:
            fin = _echeance(e.titre_expiration, e)
            phrases.append((
                f"de mettre à la disposition {_de(r)} une attestation de prolongation de l'instruction de sa demande de titre de séjour",
                fin,
            ))
    return phrases


def _de(r: dict[str, str]) -> str:
    return "du requérant" if r["le"] == "le requérant" else f"de {r['le']}"


def _a(r: dict[str, str]) -> str:
    return "au requérant" if r["le"] == "le requérant" else f"à {r['le']}"


def _r431_11(t: dict[str, dict[str, Any]]) -> str:
    """R. 431-11 where its 2025 sentence is relied on (read in secondary sources only): cited with its wording."""
    return f"{t['r431_11']['citation']}, dans sa rédaction issue du {t['decret_2025_539']['citation']}"


def _renvoi(telerecours: list[PieceTelerecours], garder: Callable[[Piece], bool]) -> str:
    """« (pièce n° 2) » or « (pièces n° 2 et 3) »: the inventaire's numbers of the pièces that prove a fact,
    "" when none is attached (a fact is never said to be proven by a pièce the inventaire does not hold)."""
    renvoi = numeros_texte([x.numero for x in telerecours if garder(x.piece)])
    return f" ({renvoi})" if renvoi else ""


def _justifie(telerecours: list[PieceTelerecours], cle: str) -> str:
    return _renvoi(telerecours, lambda p: p.demarche is None and p.nature == cle)


def _derniere_capture(telerecours: list[PieceTelerecours]) -> PieceTelerecours | None:
    """The latest dated capture d'écran among the requête's pièces, None without one."""
    captures = [x for x in telerecours if x.piece.nature == "capture_ecran" and x.piece.date is not None]
    return max(captures, key=lambda x: (x.piece.date or date.min, x.numero)) if captures else None


def _au_jour_capture(
    dossier: Dossier, refere: Refere, telerecours: list[PieceTelerecours], court: bool = False
) -> str:
    """« Au 4 novembre 2026, date de la dernière capture d'écran …, aucune attestation … n'y était disponible
    (pièce n° 6) »: a requête states what its latest pièce shows, on its date, not a fact asserted for today —
    when the injunction is the attestation and the blocking is only its absence; "" otherwise."""
    capture = _derniere_capture(telerecours)
    types = set(dossier.blocage.types)
    if "api" not in refere.injonctions or capture is None or not types or not types <= BLOCAGES_ATTESTATION:
        return ""
    quoi = "aucune attestation de prolongation de l'instruction"
    quoi += " en cours de validité" if "api_expiree" in types else ""
    en_cours = ", la demande y apparaissant « en cours d'instruction »" if "instruction_bloquee" in types else ""
    if court:  # the discussion recalls the fact the facts stated (« ``court`` »)
        return f"Au {date_lettre(capture.piece.date)}, {quoi} n'était disponible dans son espace ANEF{_renvoi([capture], lambda p: True)}"
    return (
        f"Au {date_lettre(capture.piece.date)}, date de la dernière capture d'écran de son espace ANEF, {quoi} "
        f"n'y était disponible{en_cours}{_renvoi([capture], lambda p: True)}"
    )


def _difficultes(dossier: Dossier, refere: Refere, telerecours: list[PieceTelerecours]) -> str:
    """The blocking in the facts: dated by the latest capture when it shows it (``_au_jour_capture``), else the
    letters' constat; then the message shown, when the dossier records one."""
    au_jour = _au_jour_capture(dossier, refere, telerecours)
    if not au_jour:
        return constat.difficultes(dossier)
    message = " ".join(dossier.blocage.message_erreur.split())
    return f"{au_jour}." + (f" Le message suivant s'affichait : « {message} »." if message else "")


def _faits(
    dossier: Dossier, situation: Situation, r: dict[str, str], resume: str, telerecours: list[PieceTelerecours]
) -> list[str]:
    d = dossier.demande
    e = situation.echeances
    paragraphes = []
    if situation.depot and d.date_depot:
        numero = f", enregistrée sous le n° {d.numero_anef}" if d.numero_anef else ""
        paragraphes.append(
            f"{r['Le']} a déposé sur le téléservice ANEF, le {date_lettre(d.date_depot)}, une {resume}{numero}"
            f"{_justifie(telerecours, 'attestation_depot')}."
        )
    else:
        paragraphes.append(f"{r['Le']} n'a pas pu déposer sur le téléservice ANEF sa {resume}.")
    if e.titre_expiration:
        verbe = "a expiré" if e.titre_expiration < e.aujourd_hui else "expire"
        paragraphes[-1] += (
            f" Son titre de séjour {verbe} le {date_lettre(e.titre_expiration)}{_justifie(telerecours, 'titre_sejour')}."
        )
    if d.document_provisoire and d.document_provisoire_fin:
        quoi = (
            "Le récépissé qui lui a été remis"
            if d.document_provisoire == "recepisse"
            else "L'attestation de prolongation de l'instruction qui lui a été délivrée"
        )
        verbe = "a expiré" if d.document_provisoire_fin < e.aujourd_hui else "expire"
        paragraphes.append(
            f"{quoi} {verbe} le {date_lettre(d.document_provisoire_fin)}"
            f"{_justifie(telerecours, 'document_provisoire')}."
        )
    return paragraphes


def citer(text: str) -> str:
    """A text quoted between « »: its own « » become “ ” (French nested quotes)."""
    text = " ".join(text.split())
    return text.replace("« ", "“").replace("«", "“").replace(" »", "”").replace("»", "”")


def citer_lignes(text: str) -> str:
    """``citer`` line by line: the lines stay lines (one paragraph each in the requête)."""
    return "\n".join(citer(ligne) for ligne in text.splitlines())


# what a letter to the préfecture asked for (démarche ``objet``), as the requête words it
OBJETS = {
    "rendez_vous": "un rendez-vous",
    "accompagnement": "un accompagnement au point d'accueil numérique",
    "substitution": "la mise en œuvre de la solution de substitution au téléservice",
    "piece": "la transmission d'une pièce par une autre voie que le téléservice",
    "api": "la délivrance de l'attestation de prolongation de l'instruction",
    "recepisse": "la remise d'un récépissé",
    "motifs": "la communication des motifs d'une décision implicite de rejet",
}


def lettre_prefecture(dossier: Dossier, envoye_le: date | None) -> Demarche | None:
    """The letter (or e-mail) to the préfecture logged at ``envoye_le``, else the latest one logged."""
    lettres = [d for d in dossier.demarches if d.type in LETTRE_PREFECTURE]
    du_jour = [d for d in lettres if d.date == envoye_le]
    candidates = du_jour or sorted(lettres, key=lambda d: d.date)
    return candidates[-1] if candidates else None


def _demande_prefecture(dossier: Dossier, situation: Situation) -> str:
    """What the letter to the préfecture asked, as a noun phrase — only what its démarche records (``objet``):
    a letter written elsewhere is never given a content the dossier does not hold."""
    lettre = lettre_prefecture(dossier, situation.echeances.courrier_prefecture)
    objets = [OBJETS[o] for o in (lettre.objet if lettre else []) if o in OBJETS]
    return " et ".join(objets)


def _obstacle(situation: Situation, r: dict[str, str], t: dict[str, dict[str, Any]]) -> str:
    """No decision stands in the way — and, when the implicit rejection is near, until when that holds."""
    e = situation.echeances
    texte = (
        f"À la connaissance {_de(r)}, aucune décision de refus de séjour ni aucune mesure d'éloignement n'a été "
        "prise à son encontre : la mesure sollicitée ne fait obstacle à l'exécution d'aucune décision administrative."
    )
    if e.rejet_implicite is not None and e.aujourd_hui < e.rejet_implicite:
        plus_tot = "" if e.rejet_implicite_certain else ", au plus tôt,"
        texte += (
            f" Le silence gardé sur la demande déposée le {date_lettre(e.depot)} ne vaudra décision implicite de "
            f"rejet{plus_tot} que le {date_lettre(e.rejet_implicite)}."
        )
        if e.rejet_proche:
            texte += (
                " Une décision refusant la mesure demandée qui interviendrait après l'introduction de la présente "
                "requête ne ferait pas obstacle à ce que le juge des référés fasse usage des pouvoirs qu'il tient de "
                f"l'{t['l521_3_cja']['citation']} ({t['ce_2018_420343']['citation']}). {r['Le']} saisit le juge "
                f"des référés avant le {date_lettre(e.rejet_implicite)} et lui demande de statuer avant cette date, ou "
                "à tout le moins d'assortir l'injonction d'un bref délai d'exécution."
            )
    return texte


def _contestation(
    dossier: Dossier,
    situation: Situation,
    refere: Refere,
    r: dict[str, str],
    t: dict[str, Any],
    telerecours: list[PieceTelerecours],
) -> list[str]:
    """Why the measure meets no serious dispute: what makes it due and the completeness the dossier shows (the
    renewal filed in time is said under the utility) — each sentence only when the dossier holds its fact."""
    e, d = situation.echeances, dossier.demande
    paragraphes = []
    if "depot_impossible" in refere.injonctions:
        # « établie » only once steps 1 to 4 are proven (step 4: attempts over a week, CE 435594)
        preuve = "établie par" if situation.diligences else "dont témoignent"
        paragraphes.append(
            f"L'impossibilité d'utiliser le téléservice, {preuve} les démarches relatées ci-dessus, est celle "
            f"que vise l'{t['r431_2']['citation']} : la solution de substitution qu'il prévoit est due, et sa mise en "
            "œuvre ne préjuge pas de la décision à prendre sur la demande."
        )
    if "depot_incomplet" in refere.injonctions:
        paragraphes.append(
            "La demande est déposée ; seule la transmission d'une pièce par le téléservice est impossible. Accepter "
            "cette pièce par une autre voie ne préjuge pas de la décision à prendre sur la demande."
        )
    if "api" in refere.injonctions:
        if e.completude == "prouvee":
            preuve = (
                "le préfet a lui-même regardé la demande comme complète"
                if d.complet == "oui"
                else "la délivrance d'un document provisoire montre que la demande a été regardée comme complète"
            )
            paragraphes.append(f"L'obligation du préfet n'est pas sérieusement contestable : {preuve}.")
        elif "depot_incomplet" in situation.codes and e.completude in ("incertaine", "non"):
            jointe = _justifie(telerecours, "piece_a_transmettre")
            paragraphes.append(
                "L'obligation du préfet n'est pas sérieusement contestable : la seule incomplétude qui pourrait être "
                "opposée à la demande tient au téléservice"
                + (f", et la pièce en cause est produite{jointe}." if jointe else ".")
            )
        elif e.completude == "presumee":
            # what the dossier holds (no pièce asked for), not a negative fact it cannot prove
            paragraphes.append(
                f"L'obligation du préfet n'est pas sérieusement contestable : à la connaissance {_de(r)}, aucune pièce "
                "ne lui a été demandée, alors qu'il appartient à l'administration de demander les pièces manquantes "
                f"d'une demande incomplète ({_r431_11(t)})."
            )
    if not paragraphes:
        # always true of these injunctions: the section is never empty
        paragraphes.append(
            "La mesure demandée est provisoire et ne préjuge pas de la décision à prendre sur la demande de titre de "
            "séjour."
        )
    return paragraphes


def _prefecture(
    dossier: Dossier, situation: Situation, r: dict[str, str], au_prefet: str, telerecours: list[PieceTelerecours]
) -> str:
    """The letter to the préfecture as the dossier records it: the delay is said only when the préfecture
    announced it (a letter written elsewhere does not tell which delay it gave); without the date of receipt, the
    silence is counted from the sending, with no delay computed."""
    e = situation.echeances
    if e.courrier_prefecture is None:
        return ""
    envoi = dossier.envoi
    numero = f" n° {envoi.numero_recommande}" if envoi.numero_recommande else ""
    comment = f"courrier recommandé avec avis de réception{numero}" if envoi.recommande else "courrier"
    demande = _demande_prefecture(dossier, situation)
    fait = f"a demandé {au_prefet} {demande}" if demande else f"s'est adressé{r['e']} {au_prefet}"
    lettre = lettre_prefecture(dossier, e.courrier_prefecture)
    renvoi = _renvoi(telerecours, lambda p: lettre is not None and p.demarche == lettre)
    fait += renvoi
    envoye = date_lettre(e.courrier_prefecture)
    if e.reception_inconnue or not renvoi:
        # no acknowledgement date, or no copy of the letter and its AR among the pièces: the delay is not computed
        # (a requête does not say « unknown », nor count from a receipt it does not prove)
        return f"Par {comment}, {r['le']} {fait}. Ce courrier est resté sans réponse depuis son envoi le {envoye}."
    recu = f", reçu le {date_lettre(e.accuse_reception)}" if e.accuse_reception else ""
    if e.delai_prefecture_annonce and e.delai_prefecture_expire:
        return (
            f"Par {comment} du {envoye}{recu}, {r['le']} {fait}. Le délai de {e.delai_prefecture_jours} jours "
            f"qu'elle a elle-même annoncé a expiré le {date_lettre(e.fin_delai_prefecture)} sans réponse."
        )
    if e.delai_prefecture_expire and e.reponse_attendue_depuis is not None:
        recu = f"Reçu le {date_lettre(e.accuse_reception)}, ce courrier" if e.accuse_reception else "Ce courrier"
        return f"Par {comment} du {envoye}, {r['le']} {fait}. {recu} est resté sans réponse à ce jour."
    return f"Par {comment} du {envoye}{recu}, {r['le']} {fait}. Ce courrier est à ce jour resté sans réponse."


def _urgence(
    dossier: Dossier,
    situation: Situation,
    r: dict[str, str],
    cite: bool,
    t: dict[str, dict[str, Any]],
    telerecours: list[PieceTelerecours],
) -> list[str]:
    e = situation.echeances
    consequences = sur_une_ligne(dossier.blocage.consequences)  # typed on several lines: « ; » between them
    renvoi = _justifie(telerecours, "consequences")
    if not e.urgence_presumee:
        return _urgence_a_prouver(r, cite, t, consequences, renvoi)
    titre = ""
    if e.titre_expiration:
        verbe = "a expiré" if e.titre_expiration < e.aujourd_hui else "expire"
        titre = f", qui {verbe} le {date_lettre(e.titre_expiration)}"
    paragraphes = [
        f"{r['Le']} sollicite le renouvellement de son titre de séjour{titre}. S'agissant du renouvellement d'un "
        f"titre de séjour, la condition d'urgence est en principe regardée comme remplie "
        f"({t['ce_2022_453391']['citation']})."
    ]
    maintien = _maintien(dossier, situation, r, t, renvoi)
    if maintien:
        paragraphes.append(maintien)
    if consequences and not (maintien and _employeur(dossier, r, renvoi)):  # the employer's threat, argued above
        paragraphes.append(
            f"{r['Le']} en décrit ainsi les conséquences : « {citer(consequences)} »" if cite else consequences
        )
    if consequences and renvoi:
        paragraphes.append(f"Le document qui en fait état est produit{renvoi}.")
    return paragraphes


def _urgence_a_prouver(r: dict[str, str], cite: bool, t: dict[str, dict[str, Any]], consequences: str, renvoi: str) -> list[str]:
    """Outside a renewal the urgency is not presumed (CE 453391): particular circumstances, said only with the
    pièce that proves them — without it the sentence that would rest on them is not written (the draft's banner
    names the pièce to add)."""
    paragraphes = [
        "Hors le cas du renouvellement d'un titre de séjour, la condition d'urgence n'est pas présumée : "
        f"{r['le']} doit justifier de circonstances particulières ({t['ce_2022_453391']['citation']})."
    ]
    if not consequences or not renvoi:
        return paragraphes
    # a caseworker's text goes on the sentence, lower-case; else it is quoted (« … » may open with a capital)
    suite = None if cite else suite_de_phrase(consequences)
    qui = f"que {r['le']} décrit ainsi" if cite else "ainsi décrites"
    if suite and ":" in suite:
        # the text has its own colon: a sentence of its own, never « (pièce n° 10) : … : … »
        phrase = consequences if consequences.endswith((".", "!", "?")) else f"{consequences}."
        paragraphes.append(
            f"En l'espèce, l'urgence résulte des conséquences concrètes de la situation{renvoi}. "
            f"{phrase[:1].upper()}{phrase[1:]}"
        )
    elif suite:
        paragraphes.append(
            f"En l'espèce, l'urgence résulte des conséquences concrètes de la situation{renvoi} : {suite}"
        )
    else:
        paragraphes.append(
            f"En l'espèce, l'urgence résulte des conséquences concrètes de la situation{renvoi}, {qui} : "
            f"« {citer(consequences)} »"
        )
    return paragraphes


def _sans_document(dossier: Dossier, situation: Situation, r: dict[str, str]) -> str:
    """« Since the titre expired, no API nor récépissé »: said only when the titre has expired and the dossier holds
    no provisional document still valid."""
    e, d = situation.echeances, dossier.demande
    if e.titre_expiration is None or e.titre_expiration >= e.aujourd_hui:
        return ""
    if d.document_provisoire and (d.document_provisoire_fin is None or d.document_provisoire_fin >= e.aujourd_hui):
        return ""
    return (
        f"Depuis l'expiration de son titre de séjour, le {date_lettre(e.titre_expiration)}, {r['le']} ne dispose "
        "d'aucune attestation de prolongation de l'instruction ni d'aucun récépissé en cours de validité."
    )


def _maintien(
    dossier: Dossier, situation: Situation, r: dict[str, str], t: dict[str, dict[str, Any]], renvoi: str = ""
) -> str:
    """The rights kept after expiry (L. 433-3 CESEDA), argued so as never to concede « no urgency before their
    end »: the expired titre is the document, but only until a date while no decision is announced; the employer's
    refusal of it only when the consequences the dossier describes say so, with the pièce that says so (``renvoi``)
    when the inventaire holds it; then the attestation (R. 431-15-1) as the only way out. A
    pluriannual card whose length the dossier does not give (L. 433-3 names the four-year card) is left out of a
    court filing: no hypothesis."""
    e = situation.echeances
    fin = e.droits_maintenus_jusqu_au
    sans = _sans_document(dossier, situation, r)
    if fin is None or e.maintien_condition:
        return sans
    phrases = [sans] if sans else []
    if fin < e.aujourd_hui:
        phrases.append(
            f"Le maintien des droits sociaux et du droit d'exercer une activité professionnelle que l'"
            f"{t['l433_3']['citation']} attache, pendant trois mois, au titre expiré a pris fin le {date_lettre(fin)} : "
            f"{r['le']} ne dispose plus d'aucun document justifiant de ces droits."
        )
        return " ".join(phrases)
    phrases.append(
        f"Si l'{t['l433_3']['citation']} permet {_a(r)} de justifier de la régularité de son séjour par "
        f"{_titre_expire(dossier, e)}, cette garantie prend fin au plus tard le {date_lettre(fin)}, alors qu'aucune "
        f"décision n'est annoncée{_employeur(dossier, r, renvoi)}."
    )
    if "api" in situation.codes:
        phrases.append(f"Seule l'attestation prévue à l'{t['r431_15_1']['citation']} met fin à cette situation.")
    return " ".join(phrases)


def _titre_expire(dossier: Dossier, e: Echeances) -> str:
    """« sa carte expirée », « son titre expiré » — « une fois expiré » while the titre is still valid."""
    carte = titre_ecrit(dossier).lower().startswith("carte")
    une_fois = "" if e.titre_expiration is not None and e.titre_expiration < e.aujourd_hui else "une fois "
    return f"sa carte {une_fois}expirée" if carte else f"son titre {une_fois}expiré"


def _employeur(dossier: Dossier, r: dict[str, str], renvoi: str) -> str:
    """« ; le requérant indique en outre que son employeur menace de suspendre son contrat de travail … » — only
    when the consequences the dossier describes say both the employer and the suspension, with the pièce that says
    so (``renvoi``) only when the inventaire holds it; "" otherwise."""
    phrases = PHRASE.split(dossier.blocage.consequences)
    if not any(EMPLOYEUR.search(phrase) and SUSPENSION.search(phrase) for phrase in phrases):
        return ""  # « La CAF a suspendu mes droits » beside « mon employeur » is no threat of the employer
    # what the person reports, as reported: nothing in the dossier shows the employer refused the expired titre
    return (
        f" ; {r['le']} indique en outre que son employeur menace de suspendre son contrat de travail faute de "
        f"document de séjour valable{renvoi}"
    )


# the consequences the dossier describes concern an employer: the L. 433-3 paragraph names it
EMPLOYEUR = re.compile(r"\b(employeur|employeuse|embauche|contrat de travail)", re.IGNORECASE)
# a description about the missing attestation, which the dated capture sentence of the facts already says
ATTESTATION = re.compile(r"\battestation", re.IGNORECASE)
# ... and say the employer threatens to suspend the contract
SUSPENSION = re.compile(r"\bsuspen(dre|drai|drait|sion|du)", re.IGNORECASE)
# ... both in one sentence or typed line
PHRASE = re.compile(r"[.;!?\n]+")


def _utilite(
    dossier: Dossier,
    situation: Situation,
    refere: Refere,
    r: dict[str, str],
    t: dict[str, dict[str, Any]],
    telerecours: list[PieceTelerecours],
) -> list[str]:
    paragraphes: list[str] = []
    api = _utilite_api(dossier, situation, refere, r, t, telerecours) if "api" in refere.injonctions else []
    ce = t["ce_2022_452798"]
    rappel = (
        "S'agissant de l'obligation de recourir à un téléservice, le Conseil d'État a jugé que "
        f"« {ce['extrait'][:1].lower()}{ce['extrait'][1:]} » ({ce['citation']})."
    )
    if "depot_impossible" in refere.injonctions:
        paragraphes.append(
            f"L'{t['r431_2']['citation']}, dans sa rédaction issue du {t['decret_2023_191']['citation']}, prévoit "
            f"qu'« {t['r431_2']['extrait']} ». {rappel}"
        )
    elif "depot_incomplet" in refere.injonctions:
        # a pièce to transmit: the missing pièces are asked for and sent within a reasonable time (r431_11) — said
        # here unless the attestation's paragraph on the téléservice's incompleteness, which ends on it, says it
        r431_11 = (
            "Lorsqu'une demande de titre de séjour est incomplète, les pièces manquantes doivent être demandées par "
            f"l'administration et transmises par l'étranger dans un délai raisonnable ({_r431_11(t)}). "
        )
        paragraphes.append(f"{'' if any(R431_11_DIT in x for x in api) else r431_11}{rappel}")
    if "depot_impossible" in refere.injonctions or "depot_incomplet" in refere.injonctions:
        accomplies = _accomplies(dossier, r, t, telerecours)
        if accomplies:
            paragraphes.append(accomplies)
    if "depot_impossible" in refere.injonctions:
        paragraphes.append(
            f"Seule l'injonction d'enregistrer sa demande par une autre voie que le téléservice permettra à {r['le']} "
            "de voir sa demande examinée : la mesure est utile."
        )
    if "depot_incomplet" in refere.injonctions:
        piece, _ = piece_refusee.designation(dossier, vos=False)
        paragraphes.append(
            "La demande, déposée dans les formes, ne peut pas être complétée par le téléservice ; seule l'acceptation de "
            f"{piece} par une autre voie permettra son instruction : la mesure est utile."
        )
    return paragraphes + api


def _accomplies(
    dossier: Dossier, r: dict[str, str], t: dict[str, dict[str, Any]], telerecours: list[PieceTelerecours]
) -> str:
    """The steps applied to the facts (CE 435594): « La requérante a accompli les diligences qui lui incombaient,
    du 17 septembre au 23 octobre 2026, sur plusieurs semaines : captures d'écran, …, trois demandes de rendez-vous …
    (pièces n° 2 à 9 ; CE, 10 juin 2020, n° 435594). » — from the démarches logged and the pièces that prove them."""
    faites = _diligences(dossier)
    dates = sorted(x.date for x in dossier.demarches)
    if not faites or not dates:
        return ""
    semaines = ", sur plusieurs semaines" if (dates[-1] - dates[0]).days >= 7 else ""
    numeros = _numeros([x for x in telerecours if x.piece.demarche is not None]).strip()[1:-1]
    renvoi = f"{numeros} ; " if numeros else ""
    return (
        f"{r['Le']} a accompli les diligences qui lui incombaient, {_du_au(dates[0], dates[-1])}{semaines} : "
        f"{faites} ({renvoi}{t['ce_2020_435594']['citation']})."
    )


def _utilite_api(
    dossier: Dossier,
    situation: Situation,
    refere: Refere,
    r: dict[str, str],
    t: dict[str, dict[str, Any]],
    telerecours: list[PieceTelerecours],
) -> list[str]:
    """The attestation is due from the expiry of the titre (or of the attestation in force) for a complete demande
    filed in time: the dépôt and the expiry with their pièces, the measure's effect, and — when the demande may be
    held incomplete — why that incompleteness is the téléservice's doing."""
    d, e = dossier.demande, situation.echeances
    depose = f" le {date_lettre(d.date_depot)}{_justifie(telerecours, 'attestation_depot')}" if d.date_depot else ""
    texte = (
        "Lorsqu'une demande complète, déposée dans les délais, est toujours en cours d'instruction à l'expiration "
        "du titre de séjour, le préfet est tenu de mettre à disposition une attestation de prolongation de "
        "l'instruction, valable trois mois au plus et renouvelée tant qu'aucune décision n'a été prise "
        f"({t['r431_15_1']['citation']}). {r['Le']} a déposé sa demande{depose}{_periode(situation, t)}"
    )
    if d.document_provisoire == "api" and d.document_provisoire_fin and d.document_provisoire_fin >= e.aujourd_hui:
        fin, quoi = d.document_provisoire_fin, "l'attestation qui lui a été délivrée"
        renvoi, du = _justifie(telerecours, "document_provisoire"), "son renouvellement sera dû"
    elif not d.document_provisoire and e.titre_expiration and e.titre_expiration >= e.aujourd_hui:
        fin, quoi = e.titre_expiration, "son titre de séjour"
        renvoi, du = _justifie(telerecours, "titre_sejour"), "l'attestation sera due"
    else:
        fin = None
    if fin is None:
        au_jour = _au_jour_capture(dossier, refere, telerecours, court=True)
        constat_du = (
            f". {au_jour}" if au_jour else f" ; aucune attestation en cours de validité ne {r['lui']} a été délivrée"
        )
        texte += f"{constat_du}.{_vaines(dossier, telerecours)} L'injonction sollicitée, qui ne préjuge pas de la "
        texte += "décision à prendre sur la demande, est utile."
    else:
        texte += (
            f". {quoi[:1].upper()}{quoi[1:]} expire le {date_lettre(fin)}{renvoi} : {du} à compter de cette date si la "
            "demande est toujours en cours d'instruction. L'injonction sollicitée, qui porte sur l'attestation due à "
            f"cette date et ne préjuge pas de la décision à prendre sur la demande, est utile : elle évite que {r['le']} se "
            f"trouve, à cette date, dépourvu{r['e']} de tout document provisoire."
        )
    completude = _completude_teleservice(dossier, situation, r, t, telerecours)
    return [texte, completude] if completude else [texte]


# to whom each kind of step was addressed, in the order of the fiche (« auprès de … »)
AUPRES = (
    ("appel_anef formulaire_contact", "de l'assistance ANEF"),
    ("courriel_dgef", "de la DGEF"),
    ("demande_rdv visite_pan", "du point d'accueil numérique"),
    ("courrier_prefecture courriel_prefecture", "de la préfecture"),
)


def _vaines(dossier: Dossier, telerecours: list[PieceTelerecours]) -> str:
    """« Les démarches accomplies du 30 octobre au 13 novembre 2026 auprès de l'assistance ANEF, … (pièces n° 3
    à 8) sont restées vaines : seule l'injonction du juge permet d'obtenir l'attestation. » — from the démarches
    the inventaire proves; "" when it proves none addressed to anyone."""
    prouvees = [x for x in telerecours if x.piece.demarche is not None]
    types = {x.piece.demarche.type for x in prouvees if x.piece.demarche is not None}
    aupres = [qui for codes, qui in AUPRES if types & set(codes.split())]
    if not aupres:
        return ""
    dates = sorted(x.piece.demarche.date for x in prouvees if x.piece.demarche is not None)
    return (
        f" Les démarches accomplies {_du_au(dates[0], dates[-1])} auprès {liste_fr(aupres)}"
        f"{_numeros(prouvees)} sont restées vaines : seule l'injonction du juge permet d'obtenir l'attestation."
    )


def _du_au(debut: date, fin: date) -> str:
    """« du 30 octobre au 13 novembre 2026 », « le 30 octobre 2026 » when one day."""
    return f"le {date_lettre(debut)}" if debut == fin else du_au(debut, fin)


def _numeros(pieces: list[PieceTelerecours]) -> str:
    """« (pièces n° 3 à 8) » for an unbroken run, « (pièces n° 2, 4 et 6) » otherwise, « (pièce n° 3) » alone."""
    numeros = sorted({x.numero for x in pieces})
    if not numeros:
        return ""
    if len(numeros) > 2 and numeros == list(range(numeros[0], numeros[-1] + 1)):
        return f" (pièces n° {numeros[0]} à {numeros[-1]})"
    return _renvoi(pieces, lambda p: True)


def _depuis_teleservice(dossier: Dossier) -> str:
    """« depuis le 30 septembre 2026 » — when the refusal (or the blocking) began, as the dossier records it."""
    b = dossier.blocage
    depuis = b.piece_refusee_depuis or b.depuis
    return f" depuis le {date_lettre(depuis)}" if depuis else ""


def _completude_teleservice(
    dossier: Dossier, situation: Situation, r: dict[str, str], t: dict[str, dict[str, Any]], telerecours: list[PieceTelerecours]
) -> str:
    """When the préfecture asked for a pièce, or one cannot be uploaded, the demande may be held incomplete: the
    requête does not take completeness as granted, it argues that the gap is the téléservice's doing — the pièce
    asked for (and when), the refusal since when, the captures, the pièce produced or offered by another channel,
    each said only when the dossier holds it (docs/situations.md). "" when nothing points to the téléservice."""
    e = situation.echeances
    if e.completude not in ("incertaine", "non") or "depot_incomplet" not in situation.codes:
        return ""
    d = dossier.demande
    piece, pluriel = piece_refusee.designation(dossier, vos=False)
    faute = f"des {piece[4:]}" if piece.startswith("les ") else f"de {piece}"
    la = "les" if pluriel else "la"
    captures = _renvoi(telerecours, lambda p: p.nature == "capture_ecran")
    preuve = f", comme le montrent les captures d'écran produites{captures}" if captures else ""
    if piece_refusee.demandee(dossier):
        le = f" le {date_lettre(d.piece_demandee_le)}" if d.piece_demandee_le else ""
        quoi = f" la pièce suivante : {d.piece_demandee}" if d.piece_demandee else " une pièce"
        texte = (
            f"La préfecture a demandé{le}{quoi}{_justifie(telerecours, 'demande_piece')}. Le téléservice, seule voie "
            f"de dépôt ouverte, ne permet pas de {la} transmettre{_depuis_teleservice(dossier)}{preuve} : "
            f"l'incomplétude de la demande tient au seul téléservice, et non à {r['le']}."
        )
    else:
        texte = (
            f"Si la demande n'était pas regardée comme complète faute {faute}, cette incomplétude tiendrait au seul "
            f"téléservice, unique voie de dépôt ouverte, qui ne permet pas de {la} transmettre"
            f"{_depuis_teleservice(dossier)}{preuve}, et non à {r['le']}."
        )
    texte += _offre(dossier, situation, pluriel, telerecours)
    return (
        f"{texte} {R431_11_DIT} par l'administration et transmises par l'étranger dans un délai raisonnable "
        f"({_r431_11(t)}) : une incomplétude que le téléservice seul empêche de réparer ne saurait justifier le "
        "refus de l'attestation."
    )


# how the attestation's paragraph on the téléservice's incompleteness states R. 431-11: the utility says it once
R431_11_DIT = "Les pièces manquantes d'une demande incomplète doivent être demandées"


def _offre(dossier: Dossier, situation: Situation, pluriel: bool, telerecours: list[PieceTelerecours]) -> str:
    """« La pièce est produite à l'appui de la présente requête (pièce n° 1) ; elle a été proposée au préfet par
    courrier du … (pièce n° 8). » — each part only when the dossier holds its file or its letter."""
    jointe = _justifie(telerecours, "piece_a_transmettre")
    lettre = lettre_prefecture(dossier, situation.echeances.courrier_prefecture)
    offerte = lettre is not None and "piece" in lettre.objet
    parts = []
    if jointe:
        produite = "Ces pièces sont produites" if pluriel else "Cette pièce est produite"
        parts.append(f"{produite} à l'appui de la présente requête{jointe}")
    if offerte and lettre is not None:
        qui = ("elles ont" if pluriel else "elle a") if jointe else ("Ces pièces ont" if pluriel else "La pièce a")
        renvoi = _renvoi(telerecours, lambda p: p.demarche == lettre)
        moyen = "courriel" if lettre.type == "courriel_prefecture" else "courrier"
        parts.append(
            f"{qui} été proposée{'s' if pluriel else ''} au préfet par une autre voie, par {moyen} du "
            f"{date_lettre(lettre.date)}{renvoi}"
        )
    return f" {' ; '.join(parts)}." if parts else ""


DILIGENCES = (
    ("capture_ecran", "captures d'écran du blocage"),
    ("formulaire_contact courriel_dgef", "signalement au service de l'ANEF"),
    ("appel_anef", "appel à l'assistance ANEF"),
    ("demande_rdv visite_pan", "demande de rendez-vous au point d'accueil numérique"),
    ("courrier_prefecture courriel_prefecture", "courrier à la préfecture"),
)


def _periode(situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    """« , dans la période prévue à l'article … » (r431_5) when the renewal was filed in it; nothing otherwise."""
    f = situation.echeances.fenetre
    if f is None or f.etat != "dans_les_delais":
        return ""
    return f", dans la période prévue à l'{t['r431_5']['citation']} (du {date_lettre(f.debut)} au {date_lettre(f.fin)})"


def _diligences(dossier: Dossier) -> str:
    """The kinds of steps the log actually holds, in the order of the fiche (never one it does not); several
    appointment requests counted (« trois demandes de rendez-vous … »)."""
    types = [d.type for d in dossier.demarches]
    faites = []
    for codes, libelle in DILIGENCES:
        nombre = sum(1 for x in types if x in codes.split())
        demandes = types.count("demande_rdv")  # a visit to the point d'accueil is not a request: not counted
        if demandes > 1 and libelle.startswith("demande de rendez-vous"):
            faites.append(f"{jours_en_lettres(demandes).split()[0]} demandes{libelle.removeprefix('demande')}")
        elif nombre:
            faites.append(libelle)
    return ", ".join(faites)


def _maitre(nom: str) -> str:
    """« Maître Dupont » from « Dupont », « Me Dupont » or « Maître Dupont »; "" without a name."""
    nom = " ".join(nom.split())
    if not nom:
        return ""
    for titre in ("maître ", "maitre ", "me "):
        if nom.lower().startswith(titre):
            nom = nom[len(titre) :]
    return f"Maître {nom}"


def _frais(dossier: Dossier, r: dict[str, str], t: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The paragraph and the conclusion on costs (L. 761-1 CJA, with article 37 under legal aid)."""
    somme = dossier.recours.frais_euros
    if not somme:
        return "", ""
    montant = f"{somme:,}".replace(",", " ") + " euros"
    # article 37 only for a lawyer who files the requête (recours.avocat), never for one only told of the case
    avocat = dossier.recours.avocat
    if dossier.recours.aide_juridictionnelle == "demandee" and avocat:
        nom = _maitre(avocat)
        return (
            f"{r['Le']} a sollicité le bénéfice de l'aide juridictionnelle. Son conseil demande que soit mise à la "
            f"charge de l'État la somme de {montant} au titre de l'{t['l761_1_cja']['citation']} et de "
            f"l'{t['loi_1991_647_art37']['citation']}.",
            f"METTRE À LA CHARGE de l'État le versement à {nom} de la somme de {montant} au titre des articles "
            f"{t['l761_1_cja']['numero']} du code de justice administrative et {t['loi_1991_647_art37']['numero']} de "
            f"la loi n° 91-647 du 10 juillet 1991, sous réserve que {nom} renonce à percevoir la part contributive de "
            "l'État",  # the lawyer by name: « qu'il » would presume a man
        )
    return (
        f"Il serait inéquitable de laisser à la charge {_de(r)} les frais qu'elle a exposés ; il est demandé de mettre "
        f"à la charge de l'État la somme de {montant} au titre de l'{t['l761_1_cja']['citation']}."
        if r["il"] == "elle"
        else f"Il serait inéquitable de laisser à la charge {_de(r)} les frais qu'il a exposés ; il est demandé de "
        f"mettre à la charge de l'État la somme de {montant} au titre de l'{t['l761_1_cja']['citation']}.",
        f"METTRE À LA CHARGE de l'État la somme de {montant} au titre de l'{t['l761_1_cja']['citation']}",
    )


def _aide(dossier: Dossier, r: dict[str, str]) -> str:
    """The sentence on legal aid, asked or to be asked; "" otherwise."""
    return {
        "demandee": f"{r['Le']} a sollicité le bénéfice de l'aide juridictionnelle.",
        "a_demander": f"{r['Le']} sollicite le bénéfice de l'aide juridictionnelle.",
    }.get(dossier.recours.aide_juridictionnelle, "")


def _description(
    dossier: Dossier, r: dict[str, str], cite: bool, capture_dite: bool = False
) -> list[dict[str, object]]:
    """The blocking as described, one paragraph per typed line, quoted when the person wrote it herself; none
    without one, or when the facts already say, from the latest capture (``capture_dite``), the missing
    attestation it describes."""
    description = dossier.blocage.description
    if not description.strip() or (capture_dite and ATTESTATION.search(description)):
        return []
    if not cite:
        return paragraphes(description)
    return paragraphes(citer_lignes(description), f"{r['Le']} décrit ainsi la situation :", guillemets=True)


def _pour(dossier: Dossier, a: Accord, r: dict[str, str], conseil: str) -> list[str]:
    """Who the requête is for: name, birth, nationality, address, how to reach her, interpreter, counsel."""
    p = dossier.personne
    telephone = dossier.recours.telephone or p.telephone
    naissance = (
        f"{a.ne} le {date_lettre(p.date_naissance)}" if not a.neutre else f"née le {date_lettre(p.date_naissance)}"
    )
    if a.neutre:  # « date et lieu de naissance : 17 février 1998, Addis-Abeba »: no « né » to agree
        naissance = f"date {'et lieu ' if p.lieu_naissance else ''}de naissance : {date_lettre(p.date_naissance)}"
        naissance += f", {p.lieu_naissance}" if p.lieu_naissance else ""
    else:
        naissance += f" à {p.lieu_naissance}" if p.lieu_naissance else ""
    pour = [f"{a.civilite} {p.prenoms} {p.nom}".strip(), f"{naissance}, de nationalité {p.nationalite}"]
    if p.adresse:
        pour.append("demeurant " + ", ".join(p.adresse.splitlines()))
    if p.numero_etranger:
        pour.append(f"numéro étranger : {p.numero_etranger}")
    contact = [f"téléphone (joignable en urgence) : {telephone}"] if telephone else []
    if p.courriel:
        contact.append(f"courriel : {p.courriel}")
    if contact:
        pour.append(" ; ".join(contact))
    if p.interprete:
        pour.append(f"ayant besoin d'un interprète en langue {p.interprete}")
    if conseil:
        pour.append(f"représenté{r['e']} par {conseil}")
    return pour


def _conclusions(
    dossier: Dossier,
    refere: Refere,
    r: dict[str, str],
    au_prefet: str,
    textes: dict[str, dict[str, Any]],
    e: Echeances,
) -> tuple[str, list[str]]:
    """The « par ces motifs » list (aide, injonctions, frais), each ending as a list item, and the frais part."""
    jours = dossier.recours.delai_jours or _delai_injonction(e)
    astreinte = dossier.recours.astreinte_euros
    injonctions = _injonctions(dossier, refere, r, e)
    sous = f", sous astreinte de {astreinte} euros par jour de retard" if astreinte else ""
    duree = _duree(jours)
    conclusions = []
    for injonction, fin in injonctions:
        if fin is not None:
            # due on a date to come: by that date, or within the delay when the order comes later (A2-8)
            conclusions.append(
                f"ENJOINDRE {au_prefet} {injonction} au plus tard le {date_lettre(fin)} ou, si l'ordonnance est "
                f"notifiée après cette date, dans un délai de {duree} à compter de sa notification{sous}"
            )
        elif not any(c.startswith(f"ENJOINDRE {au_prefet}, dans un délai") for c in conclusions):
            conclusions.append(
                f"ENJOINDRE {au_prefet}, dans un délai de {duree} à compter de la notification de l'ordonnance à "
                f"intervenir, {injonction}{sous}"
            )
        else:
            conclusions.append(f"ENJOINDRE {au_prefet}, dans le même délai, {injonction}{sous}")
    if dossier.recours.aide_juridictionnelle in ("demandee", "a_demander"):
        conclusions.insert(0, f"ADMETTRE {r['le']} au bénéfice de l'aide juridictionnelle à titre provisoire")
    frais, conclusion_frais = _frais(dossier, r, textes)
    if conclusion_frais:
        conclusions.append(conclusion_frais)
    conclusions = [f"{c} ;" for c in conclusions[:-1]] + [f"{conclusions[-1]}."] if conclusions else []
    return frais, conclusions


def _delai_injonction(e: Echeances) -> int:
    """The delay asked of the judge when the dossier sets none: eight days; three when the implicit rejection
    arises within the month; two (« quarante-huit heures ») when it arises within the week — the injunction must
    be carried out before it (docs/situations.md)."""
    if e.rejet_implicite is not None and 0 < (e.rejet_implicite - e.aujourd_hui).days <= JOURS_IMMINENT:
        return delai("injonction_refere_imminent").nombre_jours
    return delai("injonction_refere_bref" if e.rejet_proche else "injonction_refere").nombre_jours


# how close the implicit rejection must be for the injunction's delay to be asked in hours
JOURS_IMMINENT = 7


def _duree(jours: int) -> str:
    """« huit jours », « trois jours », « quarante-huit heures » (two days, as a court writes a short delay)."""
    return "quarante-huit heures" if jours == 2 else jours_en_lettres(jours)


# the draft's banner and footer mention (left out of the copy filed on Télérecours), and whether something is left
# to complete (``prepare_refere`` says): the Télérecours copy is then named a draft
BANDEAU = {
    "projet": "Projet — à relire par un ou une juriste avant tout dépôt",
    "pied": " — projet",
    "brouillon": True,
}


def _recevabilite(textes: dict[str, dict[str, Any]]) -> list[str]:
    """« Sur la recevabilité »: L. 521-3 quoted, then what it means for a requête without a prior decision."""
    return [
        f"Aux termes de l'{textes['l521_3_cja']['citation']} : « {textes['l521_3_cja']['extrait']} »",
        "La présente requête, qui tend à ce que soient ordonnées des mesures utiles en l'absence de décision "
        "administrative préalable, est recevable.",
    ]


def requete_context(
    dossier: Dossier,
    situation: Situation,
    refere: Refere,
    textes: dict[str, dict[str, Any]],
    prefecture: Prefecture,
    telerecours: list[PieceTelerecours],
    resume: str,
    aujourd_hui: date,
    lieu: str,
    tribunal_adresse: str = "",
    pdf: bool = False,
) -> dict[str, Any]:
    """Every sentence of the draft requête, ready for the template."""
    p = dossier.personne
    a = accord(p.civilite)
    r = _requerant(p.civilite)
    prefet, au_prefet = _prefet(dossier, prefecture)
    tribunal = refere.tribunal or {"nom": "Tribunal administratif", "ville": ""}
    nom_tribunal = tribunal["nom"][:1].lower() + tribunal["nom"][1:]
    cite = dossier.signataire == "personne"  # her own words, typed in the first person
    conseil = _maitre(dossier.recours.avocat)
    pour = _pour(dossier, a, r, conseil)
    frais, conclusions = _conclusions(dossier, refere, r, au_prefet, textes, situation.echeances)
    inventaire = [{"numero": x.numero, "libelle": x.piece.libelle, "fichier": x.nom} for x in telerecours]
    return {
        "titre": "RÉFÉRÉ MESURES UTILES",
        "fondement": f"{textes['l521_3_cja']['citation'][:1].upper()}{textes['l521_3_cja']['citation'][1:]}",
        "destinataire": f"À Madame la présidente ou Monsieur le président du {nom_tribunal}, juge des référés",
        "tribunal": tribunal["nom"],
        "tribunal_adresse": tribunal_adresse,
        "pour": pour,
        "requerant": r["titre"],
        "contre": f"{prefet[:1].upper()}{prefet[1:]}",
        "defendeur": "Défenderesse" if dossier.envoi.prefet_civilite == "madame" else "Défendeur",
        "aide": _aide(dossier, r),
        "faits": _faits(dossier, situation, r, resume, telerecours),
        "difficultes": _difficultes(dossier, refere, telerecours),
        "description": _description(dossier, r, cite, bool(_au_jour_capture(dossier, refere, telerecours))),
        "chronologie_intro": f"Pour surmonter ce blocage, {r['le']} a effectué les démarches suivantes"
        + (" (les numéros renvoient à l'inventaire des pièces) :" if any(x.piece.demarche is not None for x in telerecours) else " :"),
        "prefecture": _prefecture(dossier, situation, r, au_prefet, telerecours),
        "recevabilite": _recevabilite(textes),
        "urgence": _urgence(dossier, situation, r, cite, textes, telerecours),
        "utilite": _utilite(dossier, situation, refere, r, textes, telerecours),
        "contestation": _contestation(dossier, situation, refere, r, textes, telerecours),
        "obstacle": _obstacle(situation, r, textes),
        "frais": frais,
        "par_ces_motifs": f"{r['Le']} demande au juge des référés du {nom_tribunal} de :",
        "conclusions": conclusions,
        "lieu_date": f"Fait à {lieu}, le {date_lettre(aujourd_hui)}" if lieu else f"Fait le {date_lettre(aujourd_hui)}",
        "signature": f"{conseil}, pour {p.prenoms} {p.nom}" if conseil else f"{p.prenoms} {p.nom}",
        "inventaire_titre": f"Inventaire détaillé des pièces ({textes['r412_2_cja']['citation']})",
        "inventaire": inventaire,
        "fichier": requete_name(pdf),
        **BANDEAU,
    }


def refere_context(analyse: Analyse, telerecours: list[PieceTelerecours], pdf: bool = False) -> dict:
    """The draft requête's variables (``refere`` in the template context), once the Télérecours names of the
    pièces are known."""
    dossier = analyse.dossier
    return apply_typographie(
        requete_context(
            dossier,
            analyse.situation,
            analyse.refere,
            textes_cites(),
            charger_referentiel().prefectures[dossier.demande.prefecture],
            telerecours,
            f"{NATURE_PHRASE[dossier.demande.nature]} ({titre_ecrit(dossier)})",
            analyse.aujourd_hui,
            dossier.envoi.lieu or ville(dossier.personne.adresse),
            dossier.recours.tribunal_adresse,
            pdf,
        )
    )


@dataclass(frozen=True)
class FichiersRefere:
    """Before document 5 is rendered: its Télérecours files, those still to convert, the requête's variables
    (``refere`` in the template context), the warnings, and whether the files become PDF."""

    fichiers: dict[str, bytes]
    a_convertir: list[str]
    contexte: dict[str, Any]
    avertissements: list[Avertissement]
    pdf: bool


def _sans_injonction(refere: Refere) -> str:
    """Why no draft is written when the situation calls for no injunction: the real reason first, what is missing
    before one can be asked (steps, letter, urgency)."""
    if refere.manques:
        return f"Le projet de requête en référé ne peut pas encore être produit : {' ; '.join(refere.manques)}."
    return (
        "Le projet de requête en référé ne peut pas être produit : la situation du dossier n'appelle aucune "
        "injonction (enregistrement de la demande, pièce à accepter ou attestation à délivrer)."
    )


def _sans_piece(refere: Refere) -> str:
    """No pièce at all: every blocker is said at once (as ``verifier`` lists them), not the first one only."""
    autres = [m for m in refere.manques if not m.startswith("pièce à joindre")]
    pieces = [m for m in refere.manques if m.startswith("pièce à joindre")]
    manques = [
        "le dossier ne contient aucune pièce, alors que la requête doit prouver les démarches par les pièces de son "
        "inventaire : joignez à chaque démarche le fichier qui la prouve",
        *pieces,
        *autres,
    ]
    return f"Le projet de requête en référé n'est pas écrit : {' ; '.join(manques)} ; puis relancez la génération."


def prepare_refere(analyse: Analyse, pieces: list[Piece], contenu: dict[str, bytes], explicite: bool) -> FichiersRefere:
    """Document 5's files and words, from the analysis. PDF when LibreOffice is there; the requête itself joins
    the folder later. ``explicite``: asked for by name, even outside its conditions."""
    refere = analyse.refere
    if refere.voie:
        # after an implicit rejection or a notified decision, this référé cannot be the route: no draft at all
        raise DocumentImpossible(f"Le projet de requête en référé n'est pas écrit : {refere.voie}.")
    if not refere.injonctions:
        raise DocumentImpossible(_sans_injonction(refere))
    if not pieces:
        raise DocumentImpossible(_sans_piece(refere))
    notes: list[Avertissement] = []
    if explicite and not refere.possible:
        phrase = refere.phrase()
        notes.append(
            Avertissement(
                "refere_force",
                f"Projet de requête produit à votre demande, mais : {phrase[:1].lower()}{phrase[1:-1]}",
            )
        )
    if refere.reception:
        notes.append(Avertissement("refere_reception", f"Projet de requête en référé : {refere.reception[:1].lower()}{refere.reception[1:-1]}"))
    if refere.attention:
        notes.append(Avertissement("refere_rejet", f"Projet de requête en référé : {refere.attention[:-1]}"))
    if not any(p.demarche is not None and p.demarche.type in TYPES_COURRIER for p in pieces):
        notes.append(_sans_courrier(analyse.dossier))
    pdf = pdf_module.find_soffice() is not None
    fichiers, a_convertir, finals = telerecours_files(pieces, contenu, pdf)
    capture = _capture_ancienne(refere)
    if capture:
        notes.append(capture)
    if refere.tribunal and not analyse.dossier.recours.tribunal_adresse:
        notes.append(
            Avertissement(
                "tribunal_adresse",
                f"Adresse du greffe du {refere.tribunal['nom'][:1].lower()}{refere.tribunal['nom'][1:]} non "
                "renseignée : la requête n'en porte aucune",
                action=Action(
                    Quoi.COMPLETER, section="orientation", champ="recours.tribunal_adresse", valeur=refere.tribunal["code"]
                ),
            )
        )
    contexte = refere_context(analyse, finals, pdf)
    a_completer = _a_completer(analyse, explicite)
    if a_completer:
        contexte["projet"] = apply_typographie(
            f"Projet à compléter : {a_completer}. À relire par un ou une juriste avant tout dépôt."
        )
    # something left to complete: the copy in pieces-telerecours/ is named a draft; otherwise it has no banner (what
    # the user should still check, such as the avis de réception's date, is said on screen, never in the pleading)
    contexte["brouillon"] = bool(a_completer)
    contexte["fichier"] = requete_name(pdf, contexte["brouillon"])
    return FichiersRefere(fichiers, a_convertir, contexte, notes, pdf)


def _capture_ancienne(refere: Refere) -> Avertissement | None:
    """The requête dates the missing attestation by the latest capture: when it is more than a few days old, the
    user is told (on screen, never in the pleading) to add one of the day of filing."""
    if not refere.capture:
        return None
    texte = f"Projet de requête en référé : {refere.capture[:1].lower()}{refere.capture[1:-1]}"
    return Avertissement("refere_capture", texte, action=Action(Quoi.DEMARCHE, valeur="capture_ecran"))


def _sans_courrier(dossier: Dossier) -> Avertissement:
    """The copy of the letter to the préfecture is missing from the requête's pièces: attach it to the démarche
    that logged the sending (its number, counted from 1, when there is one), else log it with its pièce."""
    numeros = [i for i, d in enumerate(dossier.demarches, start=1) if d.type in TYPES_COURRIER]
    texte = "La copie du courrier à la préfecture et son avis de réception ne figurent pas parmi les pièces"
    if numeros:
        return Avertissement("refere_courrier", texte, action=Action(Quoi.PIECE_DEMARCHE, valeur=str(numeros[-1])))
    action = Action(Quoi.DEMARCHE, valeur="courrier_prefecture")
    return Avertissement("refere_courrier", texte, raison="sans_demarche", action=action)


def _a_completer(analyse: Analyse, explicite: bool) -> str:
    """What a draft produced outside its conditions, or asserting unproven démarches, lacks (its header)."""
    manques = list(analyse.refere.manques) if explicite and not analyse.refere.possible else []
    sans = demarches_sans_piece(analyse.dossier)
    if sans:
        quoi = "la démarche suivante" if len(sans) == 1 else "les démarches suivantes"
        manques.append(f"aucune pièce ne prouve {quoi} : {', '.join(sans)}")
    return " ; ".join(manques)
