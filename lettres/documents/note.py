"""The words of letter 3 (note d'orientation), by recipient and by situation.

A lawyer gets what a court case needs (interpreter, legal aid, any decision already notified, the
competent tribunal); a délégué of the Défenseur des droits is told truthfully which steps the préfecture
already had (never one the log does not hold) and that the saisine suspends no deadline; when an implicit
rejection has arisen, the appeal deadline comes first, whoever the recipient. When the person writes the
note, it speaks in the first person throughout.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lettres.documents import constat, piece_refusee
from lettres.documents.mots import textes_cites
from lettres.documents.paragraphes import paragraphes
from lettres.documents.pieces import Piece, demarches_sans_piece, renvoi_justificatif
from lettres.documents.typographie import VOYELLES, elide
from lettres.documents.voix import Voix, nom_court
from lettres.dossier import Demarche, Dossier
from lettres.dossier.demarches import LETTRE_PREFECTURE
from lettres.francais import accord, date_lettre, duree_jours, jours_en_lettres, liste_fr
from lettres.procedure.blocage import attestation_manquante, attestation_seule
from lettres.procedure.delais import Echeances
from lettres.procedure.etapes import EtatEtape
from lettres.procedure.situation import Situation, recepisse_en_jeu
from lettres.procedure.titre import anef_incertain, refus_enregistrement
from lettres.procedure.urgences import SUSPENSION
from lettres.referentiel import charger_referentiel
from lettres.referentiel.accords import accord_de

# the démarches' names (``etapes.yaml``) whose first word is feminine: « demande de rendez-vous …, restée sans réponse »
FEMININS = frozenset({"demande", "saisine"})

# a card whose categories (titres.yaml) do not name every ground it is granted on: its grounds, so that the
# brackets do not read as the only ones (the « vie privée et familiale » card is also granted for the person's state
# of health, on the ANEF since 2 October 2023 by the arrêté of 28 September 2023)
FONDEMENTS = {
    "carte de séjour temporaire « vie privée et familiale »": "liens personnels et familiaux, état de santé, autres "
    "situations",
}

AIDE = {
    "": "non précisée",
    "demandee": "demandée",
    "a_demander": "à demander",
    "non": "non demandée",
}


def _dans(jour: date, aujourd_hui: date) -> str:
    jours = (jour - aujourd_hui).days
    if jours > 0:
        return f"dans {duree_jours(jours)}"
    return "aujourd'hui" if jours == 0 else f"depuis {duree_jours(jours)}"


def _expire(jour: date, aujourd_hui: date, futur: str = "expire") -> str:
    return f"{'a expiré' if jour < aujourd_hui else futur} le {date_lettre(jour)}"


def _rejet_en_priorite(situation: Situation) -> bool:
    """The implicit rejection is near and not yet the situation: its date goes first in the note, once."""
    e = situation.echeances
    return e.rejet_proche and e.rejet_implicite is not None and "rejet_implicite" not in situation.codes


def _rejet(situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    """The implicit rejection, in the tense and with the reserve the dossier calls for, at the category's delay."""
    e = situation.echeances
    if e.depot is None:
        return "Demande non déposée : aucun délai de décision implicite ne court."
    depose = f"Demande déposée le {date_lettre(e.depot)}"
    avis = t["ce_avis_2024_494718"]["citation"]
    refus = refus_enregistrement(avis)
    if e.rejet_implicite is None or e.fin_recours is None or e.delai_rejet is None:
        return (
            f"{depose}, que la préfecture tient pour incomplète ; {refus}."
        )
    regle = e.delai_rejet
    passe = e.aujourd_hui >= e.rejet_implicite
    rejet, fin = date_lettre(e.rejet_implicite), date_lettre(e.fin_recours)
    if _rejet_en_priorite(situation):  # its date and condition are said once, under « À traiter en priorité »
        incomplet = (
            f" ; si la préfecture le tient pour incomplet, {refus}"
            if e.completude == "incertaine"
            else ""
        )
        return (
            f"{depose} : en cas de décision implicite de rejet (voir ci-dessus), le recours sera à former au plus "
            f"tard le {fin}{incomplet}."
        )
    if e.completude == "incertaine":
        if passe:
            return (
                f"{depose} : le délai de {regle.duree} s'est écoulé le {rejet} ; une décision implicite de rejet "
                f"n'est née à cette date que si le dossier est regardé comme complet ({regle.references}) — tant que "
                f"la préfecture le tient pour incomplet, {refus}."
            )
        return (
            f"{depose} : faute de réponse, une décision implicite de rejet naîtra au plus tôt le {rejet}, si le "
            f"dossier est regardé comme complet ({regle.duree}, {regle.references}) ; si la préfecture le tient "
            f"pour incomplet, {refus}. Si une décision implicite de rejet "
            f"naît le {rejet}, le recours sera à former au plus tard le {fin}."
        )
    condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
    if passe:
        recours = (
            f"le délai de recours contentieux de deux mois a expiré le {fin}"
            if e.fin_recours < e.aujourd_hui
            else f"le recours est à former au plus tard le {fin}"
        )
        return (
            f"{depose} : une décision implicite de rejet est née le {rejet}{condition}, au terme d'un délai de "
            f"{regle.duree} ({regle.references}) ; {recours}."
        )
    plus_tot = "" if e.rejet_implicite_certain else "au plus tôt "
    return (
        f"{depose} : faute de réponse, une décision implicite de rejet naîtra {plus_tot}le {rejet}{condition}, au "
        f"terme d'un délai de {regle.duree} ({regle.references}) ; le recours sera alors à former au plus tard le "
        f"{fin}."
    )


def _demarches_prefecture(dossier: Dossier, lettre: Demarche | None = None, suite: str = "") -> list[str]:
    """Every démarche the log holds that went to the préfecture (its rendez-vous « blocage ANEF », its point
    d'accueil numérique, letters and e-mails: the steps ``etapes.yaml`` marks ``prefecture``), as the note
    cites them; ``suite``, when given, replaces the « sans réponse » of ``lettre`` (its delay, said once).
    Consecutive démarches of one type with one result, all proven or none, are said once with their dates."""
    types = charger_referentiel().types_demarche
    textes = []
    for groupe in _groupes(_vers_prefecture(dossier), lettre):
        d = groupe[0]
        libelle = types[d.type]
        if len(groupe) > 1:
            texte = f"{_pluriel(libelle, len(groupe))} des {_dates(groupe)}"
        else:
            texte = f"{libelle[:1].lower()}{libelle[1:]} du {date_lettre(d.date)}"
        if d.type == "courrier_prefecture" and dossier.envoi.numero_recommande:
            texte += f" (recommandé n° {dossier.envoi.numero_recommande})"
        if d is lettre and suite:
            texte += f", {suite}"
        else:
            texte += _resultat(libelle, d.resultat, "" if d.pieces else _selon(dossier), len(groupe) > 1)
        textes.append(texte)
    return textes


def _vers_prefecture(dossier: Dossier) -> list[Demarche]:
    """The démarches of the log that went to the préfecture, by date."""
    referentiel = charger_referentiel()
    codes = {code for etape in referentiel.etapes if etape.prefecture for code in etape.types}
    return [d for d in sorted(dossier.demarches, key=lambda x: x.date) if d.type in codes]


def _groupes(demarches: list[Demarche], lettre: Demarche | None) -> list[list[Demarche]]:
    """Consecutive démarches of one type and one result, all proven or none, together; letters alone."""
    groupes: list[list[Demarche]] = []
    for d in demarches:
        precedent = groupes[-1][-1] if groupes else None
        if (
            precedent is not None
            and d is not lettre
            and precedent is not lettre
            and d.type == precedent.type
            and d.type not in LETTRE_PREFECTURE
            and " ".join(d.resultat.split()).lower() == " ".join(precedent.resultat.split()).lower()
            and bool(d.pieces) == bool(precedent.pieces)
        ):
            groupes[-1].append(d)
        else:
            groupes.append([d])
    return groupes


def _pluriel(libelle: str, nombre: int) -> str:
    """« trois demandes de rendez-vous « blocage ANEF » »: the number in words, the first word in the plural."""
    premier, _, reste = libelle.partition(" ")
    premier = premier.lower() if premier.lower().endswith(("s", "x")) else f"{premier.lower()}s"
    combien = jours_en_lettres(nombre).removesuffix(" jours")
    return f"{combien} {premier} {reste}".rstrip()


def _dates(groupe: list[Demarche]) -> str:
    """« 1er, 2 et 9 octobre 2026 »: the month and the year said once for the days that share them."""
    jours = [d.date for d in groupe]
    textes = []
    for i, jour in enumerate(jours):
        suivant = jours[i + 1] if i + 1 < len(jours) else None
        mots = date_lettre(jour).split(" ")
        if suivant is not None and (suivant.year, suivant.month) == (jour.year, jour.month):
            mots = mots[:1]
        elif suivant is not None and suivant.year == jour.year:
            mots = mots[:2]
        textes.append(" ".join(mots))
    return liste_fr(textes)


def _selon(dossier: Dossier) -> str:
    """Who states a result no pièce proves: the person, named when the note is written by someone else."""
    qui = "" if dossier.accompagnant is None else f", selon {nom_court(dossier.personne)}"
    return f"{qui} ; aucune pièce ne le prouve"


def _resultat(libelle: str, resultat: str, non_prouve: str = "", pluriel: bool = False) -> str:
    """A démarche's result after its date, never after a second colon: « , restée sans réponse » (agreed with the
    démarche's name), else in brackets, where ``non_prouve`` (« , selon Mme OUALI ; aucune pièce ne le prouve »)
    follows a result no pièce proves."""
    resultat = " ".join(resultat.split()).rstrip(".")
    if not resultat:
        return ", sans réponse enregistrée"
    if _sans_reponse(resultat):
        feminin = libelle.split()[0].lower() in FEMININS
        return f", rest{'ée' if feminin else 'é'}{'s' if pluriel else ''} sans réponse"
    return f" ({resultat}{non_prouve})"


def sans_reponse_note(chronologie: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """§ 5's lines: the chronology's unanswered démarches (their detail already without what the démarche's name
    says, ``pieces.detail_sans_redite``), the detail in lower case between brackets after that name."""
    lignes = []
    for c in chronologie:
        if c["sans_reponse"]:
            detail = c["detail_ligne"]
            if detail[1:2].islower():  # « (signalement détaillé) »
                detail = detail[:1].lower() + detail[1:]
            lignes.append({**c, "detail_ligne": detail})
    return lignes


def prefecture_note(dossier: Dossier, situation: Situation, aujourd_hui: date, courrier_du_jour: bool = False) -> str:
    """What the note says of the steps with the préfecture; ``courrier_du_jour``: the letter to the préfecture is
    produced with the note (and not logged yet): said, never « aucune démarche »."""
    texte = _prefecture(dossier, situation, aujourd_hui)
    if not courrier_du_jour or situation.echeances.courrier_prefecture == aujourd_hui:
        return texte
    etabli = f"Un courrier à la préfecture est établi ce jour ({date_lettre(aujourd_hui)}), en même temps que la présente note"
    if not _demarches_prefecture(dossier):
        return f"{etabli} ; aucune démarche antérieure auprès de la préfecture ne figure dans la chronologie ci-dessous."
    return f"{texte} {etabli}."


def _prefecture(dossier: Dossier, situation: Situation, aujourd_hui: date) -> str:
    e = situation.echeances
    lettre = _lettre_prefecture(dossier, e.courrier_prefecture)
    silence = _silence(dossier, e, lettre, aujourd_hui)
    sans_reponse = lettre is not None and (not lettre.resultat or _sans_reponse(lettre.resultat))
    courriers = _demarches_prefecture(dossier, lettre, silence if sans_reponse else "")
    if not courriers:
        return "Aucune démarche auprès de la préfecture ne figure encore dans la chronologie ci-dessous."
    debut = (
        "Une démarche a déjà été effectuée auprès de la préfecture"
        if len(_vers_prefecture(dossier)) == 1
        else "Des démarches ont déjà été effectuées auprès de la préfecture"
    )
    texte = f"{debut} : {' ; '.join(courriers)}."
    if e.fin_delai_prefecture is not None and e.delai_prefecture_annonce:
        fin = _expire(e.fin_delai_prefecture, aujourd_hui, "expire")
        texte += f" Le délai de réponse annoncé par la préfecture ({duree_jours(e.delai_prefecture_jours)}) {fin}."
    elif silence and not sans_reponse:
        texte += f" Le courrier est {silence}."
    elif e.fin_delai_prefecture is not None and e.reponse_attendue_depuis is not None and not silence:
        depuis = "sa réception" if e.accuse_reception else "son envoi"
        quinze = jours_en_lettres(e.delai_prefecture_jours)
        texte += (
            f" {quinze.capitalize()} après {depuis} le {date_lettre(e.reponse_attendue_depuis)} seront écoulés le "
            f"{date_lettre(e.fin_delai_prefecture)}."
        )
    elif e.reception_inconnue:
        # its sending date is said just before, with the letter: not again (« envoyé il y a 21 jours »)
        envoye = ""
        if e.courrier_prefecture is not None and e.courrier_prefecture < aujourd_hui:
            envoye = f", envoyé il y a {duree_jours((aujourd_hui - e.courrier_prefecture).days)},"
        texte += f" La date de réception de ce courrier{envoye} n'est pas renseignée."
    return texte


def _lettre_prefecture(dossier: Dossier, envoye_le: date | None) -> Demarche | None:
    """The letter (or e-mail) to the préfecture logged at ``envoye_le``, else the latest one logged."""
    lettres = [d for d in dossier.demarches if d.type in LETTRE_PREFECTURE]
    du_jour = [d for d in lettres if d.date == envoye_le]
    candidates = du_jour or sorted(lettres, key=lambda d: d.date)
    return candidates[-1] if candidates else None


def _sans_reponse(resultat: str) -> bool:
    return resultat.strip().lower().rstrip(".").startswith(("sans réponse", "aucune réponse", "pas de réponse"))


def _silence(dossier: Dossier, e: Echeances, lettre: Demarche | None, aujourd_hui: date) -> str:
    """« resté sans réponse plus de quinze jours après sa réception le … » once the delay is over — counted from
    the receipt only when the letter (and its acknowledgement) is a pièce, as in the requête; otherwise « resté
    sans réponse depuis son envoi » (the letter's date is said beside it); "" while the delay runs."""
    if e.delai_prefecture_annonce or e.fin_delai_prefecture is None or e.reponse_attendue_depuis is None:
        return ""
    if e.fin_delai_prefecture >= aujourd_hui:
        return ""
    quinze = jours_en_lettres(e.delai_prefecture_jours)
    if not e.accuse_reception:
        return f"resté sans réponse plus de {quinze} après son envoi le {date_lettre(e.reponse_attendue_depuis)}"
    if lettre is None or not lettre.pieces:
        return (
            f"resté sans réponse depuis son envoi (aucune pièce ne prouve la date de sa réception, d'où court le "
            f"délai de {quinze})"
        )
    return f"resté sans réponse plus de {quinze} après sa réception le {date_lettre(e.reponse_attendue_depuis)}"


def _piece(dossier: Dossier) -> str:
    """The pièce the préfecture asked for, and the one the ANEF refuses: each line only when recorded. The refusal
    is not said here when the blocking's sentence, printed just after, says it with the same day and message
    (``piece_refusee.dite_par_le_constat``: « Depuis le …, le téléservice ANEF refuse le téléversement de … »)."""
    d, b = dossier.demande, dossier.blocage
    refus = not piece_refusee.dite_par_le_constat(dossier)  # said here, not by the blocking's sentence
    lignes = []
    depuis = f" depuis le {date_lettre(b.piece_refusee_depuis)}" if b.piece_refusee_depuis else ""
    erreur = f" (message : « {' '.join(b.piece_refusee_erreur.split())} »)" if b.piece_refusee_erreur else ""
    if d.piece_demandee or d.piece_demandee_le:
        quand = f" le {date_lettre(d.piece_demandee_le)}" if d.piece_demandee_le else ""
        quoi = f" : {' '.join(d.piece_demandee.split())}" if d.piece_demandee else ""
        if refus and piece_refusee.meme_piece(dossier):  # one pièce, named once
            return f"Pièce demandée par la préfecture{quand}, refusée par le téléservice{depuis}{quoi}{erreur}."
        lignes.append(f"Pièce demandée par la préfecture{quand}{quoi}.")
    if refus and b.piece_refusee:
        lignes.append(f"Pièce refusée par le téléservice{depuis} : {' '.join(b.piece_refusee.split())}{erreur}.")
    return " ".join(lignes)


def _urgence_rejet(
    e: Echeances, rejet: date, fin_recours: date, t: dict[str, dict[str, Any]], ddd: bool, avocat: bool = False
) -> list[str]:
    """The urgent lines once the implicit rejection has arisen: the appeal, its deadline, its pieces (``avocat``:
    the note goes to a lawyer, who is not told to see one)."""
    lignes = []
    avec = "" if avocat else ", avec un avocat ou une avocate"
    examen = "" if avocat else " avec l'avocat ou l'avocate"
    condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
    recours = _expire(fin_recours, e.aujourd_hui, "expire")
    # the introduction already says when the decision arose (it does whenever the dépôt is known)
    nee = "" if e.depot else f"Une décision implicite de rejet est née le {date_lettre(rejet)}{condition}. "
    lignes.append(
        f"{nee}Le délai de "
        f"recours contentieux de deux mois ({t['r421_2_cja']['citation']}) {recours} : le recours devant le "
        f"tribunal administratif, assorti si besoin d'une demande de suspension "
        f"({t['l521_1_cja']['citation']}), est à déposer au plus tard à cette date (date prudente, le délai "
        f"étant franc){avec}. Ce délai ne court que si l'accusé de réception de la "
        f"demande indiquait les voies et délais de recours ({t['l112_6_crpa']['citation']}) ; à défaut, le "
        f"recours reste possible dans un délai raisonnable d'un an au plus ({t['ce_2019_417270']['citation']}), "
        f"par prudence, au plus tard le {date_lettre(e.recours_limite_an)}."
    )
    lignes.append(
        "La requête doit être accompagnée, à peine d'irrecevabilité, de la pièce justifiant de la date de dépôt "
        f"de la demande, l'attestation de dépôt ANEF ({t['r412_1_cja']['citation']}). Une demande d'aide juridictionnelle déposée avant la fin "
        f"du délai le préserve ({t['decret_2020_1717_art43']['citation']})."
    )
    f = e.fenetre
    if f is not None and f.depot is not None and f.etat == "tardif":
        lignes.append(
            f"La demande de renouvellement a été déposée le {date_lettre(f.depot)}, après la période prévue par "
            f"l'{t['r431_5']['citation']} (du {date_lettre(f.debut)} au {date_lettre(f.fin)}) : point à "
            f"examiner{examen} avant le recours."
        )
    if e.motifs_possibles and e.fin_recours_initiale is not None:
        lignes.append(
            f"Les motifs de cette décision peuvent être demandés à la préfecture jusqu'au "
            f"{date_lettre(e.fin_recours_initiale)} ({t['l232_4_crpa']['citation']}) : elle doit les communiquer "
            "dans le mois, et le délai de recours est alors prorogé jusqu'à deux mois après leur communication, "
            f"sans dépasser un an à compter de la demande de motifs ({t['ce_2025_504677']['citation']})."
        )
    if ddd:
        lignes.append("La saisine du Défenseur des droits ne suspend pas ce délai.")
    return lignes


def _etapes_non_faites(etapes: tuple[EtatEtape, ...], voie_incertaine: bool = False) -> str:
    """Steps 1 to 4 of the fiche that no démarche of the log records: named, the assistance's number with the
    call (those logged without their pièce are named by the line on the démarches no pièce proves);
    ``voie_incertaine``: a demande not filed whose way (ANEF or préfecture) is to check, said first."""
    referentiel = charger_referentiel()
    manquantes = [e.etape for e in etapes if e.etape.numero <= 4 and not e.faite]
    if not manquantes:
        return ""
    telephone = referentiel.contacts["assistance_anef_particuliers"].telephone
    noms = [
        f"{etape.libelle[:1].lower()}{etape.libelle[1:]}" + (f" ({telephone})" if etape.numero == 3 else "")
        for etape in manquantes
    ]
    if voie_incertaine:  # the ANEF steps only if the demande is filed there: the way is checked first
        t = textes_cites()
        quoi = "la démarche préalable qui ne figure pas" if len(noms) == 1 else "les démarches préalables qui ne figurent pas"
        reste = "reste" if len(noms) == 1 else "restent"
        return (
            f"Vérifier d'abord la voie de dépôt (ANEF ou préfecture, articles {t['r431_2']['numero']} et "
            f"{t['r431_3']['numero']} du CESEDA) ; si la demande relève de l'ANEF, {quoi} au dossier {reste} à "
            f"faire, et à prouver par une pièce, avant toute saisine du juge des référés : {' ; '.join(noms)}."
        )
    quoi = "Démarche préalable qui ne figure pas" if len(noms) == 1 else "Démarches préalables qui ne figurent pas"
    return (
        f"{quoi} au dossier : {' ; '.join(noms)}. {'Elle reste' if len(noms) == 1 else 'Elles restent'} à faire, et à "
        "prouver par une pièce, avant toute saisine du juge des référés."
    )


def _attestation_depot(dossier: Dossier, situation: Situation, t: dict[str, dict[str, Any]]) -> list[str]:
    """The attestation de dépôt to join, when the demande is filed, the dossier holds none and an implicit
    rejection has arisen (its appeal still open) or arises within twice the alert delay: a recours against it
    must come with the proof of the date of dépôt (``r412_1_cja``)."""
    e = situation.echeances
    depot = dossier.demande.date_depot
    if depot is None or dossier.justificatifs.attestation_depot or "pas_attestation_depot" in dossier.blocage.types:
        return []
    if e.rejet_implicite is None or (e.fin_recours is not None and e.fin_recours < e.aujourd_hui):
        return []
    if (e.rejet_implicite - e.aujourd_hui).days > 2 * e.alerte_rejet_jours:
        return []
    return [
        f"Joindre l'attestation de dépôt ANEF du {date_lettre(depot)} (ou une autre pièce justifiant de la date de "
        "dépôt) : un recours contre un rejet implicite doit en être accompagné, à peine d'irrecevabilité "
        f"({t['r412_1_cja']['citation']})."
    ]


def _urgence(
    dossier: Dossier,
    situation: Situation,
    t: dict[str, dict[str, Any]],
    ddd: bool,
    je: bool = False,
    etapes: tuple[EtatEtape, ...] = (),
    pieces: tuple[Piece, ...] = (),
) -> list[str]:
    """What must be done before a date, placed first in the note (``je``: the person writes it herself;
    ``etapes``: the state of the fiche's steps; ``pieces``: the bordereau, whose titre the four-year condition
    cites)."""
    e = situation.echeances
    lignes = []
    avocat = dossier.orientation is not None and dossier.orientation.vers == "avocat"
    if "rejet_implicite" in situation.codes and e.rejet_implicite and e.fin_recours:
        lignes += _urgence_rejet(e, e.rejet_implicite, e.fin_recours, t, ddd, avocat)
    if _rejet_en_priorite(situation) and e.rejet_implicite is not None:
        plus_tot = "" if e.rejet_implicite_certain else " au plus tôt"
        condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
        regle = e.delai_rejet
        base = f" ({regle.duree} après le dépôt, {regle.references})" if regle else ""
        lignes.append(
            f"Une décision implicite de rejet naîtra{plus_tot} le {date_lettre(e.rejet_implicite)}{condition}{base}, dans "
            f"{duree_jours(e.jours_avant_rejet or 0)} : ce qui doit être demandé à la préfecture ou au juge des "
            "référés doit l'être avant cette date ; ensuite, la voie sera le recours pour excès de pouvoir contre "
            "cette décision, assorti si besoin d'un référé-suspension."
        )
    lignes += _attestation_depot(dossier, situation, t)
    non_faites = "" if "rejet_implicite" in situation.codes or dossier.demande.decision else _etapes_non_faites(
        etapes, dossier.demande.date_depot is None and bool(anef_incertain(dossier))
    )
    if non_faites:
        lignes.append(non_faites)
    sans = demarches_sans_piece(dossier)
    if sans and dossier.demarches:
        quoi = "la démarche suivante" if len(sans) == 1 else "les démarches suivantes"
        lignes.append(
            f"Aucune pièce ne prouve {quoi} : {', '.join(sans)} ; un recours ne pourra s'en prévaloir utilement "
            "que si la preuve en est jointe."
        )
    maintien = e.droits_maintenus_jusqu_au
    if maintien is not None and maintien >= e.aujourd_hui and SUSPENSION.search(dossier.blocage.consequences):
        qui = "je conserve mes" if je else f"{nom_court(dossier.personne)} conserve ses"
        condition = e.maintien_condition  # in the tense of the day (delais._condition_quatre_ans)
        lignes.append(
            f"Jusqu'à la décision prise sur {'ma' if je else 'sa'} demande, et au plus tard le "
            f"{date_lettre(maintien)} (trois mois après l'expiration du titre), {qui} droits sociaux et "
            f"{'mon' if je else 'son'} droit d'exercer une activité professionnelle{condition} "
            f"({t['l433_3']['citation']}{_voir_titre(pieces) if condition else ''}) : une suspension de ces droits ou du travail pendant cette période "
            "(France Travail, CAF, employeur) peut être contestée sur ce fondement."
        )
    return lignes + _decision_notifiee(dossier)


def _voir_titre(pieces: tuple[Piece, ...]) -> str:
    """« ; voir la pièce n° 1 »: the bordereau's titre, which shows the card's length; "" when it holds none."""
    renvoi = renvoi_justificatif(pieces, "titre_sejour")
    return f" ; voir {'la' if renvoi.startswith('pièce ') else 'les'} {renvoi}" if renvoi else ""


def _decision_notifiee(dossier: Dossier) -> list[str]:
    """A refusal or an OQTF notified: its short delays, and what a référé « mesures utiles » cannot do."""
    d = dossier.demande
    if not d.decision:
        return []
    quoi = "Une obligation de quitter le territoire français" if d.decision == "oqtf" else "Un refus de titre de séjour"
    accord = "notifiée" if d.decision == "oqtf" else "notifié"
    quand = f" le {date_lettre(d.decision_le)}" if d.decision_le else ""
    return [
        f"{quoi} a été {accord}{quand} : les délais pour la contester sont courts, et un référé « mesures "
        "utiles » ne peut pas faire obstacle à son exécution."
    ]


def _urgence_presumee(situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    """§ 2's urgency line: presumed for a renewal, with the decision that says so (against a refusal, even
    implicit, the one on a refused renewal); else to be shown by the consequences."""
    if not situation.echeances.urgence_presumee:
        return (
            "Urgence : il ne s'agit pas d'un renouvellement ; l'urgence n'est pas présumée et doit être établie par "
            "les conséquences concrètes décrites ci-dessous."
        )
    if _rejet_ne(situation):
        return (
            "Urgence : il s'agit d'un renouvellement de titre de séjour ; contre le refus de le renouveler, même "
            "implicite, la condition d'urgence doit en principe être regardée comme satisfaite "
            f"({t['ce_2025_498497']['citation']}, à propos d'une autorisation provisoire de séjour)."
        )
    return (
        "Urgence : il s'agit d'un renouvellement de titre de séjour ; l'urgence est en principe présumée "
        f"({t['ce_2022_453391']['citation']})."
    )


def _rejet_ne(situation: Situation) -> bool:
    """Whether the note announces an implicit rejection as arisen (its objet, its intro, its priority)."""
    e = situation.echeances
    return "rejet_implicite" in situation.codes and e.rejet_implicite is not None and e.fin_recours is not None


def _avocat(dossier: Dossier, situation: Situation, tribunal: dict[str, Any] | None) -> list[str]:
    """What a lawyer (or a jurist preparing a court case) needs at once."""
    p, d = dossier.personne, dossier.demande
    lignes = [
        f"Interprète : nécessaire ({p.interprete})." if p.interprete else "Interprète : besoin non signalé.",
        f"Aide juridictionnelle : {AIDE[dossier.recours.aide_juridictionnelle]}.",
    ]
    if not d.decision and _rejet_ne(situation):
        # the implicit rejection is a refusal: only an express decision can still be said to be missing
        lignes.append(
            "Aucune décision expresse (refus de titre notifié, obligation de quitter le territoire) n'a été signalée."
        )
    elif not d.decision:
        lignes.append("Aucun refus de titre ni aucune obligation de quitter le territoire n'a été signalé.")
    if tribunal:
        lignes.append(f"Tribunal compétent : {tribunal['nom'][0].lower()}{tribunal['nom'][1:]}.")
    lignes += _voie_a_verifier(dossier)
    accord = accord_de(p.nationalite)
    if accord is not None:
        titre = accord.titre_pour(d.categorie)
        suite = f" : titre demandé, {titre}" if titre else " : titre à vérifier au regard de l'accord"
        lignes.append(
            f"Nationalité relevant de l'{accord.libelle}{suite} ; les règles de procédure du CESEDA restent "
            "applicables."
        )
    return lignes


def _voie_a_verifier(dossier: Dossier) -> list[str]:
    """A titre only partly (or not surely) on the ANEF list: the note tells the jurist the way of filing is open."""
    incertains = anef_incertain(dossier)
    if not incertains:
        return []
    # the categories by their names (titres.yaml ``nom``), never by a bare code the reader cannot decode
    noms = [t.nom or t.libelle for t in incertains]
    sauf = "" if all(t.anef == "partiel" for t in incertains) else ", ou sans que les sources lues le confirment"
    textes = textes_cites()
    return [
        f"Voie de dépôt à vérifier : {_carte_incertaine(noms)} ne se demande sur le téléservice ANEF que dans "
        f"certains cas{sauf} ({textes['r431_2']['citation']}) ; hors de ces cas, la demande se dépose à la "
        f"préfecture ({textes['r431_3']['citation']})."
    ]


def _carte_incertaine(noms: list[str]) -> str:
    """The card whose way of filing is uncertain: one card named once, its grounds in brackets (« selon son
    fondement (liens personnels et familiaux, état de santé, autres situations), la carte de séjour temporaire
    « vie privée et familiale » »), else each card, « selon le cas »."""
    if len(noms) == 1:
        return f"la carte demandée, {noms[0]},"
    coupes = [nom.rpartition(" (") for nom in noms]
    bases = {base for base, sep, _ in coupes if sep}
    if len(bases) == 1 and all(sep and reste.endswith(")") for _, sep, reste in coupes):
        base = bases.pop()
        fondements = FONDEMENTS.get(base) or " ou ".join(reste[:-1] for _, _, reste in coupes)
        return f"selon son fondement ({fondements}), la {base}"
    return f"la carte demandée, selon le cas, {' ou '.join(noms)},"


def _demande_par_defaut(dossier: Dossier, situation: Situation, vers: str, t: dict[str, dict[str, Any]]) -> str:
    e = situation.echeances
    if "rejet_implicite" in situation.codes and e.fin_recours:
        fin = date_lettre(e.fin_recours)
        return {
            "avocat": f"l'introduction, au plus tard le {fin}, d'un recours contre la décision implicite de rejet, assorti si "
            f"besoin d'un référé-suspension ({t['l521_1_cja']['citation']})",
            "juriste": f"une analyse de la situation et une orientation vers un avocat ou une avocate avant le {fin}, "
            "fin prudente du délai de recours",
            "delegue_ddd": "l'intervention du Défenseur des droits auprès de la préfecture, le recours contre la "
            f"décision implicite de rejet restant à former au plus tard le {fin}",
        }[vers]
    if vers == "avocat":
        return (
            "l'analyse de la situation et, si besoin, la saisine du juge des référés (référé « mesures utiles », "
            f"{t['l521_3_cja']['citation']})"
        )
    if vers == "juriste":
        return "une analyse juridique de la situation et, si besoin, l'orientation vers un avocat ou une avocate"
    codes = situation.codes
    but = (
        "l'enregistrement de la demande"
        if "depot_impossible" in codes
        else f"la prise en compte de {piece_refusee.designation(dossier, vos=False)[0]}"
        if "depot_incomplet" in codes
        else "la délivrance de l'attestation de prolongation de l'instruction"
        if "api" in codes
        else "un rendez-vous d'accompagnement au point d'accueil numérique"
    )
    return f"l'intervention du Défenseur des droits auprès de la préfecture pour obtenir {but}"


def _demande_refere(situation: Situation, t: dict[str, dict[str, Any]]) -> str:
    """§ 7 when the draft requête goes with the note: its review, and the date it must be filed by."""
    e = situation.echeances
    avant = (
        f", à déposer avant le {date_lettre(e.rejet_implicite)}, date à laquelle une décision implicite de rejet est "
        "susceptible de naître"
        if e.rejet_implicite is not None and e.rejet_implicite > e.aujourd_hui
        else ", avant son dépôt"
    )
    return (
        f"la relecture du projet de requête en référé « mesures utiles » joint ({t['l521_3_cja']['citation']})"
        f"{avant}"
    )


def _intro(dossier: Dossier, situation: Situation, v: Voix, resume: str, t: dict[str, dict[str, Any]]) -> str:
    vers = dossier.orientation.vers if dossier.orientation else "juriste"
    e = situation.echeances
    if "rejet_implicite" in situation.codes and e.rejet_implicite and e.fin_recours and e.depot:
        condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
        faits = (
            f"{v.sa(resume)}, déposée le {date_lettre(e.depot)}, est restée sans réponse, et une décision implicite "
            f"de rejet est née le {date_lettre(e.rejet_implicite)}{condition}"
        )
        if v.je:
            return f"Je vous soumets ma situation : {faits}."
        accompagne = ", que j'accompagne" if dossier.accompagnant else ""
        return f"Je vous soumets la situation {elide('de', v.designation)}{accompagne} : {faits}."
    # a missing attestation is what the screenshots prove, not a malfunction (procedure/blocage.py)
    bloquee = (
        "reste sans attestation de prolongation de l'instruction sur le téléservice ANEF"
        if attestation_seule(dossier)
        else "est bloquée par un dysfonctionnement du téléservice ANEF"
    )
    compte = _sans_compte(dossier, v, resume)
    if v.je:
        qui = compte or f"ma {resume} {bloquee}"
        sujet = "Je vous soumets ma situation : "
    else:
        accompagne = "que j'accompagne, " if dossier.accompagnant else ""
        qui = f"{v.designation}, {accompagne}" + (compte or f"dont la {resume} {bloquee}")
        sujet = "Je vous soumets la situation " + ("d'" if qui[:1].lower() in VOYELLES else "de ")
    if vers == "delegue_ddd":
        if v.je:
            return f"Je sollicite l'intervention du Défenseur des droits : {qui}."
        return f"Je sollicite l'intervention du Défenseur des droits pour {qui}."
    but = (
        f"en vue d'une éventuelle saisine du juge des référés sur le fondement de l'{t['l521_3_cja']['citation']}"
        if vers == "avocat"
        else "afin de solliciter votre analyse juridique"
    )
    if v.je:  # the purpose first: « ma situation : …, afin de » would hang it on the blocking
        return f"{but[:1].upper()}{but[1:]}, je vous expose ma situation : {qui}."
    return f"{sujet}{qui}, {but}."


def _sans_compte(dossier: Dossier, v: Voix, resume: str) -> str:
    """A demande never filed because the ANEF account cannot be created, said as the facts are: the account is
    what fails, and the téléservice is the way the person meant to file by when that way is uncertain. "" when
    the blockage is another."""
    if dossier.demande.date_depot is not None or "compte_creation" not in dossier.blocage.types:
        return ""
    if v.je:
        sujet, pouvoir, penser, sa = "je", "ne peux pas créer mon compte", "je pensais", "ma"
    else:
        sujet, pouvoir, penser, sa = "qui", "ne peut pas créer son compte", f"{v.pronom} pensait", "sa"
    suite = (
        f", par lequel {penser} déposer {sa} {resume}"
        if anef_incertain(dossier)
        else f", ce qui empêche le dépôt de {sa} {resume}"
    )
    return f"{sujet} {pouvoir} sur le téléservice ANEF{suite}"


def _sujet(dossier: Dossier, resume: str) -> str:
    """The objet's subject: a missing attestation as such, not a blocking of the téléservice."""
    if attestation_seule(dossier):
        return f"{resume} sans attestation de prolongation de l'instruction"
    return f"blocage de la {resume} sur le téléservice ANEF"


def adresse_ddd(dossier: Dossier) -> str:
    """The Défenseur des droits' national postal address (``contacts.yaml``, verified), for a note to a delegate
    whose dossier gives no e-mail (the dossier holds no postal address of a recipient): delegates are local, and
    no sourced list of them is kept here. "" otherwise."""
    o = dossier.orientation
    if o is None or o.vers != "delegue_ddd" or o.courriel:
        return ""
    contact = charger_referentiel().contacts.get("defenseur_droits_courrier")
    return contact.adresse.strip() if contact is not None and contact.statut == "verifie" else ""


def _delegue_local(dossier: Dossier) -> str:
    """Said after the introduction when the note goes to the national address: where a local delegate is found."""
    if not adresse_ddd(dossier):
        return ""
    contact = charger_referentiel().contacts["defenseur_droits_courrier"]
    site = contact.url.removeprefix("https://www.").removeprefix("https://")
    return (
        " Faute de coordonnées d'un délégué ou d'une déléguée, cette note est adressée au siège du Défenseur des "
        f"droits ; les délégués et déléguées territoriaux, qui tiennent des permanences locales, sont répertoriés "
        f"sur le site {site}."
    )


def _demande_ligne(resume: str) -> str:
    """§ 1's « Demande : … » without the noun again: « renouvellement de titre de séjour (…) », « premier titre
    de séjour (…) »."""
    if resume.startswith("première demande de "):
        return f"premier {resume.removeprefix('première demande de ')}"
    return resume.removeprefix("demande de ")


def _document_provisoire(dossier: Dossier, e: Echeances) -> str:
    """The document the préfecture owes, by the way the demande is filed: the attestation de prolongation de
    l'instruction for one on the ANEF (``r431_15_1``), due by the titre's expiry (or the end of the previous
    attestation) while that day is ahead; the récépissé (``r431_12``) only for a demande not on the ANEF."""
    t = textes_cites()
    d = dossier.demande
    if recepisse_en_jeu(dossier):
        return f"Récépissé de demande de titre de séjour ({t['r431_12']['abrege']}) à obtenir"
    fin: date | None
    if d.document_provisoire == "api" and d.document_provisoire_fin is not None:
        quoi, fin = "Renouvellement de l'attestation de prolongation de l'instruction", d.document_provisoire_fin
    else:
        quoi, fin = "Attestation de prolongation de l'instruction", e.titre_expiration
    quand = ""
    if fin is not None:
        quand = f" avant le {date_lettre(fin)}" if fin >= e.aujourd_hui else f" (due depuis le {date_lettre(fin)})"
    return f"{quoi} (API, {t['r431_15_1']['abrege']}) à obtenir{quand}"


def _situation(dossier: Dossier, situation: Situation, etapes: tuple[EtatEtape, ...] = ()) -> str:
    """« Situation : … » — once an implicit rejection has arisen, nothing else (an API « à obtenir » beside a
    rejection would contradict it); steps 1 to 4 all logged but not all proven are said so, not « incomplètes »."""
    # each situation by its code (its label may already be the dossier's own: « (API) à obtenir »)
    par_code = dict(zip(situation.codes, situation.libelles, strict=True))
    if "rejet_implicite" in par_code:
        par_code = {"rejet_implicite": par_code["rejet_implicite"]}
    if "api" in par_code:
        par_code["api"] = _document_provisoire(dossier, situation.echeances)
    diligences = [e for e in etapes if e.etape.numero <= 4]
    if "diligences_incompletes" in par_code and diligences and all(e.faite for e in diligences):
        aucune = " (aucune pièce)" if not any(e.prouvee for e in diligences) else " (pièces manquantes)"
        par_code["diligences_incompletes"] = f"Démarches préalables faites mais non prouvées{aucune}"
    return " ; ".join(libelle[:1].lower() + libelle[1:] for libelle in par_code.values()) + "."


def _objet_demande(
    dossier: Dossier, situation: Situation, vers: str, textes: dict[str, dict[str, Any]], refere_joint: bool
) -> str:
    """§ 7, one sentence: what the user wrote (``orientation.objet``), else the review of the draft requête when it
    goes with the note, else what the recipient and the situation call for."""
    o = dossier.orientation
    if o and o.objet:
        demande = o.objet
    elif refere_joint:
        demande = _demande_refere(situation, textes)
    else:
        demande = _demande_par_defaut(dossier, situation, vers, textes)
    demande = " ".join(demande.split())
    demande = demande[:1].upper() + demande[1:]
    return demande if demande[-1:] in ".!?…" else f"{demande}."


def _demande_et_refere(
    dossier: Dossier,
    situation: Situation,
    vers: str,
    textes: dict[str, dict[str, Any]],
    refere_joint: bool,
    etapes: tuple[EtatEtape, ...],
    courrier_du_jour: bool,
) -> str:
    """§ 7: what is asked, then when the référé may be filed (``l521_3_cja`` cited once)."""
    demande = _objet_demande(dossier, situation, vers, textes, refere_joint)
    cite = textes["l521_3_cja"]["numero"] not in demande
    return demande + _quand_refere(dossier, situation, vers, refere_joint, etapes, courrier_du_jour, cite)


def _quand_refere(
    dossier: Dossier,
    situation: Situation,
    vers: str,
    refere_joint: bool,
    etapes: tuple[EtatEtape, ...],
    courrier_du_jour: bool,
    cite: bool = True,
) -> str:
    """§ 7's last sentences, for a lawyer or a jurist: the delay the letter to the préfecture leaves it (from its
    receipt), then when the référé « mesures utiles » may be filed — it needs no prior decision (``l521_3_cja``), so
    the delay is the letter's, never a legal bar: once it runs out without answer, or earlier when the titre
    expires first, and before an implicit rejection may arise. "" when the draft requête goes with the note, once
    a rejection or a decision exists, while steps 1 to 4 are not all done, or when no delay runs (``cite``: the
    article is not cited yet in § 7)."""
    e = situation.echeances
    if vers not in ("avocat", "juriste") or refere_joint or _rejet_ne(situation) or dossier.demande.decision:
        return ""
    if any(not etat.faite for etat in etapes if etat.etape.numero <= 4):
        return ""
    prouvees = all(etat.prouvee for etat in etapes if etat.etape.numero <= 4)
    possible = e.refere_possible_le
    lettre = _lettre_prefecture(dossier, e.courrier_prefecture)
    if possible is not None and possible > e.aujourd_hui and lettre is not None:
        delai, fin = _delai_courrier_envoye(e, lettre.date, possible)
    elif courrier_du_jour and possible is None and lettre is None:
        limite = e.reponse_avant_le
        if limite is not None and limite == e.rejet_implicite:
            return _refere_avant_rejet(limite, prouvees)
        delai, fin = _delai_courrier_du_jour(e, limite)
    elif not prouvees:
        return f" {_refere_apres_preuves(e)}"
    else:
        return ""
    if not prouvees:
        return f" {delai} {_refere_apres_preuves(e, fin)}"
    return f" {delai} {_refere_possible(e, fin, cite)}"


def _delai_courrier_du_jour(e: Echeances, limite: date | None) -> tuple[str, date]:
    """The reply the letter written today asks, as it asks it, and the last day of that delay as it may be
    presumed (a posted letter's transit, then the delay): before ``limite``, the titre's expiry, when that comes
    first; else within the delay from its receipt, « en tout état de cause » before the titre's expiry (or an
    implicit rejection coming first) as the letter says it."""
    if limite is not None:
        return (
            f"Le courrier à la préfecture établi ce jour lui demande une réponse avant le {date_lettre(limite)}, date "
            "à laquelle le titre de séjour expire.",
            limite - timedelta(days=1),
        )
    quinze = jours_en_lettres(e.delai_prefecture_jours)
    debut = f"Le courrier à la préfecture établi ce jour lui demande une réponse dans les {quinze} de sa réception"
    fin = e.aujourd_hui + timedelta(days=e.acheminement_jours + e.delai_prefecture_jours)
    titre, rejet = e.titre_expiration, e.rejet_implicite
    if titre is None or titre <= e.aujourd_hui:
        plus_tot = date_lettre(e.aujourd_hui + timedelta(days=e.delai_prefecture_jours))
        return f"{debut} : ce délai expire donc au plus tôt le {plus_tot}.", fin
    avant = rejet if rejet is not None and not e.rejet_implicite_atteint and e.aujourd_hui < rejet < titre else titre
    return f"{debut}, et en tout état de cause avant le {date_lettre(avant)}.", fin


def _delai_courrier_envoye(e: Echeances, envoye_le: date, possible: date) -> tuple[str, date]:
    """The delay left by the letter sent on ``envoye_le``, still running: from its receipt when its date is known
    (or from its sending by e-mail), else as presumed with the transit of a posted letter, said as such; and the
    last day of that delay (``possible``: the day after)."""
    quinze = jours_en_lettres(e.delai_prefecture_jours)
    courrier = f"Le courrier à la préfecture du {date_lettre(envoye_le)}"
    fin = possible - timedelta(days=1)
    if e.delai_prefecture_annonce:
        return f"La préfecture a annoncé une réponse dans un délai de {quinze}, qui expire le {date_lettre(fin)}.", fin
    depuis = e.reponse_attendue_depuis
    if depuis is not None:
        recu = "son envoi par courriel" if e.accuse_reception is None else "sa réception"
        return f"{courrier} lui laisse {quinze} à compter de {recu} le {date_lettre(depuis)}, soit jusqu'au {date_lettre(fin)}.", fin
    return (
        f"{courrier} lui laisse {quinze} à compter de sa réception, dont la date n'est pas renseignée : avec "
        f"{jours_en_lettres(e.acheminement_jours)} d'acheminement, ce délai expirerait le {date_lettre(fin)}.",
        fin,
    )


def _refere_possible(e: Echeances, fin: date, cite: bool = True) -> str:
    """When the référé « mesures utiles » may be filed, the delay ending on ``fin``: once it runs out without
    answer, or earlier when the titre expires before (or has expired), and before the day an implicit rejection
    may arise — before that day only, when it comes within the delay (``cite``: the article said)."""
    article = f" ({textes_cites()['l521_3_cja']['citation']})" if cite else ""
    recevable = (
        f"Le référé « mesures utiles », recevable même en l'absence de décision administrative préalable{article},"
    )
    rejet = e.rejet_implicite
    if rejet is not None and e.aujourd_hui < rejet <= fin + timedelta(days=1):
        return (
            f"Une décision implicite de rejet étant susceptible de naître dès le {date_lettre(rejet)}, avant la fin "
            f"de ce délai, l{recevable[1:]} devra être introduit avant cette date (voir « À traiter en priorité »)."
        )
    phrase = f"{recevable} peut être introduit dès que ce délai expire sans réponse{_plus_tot(e, fin)}"
    if rejet is None or rejet <= e.aujourd_hui:
        return f"{phrase}."
    return f"{phrase}, et avant le {date_lettre(rejet)}, date à laquelle une décision implicite de rejet est susceptible de naître."


def _plus_tot(e: Echeances, fin: date) -> str:
    """« , ou plus tôt si l'expiration du titre de séjour le … l'exige » when the titre expires before the delay
    ends (the référé needs no prior decision); the urgency of a titre already expired, said as such."""
    titre = e.titre_expiration
    if titre is None or titre > fin:
        return ""
    if titre < e.aujourd_hui:
        return f", ou plus tôt si l'urgence l'exige (le titre de séjour a expiré le {date_lettre(titre)})"
    return f", ou plus tôt si l'expiration du titre de séjour le {date_lettre(titre)} l'exige"


# steps 1 to 4 logged but not all proven: what the référé needs to succeed, not a bar to filing it
PREUVES_A_REUNIR = (
    "Le référé « mesures utiles » suppose que les démarches soient prouvées par pièces, ce qui n'est pas encore le cas"
)


def _refere_apres_preuves(e: Echeances, fin: date | None = None) -> str:
    """§ 7 while steps 1 to 4 are logged but not all proven by a pièce (``PREUVES_A_REUNIR``; the tool does not
    draft the requête before): once they are proven, from the end of the letter's delay (``fin``, when a letter
    asks one), or earlier when the titre expires first, and before the day an implicit rejection may arise."""
    rejet = e.rejet_implicite
    avant = ""
    if rejet is not None and rejet > e.aujourd_hui and not e.rejet_implicite_atteint:
        avant = f"avant le {date_lettre(rejet)}, date à laquelle une décision implicite de rejet est susceptible de naître"
    if fin is not None and avant and rejet is not None and rejet <= fin + timedelta(days=1):
        # the rejection may arise before the delay ends: its day is the only limit
        return f"{PREUVES_A_REUNIR} ; ces pièces réunies, il devra être introduit {avant}, sans attendre la fin de ce délai."
    if fin is not None:
        quand = f"dès que ce délai expire sans réponse{_plus_tot(e, fin)}"
        return f"{PREUVES_A_REUNIR} ; ces pièces réunies, il pourra être introduit {quand}{f', et {avant}' if avant else ''}."
    return f"{PREUVES_A_REUNIR} ; ces pièces réunies, il devra être introduit {avant}." if avant else f"{PREUVES_A_REUNIR}."


def _refere_avant_rejet(limite: date, prouvees: bool = True) -> str:
    """§ 7 when the letter written today asks its answer before ``limite``, the day the implicit rejection may
    arise before the usual delay ends: the same day as the letter, never a later one (``prouvees``: steps 1 to 4
    proven by their pièces; otherwise the référé needs them first, said as such)."""
    courrier = (
        f" Le courrier à la préfecture établi ce jour lui demande une réponse avant le {date_lettre(limite)}, "
        "date à laquelle une décision implicite de rejet est susceptible de naître"
    )
    if not prouvees:
        return (
            f"{courrier}. {PREUVES_A_REUNIR} ; ces pièces réunies, il devra être introduit avant cette date (voir « À "
            "traiter en priorité »)."
        )
    return (
        f"{courrier} : sans réponse rapide, le référé « mesures utiles » devra être introduit avant cette date (voir "
        "« À traiter en priorité »)."
    )


def _consentement(v: Voix, dossier: Dossier) -> str:
    """The person's consent to the transmission, in the note's voice."""
    if v.je:
        return "J'accepte que les informations et pièces de ce dossier vous soient transmises."
    quand = f", le {date_lettre(dossier.consentement.date)}," if dossier.consentement.date else ""
    return (
        f"{v.designation} a donné son accord{quand} à son accompagnement et à la transmission des informations "
        "et pièces de ce dossier à votre intention."
    )


def _consequences(dossier: Dossier, cite: bool, pieces: tuple[Piece, ...]) -> list[dict[str, object]]:
    """§ 3: the consequences the user typed, one paragraph per line (quoted when ``cite``), the last one followed
    by the number of the pièce of the bordereau that shows them (« (pièce n° 10) ») when it holds one."""
    faits = paragraphes(dossier.blocage.consequences, guillemets=cite)
    renvoi = renvoi_justificatif(pieces, "consequences")
    if not faits or not renvoi:
        return faits
    dernier = str(faits[-1]["texte"])
    if cite or dernier[-1:] not in ".!?…":
        faits[-1] = {**faits[-1], "texte": f"{dernier} ({renvoi})"}
    else:
        faits[-1] = {**faits[-1], "texte": f"{dernier[:-1]} ({renvoi}){dernier[-1]}"}
    return faits


def _personne_ligne(dossier: Dossier, v: Voix) -> str:
    """§ 1's first line: who the person is. Without civilité, the birth is said « date et lieu de naissance : … »,
    set off by dashes, not commas; when the person writes the note, the line is in the first person too."""
    p = dossier.personne
    a = accord(p.civilite)
    nom = f"{p.prenoms} {p.nom}" if v.je else v.designation
    qui = f"Je suis {nom}" if v.je else nom
    naissance = date_lettre(p.date_naissance)
    if a.neutre:
        lieu = f"date et lieu de naissance : {naissance}, {p.lieu_naissance}" if p.lieu_naissance else (
            f"date de naissance : {naissance}"
        )
        return f"{qui} — {lieu} — nationalité {p.nationalite}."
    lieu = f" à {p.lieu_naissance}" if p.lieu_naissance else ""
    return f"{qui}, {a.ne} le {naissance}{lieu}, de nationalité {p.nationalite}."


def _objet_rejet(situation: Situation) -> str:
    """The object line once an implicit rejection is born: its date and the last day to appeal; "" otherwise."""
    e = situation.echeances
    if _rejet_ne(situation) and e.rejet_implicite and e.fin_recours:
        return (
            f"décision implicite de rejet née le {date_lettre(e.rejet_implicite)} : recours au plus tard le "
            f"{date_lettre(e.fin_recours)}"
        )
    return ""


def _description(dossier: Dossier, v: Voix, cite: bool) -> list[dict[str, object]]:
    """The typed text, one paragraph per line (quoted when cited); none when it only repeats what the blocking's
    sentence now says (constat.description_redite)."""
    if constat.description_redite(dossier):
        return []
    return paragraphes(dossier.blocage.description, f"{v.designation} décrit ainsi la situation :" if cite else "", cite)


def note_context(
    dossier: Dossier,
    situation: Situation,
    textes: dict[str, dict[str, Any]],
    resume: str,
    aujourd_hui: date,
    courrier_du_jour: bool = False,
    refere_du_jour: bool = False,
    etapes: tuple[EtatEtape, ...] = (),
    pieces: tuple[Piece, ...] = (),
) -> dict[str, Any]:
    """The recipient- and situation-dependent parts of letter 3, as ready sentences (``courrier_du_jour``: the
    letter to the préfecture is produced with it; ``refere_du_jour``: so is the draft requête, which a lawyer or
    a jurist is asked to review, and which the note's draft then carries; ``etapes``: the state of the fiche's
    steps, those never logged said first; ``pieces``: the bordereau, whose numbers the note cites)."""
    # the note is written by the accompagnant when there is one, else by the person herself
    v = Voix.of(dossier.personne, dossier.accompagnant is None)
    o = dossier.orientation
    vers = o.vers if o else "juriste"
    trouve = charger_referentiel().tribunal(dossier.demande.prefecture)
    tribunal = trouve.model_dump() if trouve else None
    objet_rejet = _objet_rejet(situation)
    sujet = objet_rejet or _sujet(dossier, resume)
    # the person writing the note names herself without « Madame » / « Monsieur »
    auteur = f"{dossier.personne.prenoms} {dossier.personne.nom}" if v.je else v.designation
    objet = f"Note d'orientation — {auteur} — {sujet}"
    # text the user typed speaks with the voice of letter 2's signataire: quoted when the note's author differs
    cite = dossier.signataire == "personne" and dossier.accompagnant is not None
    consentement = _consentement(v, dossier)
    refere_joint = refere_du_jour and vers in ("avocat", "juriste")
    return {
        "objet": objet,
        "objet_rejet": objet_rejet,
        "attestation": attestation_manquante(dossier),
        "intro": _intro(dossier, situation, v, resume, textes) + _delegue_local(dossier),
        "prefecture": prefecture_note(dossier, situation, aujourd_hui, courrier_du_jour),
        "piece": _piece(dossier),
        "urgence": _urgence(dossier, situation, textes, vers == "delegue_ddd", v.je, etapes, pieces),
        "avocat": _avocat(dossier, situation, tribunal) if vers in ("avocat", "juriste") else [],
        "rejet": _rejet(situation, textes),
        "urgence_presumee": _urgence_presumee(situation, textes),
        # after « Situation : », under a heading already named so: no capital after the colon
        "situation": _situation(dossier, situation, etapes),
        "demande_ligne": _demande_ligne(resume),
        "cite": cite,
        "cite_intro": f"{v.designation} décrit ainsi la situation :" if cite else "",
        "description": _description(dossier, v, cite),
        "consequences": _consequences(dossier, cite, pieces),
        "consentement": consentement,
        "demande": _demande_et_refere(dossier, situation, vers, textes, refere_joint, etapes, courrier_du_jour),
        "refere_joint": refere_joint,
        "courrier_joint": False,  # set when the préfecture letter is written in the same run (generation.py)
        "tribunal": tribunal["nom"] if tribunal else "",
        "je": v.je,
        "personne": _personne_ligne(dossier, v),
        "nom": f"{dossier.personne.prenoms} {dossier.personne.nom}" if v.je else v.designation,
    }
