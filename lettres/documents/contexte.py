"""The template context: ready French strings and booleans, so that templates never compute.

Every variable a Word or e-mail template may use is built here from the dossier, the reference data
and the date of the letters. Templates cite law only through ``textes`` (the data file).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from lettres.documents.courrier import SANS_REPONSE, courrier_context
from lettres.documents.habillage import Habillage
from lettres.documents.mots import NATURE_PHRASE, textes_cites, ville
from lettres.documents.note import adresse_ddd, note_context, sans_reponse_note
from lettres.documents.pieces import Piece, detail_sans_redite, number_pieces, ordre_pieces, sorted_demarches
from lettres.documents.pieces_demande import pieces_demande_context
from lettres.documents.requete import refere_context
from lettres.documents.telerecours import telerecours_names
from lettres.documents.typographie import apply_typographie, elide
from lettres.documents.voix import nom_court
from lettres.dossier import Accompagnant, Dossier, Personne
from lettres.dossier.valeurs import CHOIX
from lettres.francais import accord, accorder, date_courte, date_lettre, duree_jours, heure_lettre
from lettres.procedure.analyse import Analyse, Destinataire, analyser
from lettres.procedure.blocage import debut_blocage
from lettres.procedure.situation import Situation
from lettres.procedure.titre import titre_ecrit
from lettres.referentiel import Referentiel, charger_referentiel

__all__ = ["Piece", "build_context", "number_pieces", "sorted_demarches"]

TYPES_CONTACT = {
    "formulaire_contact",
    "courriel_dgef",
    "appel_anef",
    "demande_rdv",
    "appel_pan",
    "courriel_prefecture",
    "courrier_prefecture",
    "saisine_ddd",
}
APPEL_PREFET = {
    "madame": "Madame la Préfète",
    "monsieur": "Monsieur le Préfet",
    "": "Madame la Préfète, Monsieur le Préfet",
}


def _sentence(text: str) -> str:
    """A capital at the start and a full stop at the end, as a sentence of the letter."""
    text = _capitalise(" ".join(text.split()))
    return text if not text or text[-1] in ".!?…" else text + "."


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(*items: str) -> str:
    return "\n".join(item for item in items if item)


def _personne(p: Personne) -> dict:
    a = accord(p.civilite)
    nom_complet = f"{p.prenoms} {p.nom}"
    designation = f"{a.civilite} {nom_complet}".strip()
    naissance_date = date_lettre(p.date_naissance)
    lieu = f" à {p.lieu_naissance}" if p.lieu_naissance else ""
    naissance = f"{a.ne} le {naissance_date}{lieu}" if not a.neutre else (
        f"date et lieu de naissance : {naissance_date}, {p.lieu_naissance}" if lieu else f"date de naissance : {naissance_date}"
    )
    return {
        "civilite": a.civilite,
        "nom": p.nom,
        "prenoms": p.prenoms,
        "nom_complet": nom_complet,
        "designation": designation,
        "court": nom_court(p),
        "de_designation": elide("de", designation),
        "date_naissance": naissance_date,
        "lieu_naissance": p.lieu_naissance,
        "naissance": naissance,
        "nationalite": p.nationalite,
        "adresse": p.adresse,
        "adresse_ligne": ", ".join(p.adresse.splitlines()),
        "courriel": p.courriel,
        "telephone": p.telephone,
        "numero_etranger": p.numero_etranger,
        "interprete": p.interprete,
    }


def _identite(dossier: Dossier, personne: dict, situation: Situation) -> list[str]:
    """The lines a préfecture (or a court) identifies a person by (letter 2, below the objet)."""
    a = accord(dossier.personne.civilite)
    d = dossier.demande
    naissance = (
        f"{personne['naissance'][:1].upper()}{personne['naissance'][1:]}, de nationalité {personne['nationalite']}"
        if not a.neutre
        else f"{personne['naissance'][:1].upper()}{personne['naissance'][1:]} ; nationalité : {personne['nationalite']}"
    )
    lignes = [f"Personne concernée : {personne['designation']}", naissance]
    if personne["adresse_ligne"]:
        lignes.append(f"Adresse : {personne['adresse_ligne']}")
    if personne["numero_etranger"]:
        lignes.append(f"N° étranger (AGDREF) : {personne['numero_etranger']}")
    nature = NATURE_PHRASE[d.nature]
    lignes.append(f"{nature[:1].upper()}{nature[1:]} ({titre_ecrit(dossier)})")
    numero = f"N° de la demande ANEF : {d.numero_anef}" if d.numero_anef else ""
    if situation.depot and d.date_depot:
        depot = f"déposée le {date_lettre(d.date_depot)}"
    elif d.date_depot:
        depot = "sans attestation de dépôt"
    else:
        depot = "non déposée"
    lignes.append(f"{numero}, {depot}" if numero else f"Demande {depot}")
    return lignes


def _accompagnant(acc: Accompagnant | None) -> dict:
    if acc is None:
        return {
            "present": False,
            "nom_complet": "",
            "designation": "",
            "fonction": "",
            "structure": "",
            "qualite": "",
            "adresse": "",
            "courriel": "",
            "telephone": "",
            "presentation": "",
            "role": "",
        }
    a = accord(acc.civilite)
    nom_complet = f"{acc.prenom} {acc.nom}".strip()
    qualite = ", ".join(x for x in (acc.fonction, acc.structure) if x)
    if acc.fonction and acc.structure:
        presentation = f"{_capitalise(acc.fonction)} ({acc.structure})"
    elif acc.fonction:
        presentation = _capitalise(acc.fonction)
    elif acc.structure:
        presentation = f"Membre de la structure {acc.structure}"
    else:
        presentation = ""
    return {
        "present": True,
        "nom_complet": nom_complet,
        "designation": f"{a.civilite} {nom_complet}".strip(),
        "fonction": acc.fonction,
        "structure": acc.structure,
        "qualite": qualite,
        "adresse": acc.adresse,
        "courriel": acc.courriel,
        "telephone": acc.telephone,
        "presentation": presentation,
        "role": "L'accompagnante" if acc.civilite == "madame" else "L'accompagnant",
    }


def _coordonnees(adresse: str, telephone: str, courriel: str) -> str:
    return _lines(adresse, f"Tél. : {telephone}" if telephone else "", f"Courriel : {courriel}" if courriel else "")


def _expediteur(dossier: Dossier, personne: dict, acc: dict, par_accompagnant: bool) -> dict:
    if par_accompagnant and acc["present"]:
        bloc = _lines(
            acc["nom_complet"],
            _capitalise(acc["qualite"]),
            _coordonnees(acc["adresse"], acc["telephone"], acc["courriel"]),
        )
        return {
            "bloc": bloc,
            "nom_complet": acc["nom_complet"],
            "signature": _lines(acc["nom_complet"], _capitalise(acc["qualite"])),
            "courriel": acc["courriel"],
            "ville": ville(acc["adresse"]),
        }
    # nobody signs, nor heads a letter, with their own civilité
    numero = f"N° étranger : {personne['numero_etranger']}" if personne["numero_etranger"] else ""
    bloc = _lines(
        personne["nom_complet"], _coordonnees(personne["adresse"], personne["telephone"], personne["courriel"]), numero
    )
    return {
        "bloc": bloc,
        "nom_complet": personne["nom_complet"],
        "signature": personne["nom_complet"],
        "courriel": personne["courriel"],
        "ville": ville(personne["adresse"]),
    }


def _prefecture(destinataire: Destinataire) -> dict:
    data = charger_referentiel().prefectures[destinataire.code]
    adresse = destinataire.adresse
    rdv = data.rdv_blocage
    civilite = destinataire.civilite
    # « Monsieur le Préfet de police » in Paris (prefecture.prefet_titre)
    titre = f" {data.prefet_titre}" if data.prefet_titre else ""
    return {
        "code": destinataire.code,
        "nom": data.nom,
        "departement": data.departement,
        "ville": data.ville,
        "adresse": adresse,
        "adresse_connue": bool(adresse),
        "courriel": destinataire.courriel,
        "bloc_destinataire": _lines(data.nom, "Service des étrangers — titres de séjour", adresse),
        "appel": ", ".join(f"{appel}{titre}" for appel in APPEL_PREFET[civilite].split(", ")),
        "prefet_connu": destinataire.prefet_connu,
        "rdv_blocage": rdv.libelle if rdv else "",
        "rdv_telephone": rdv.telephone if rdv else "",
        "rdv_horaires": rdv.horaires if rdv else "",
    }


def _chronologie(dossier: Dossier, pieces: list[Piece]) -> list[dict]:
    referentiel = charger_referentiel()
    numeros: dict[int, list[str]] = {}
    for piece in pieces:
        if piece.demarche is not None:
            numeros.setdefault(id(piece.demarche), []).append(str(piece.numero))
    lignes = []
    for d in sorted_demarches(dossier):
        etape = referentiel.etape_du_type(d.type)
        heure = heure_lettre(d.heure)
        pieces_d = numeros.get(id(d), [])
        detail = detail_sans_redite(d)  # on one line, without what the type's label says
        lignes.append(
            {
                "date": date_courte(d.date),
                "date_lettre": date_lettre(d.date),
                "heure": heure,
                "quand": f"{date_lettre(d.date)} à {heure}" if heure else date_lettre(d.date),
                "type": d.type,
                "libelle": referentiel.types_demarche[d.type],
                "etape": etape.numero if etape else "",
                "detail": detail,
                "detail_ligne": detail,
                "resultat": d.resultat,
                "pieces": ", ".join(pieces_d),
                "pieces_texte": (
                    f"pièce n° {pieces_d[0]}" if len(pieces_d) == 1 else f"pièces n° {', '.join(pieces_d)}"
                )
                if pieces_d
                else "",
                # the DGEF message attaches the screenshots, never the bordereau: « (capture jointe) », no number
                "jointe": ("capture jointe" if len(pieces_d) == 1 else "captures jointes")
                if pieces_d and d.type == "capture_ecran"
                else "",
                "sans_reponse": d.type in TYPES_CONTACT and (not d.resultat or bool(SANS_REPONSE.search(d.resultat))),
            }
        )
    return lignes


def _echeances(dossier: Dossier, situation: Situation) -> dict:
    e = situation.echeances
    jours = e.jours_avant_expiration
    if jours is None:
        titre_etat, titre_verbe, titre_participe = "", "", ""
    elif jours > 0:
        titre_etat, titre_verbe, titre_participe = f"dans {duree_jours(jours)}", "expire le", "expirant le"
    elif jours == 0:
        titre_etat, titre_verbe, titre_participe = "aujourd'hui", "expire le", "expirant le"
    else:
        titre_etat, titre_verbe, titre_participe = f"depuis {duree_jours(jours)}", "a expiré le", "ayant expiré le"
    fin = e.jours_avant_fin_provisoire
    provisoire = ""
    if e.document_provisoire and e.document_provisoire_fin is not None and fin is not None:
        quoi = "Récépissé" if e.document_provisoire == "recepisse" else "Attestation de prolongation de l'instruction"
        jour = date_lettre(e.document_provisoire_fin)
        if fin < 0:
            provisoire = f"{quoi} : a expiré le {jour} (depuis {duree_jours(fin)})."
        else:
            quand = f"dans {duree_jours(fin)}" if fin else "aujourd'hui"
            provisoire = f"{quoi} : valable jusqu'au {jour} (fin {quand})."
    return {
        "titre_expiration": date_lettre(e.titre_expiration),
        "titre_expiration_connue": e.titre_expiration is not None,
        "titre_expire": jours is not None and jours < 0,
        "titre_etat": titre_etat,
        "titre_verbe": titre_verbe,
        "titre_participe": titre_participe,
        "jours_avant_expiration": jours if jours is not None else "",
        "provisoire": provisoire,
        "date_depot": date_lettre(dossier.demande.date_depot),
        "date_depot_connue": dossier.demande.date_depot is not None,
        "rejet_implicite": date_lettre(e.rejet_implicite),
        "rejet_implicite_atteint": e.rejet_implicite_atteint,
        "rejet_implicite_certain": e.rejet_implicite_certain,
        "fin_recours": date_lettre(e.fin_recours),
        "urgence_presumee": e.urgence_presumee,
    }


def _courriel_connu(dossier: Dossier) -> str:
    """The recipient's address from the reference data when the dossier gives none: ESPACE's, for a note to its
    jurists from a PACA or Corse préfecture (the contact the verification already names)."""
    o = dossier.orientation
    referentiel = charger_referentiel()
    espace = referentiel.contacts.get("espace")
    if (
        o is not None
        and o.vers == "juriste"
        and re.search(r"\bespace\b", o.structure, re.IGNORECASE)
        and referentiel.en_paca(dossier.demande.prefecture)
    ):
        return espace.courriel if espace is not None else ""
    return ""


def _orientation(dossier: Dossier) -> dict:
    o = dossier.orientation
    if o is None:
        return {
            "present": False,
            "vers": "",
            "vers_libelle": "",
            "nom": "",
            "structure": "",
            "courriel": "",
            "appel": "Madame, Monsieur",
            "bloc_destinataire": "",
            "avocat": False,
            "juriste": False,
            "ddd": False,
        }
    titre = {
        "juriste": "À l'attention d'un ou d'une juriste",
        "delegue_ddd": "Délégué ou déléguée du Défenseur des droits",
        "avocat": "Maître",
    }[o.vers]
    # « Maître Dupont » may be typed with its title: it is written once
    nom = re.sub(r"^(ma[iî]tre|me)\s+", "", o.nom, flags=re.IGNORECASE) if o.vers == "avocat" else o.nom
    a = accord(o.civilite)
    if o.vers == "avocat":
        lignes = [f"Maître {nom}" if nom else titre]
        appel = "Maître"
    else:
        lignes = [f"{a.civilite} {nom}".strip() if nom else titre]
        appel = a.civilite or "Madame, Monsieur"
    role = {"madame": "Déléguée", "monsieur": "Délégué"}.get(o.civilite, "Délégué ou déléguée")
    if o.vers == "delegue_ddd" and nom:
        lignes.append(f"{role} du Défenseur des droits")
    courriel = o.courriel or _courriel_connu(dossier)
    adresse = adresse_ddd(dossier)
    if adresse:  # no address of a delegate: the national one, verified (note.py says where delegates are found)
        qui = f"{lignes[0]}, {role.lower()}" if nom else "un délégué ou d'une déléguée"
        lignes = [f"À l'attention {elide('de', qui)}", *adresse.splitlines()]
    return {
        "present": True,
        "vers": o.vers,
        "vers_libelle": CHOIX["vers"][o.vers],
        "nom": nom,
        "structure": o.structure,
        "courriel": courriel,
        "appel": appel,
        "bloc_destinataire": _lines(*lignes, "" if adresse else o.structure, courriel),
        "avocat": o.vers == "avocat",
        "juriste": o.vers == "juriste",
        "ddd": o.vers == "delegue_ddd",
    }


def _references(personne: dict, dossier: Dossier) -> str:
    refs = []
    if personne["numero_etranger"]:
        refs.append(f"n° étranger {personne['numero_etranger']}")
    if dossier.demande.numero_anef:
        refs.append(f"demande ANEF n° {dossier.demande.numero_anef}")
    return " — ".join(refs)


def _rich_date(lieu: str, jour: date):
    """« Marseille, le 1er décembre 2026 » with « er » in superscript (Word rich text)."""
    from lettres.documents.texte_riche import TexteRiche

    texte = TexteRiche(f"{lieu}, le " if lieu else "Le ")
    if jour.day == 1:
        texte.add("1")
        texte.add("er", superscript=True)
        texte.add(date_lettre(jour)[3:])
    else:
        texte.add(date_lettre(jour))
    return texte


def _pieces(pieces: list[Piece]) -> list[dict]:
    return [
        {
            "numero": p.numero,
            "fichier": p.fichier,
            "libelle": p.libelle,
            "date": date_courte(p.date) if p.date else "",
        }
        for p in pieces
    ]


def _accord(dossier: Dossier) -> dict[str, Any]:
    """The agreement of words with the person's civilité (« née », « intéressée », « elle »)."""
    a = accord(dossier.personne.civilite)
    return {
        "e": a.e,
        "ne": a.ne,
        "Ne": a.ne.capitalize(),
        "interesse": a.interesse,
        "pronom": a.pronom,
        "Pronom": a.pronom[0].upper() + a.pronom[1:],
        "neutre": a.neutre,
    }


def _demande(dossier: Dossier, resume: str) -> dict[str, Any]:
    """The application: its nature, the titre asked, its ANEF number."""
    nature = dossier.demande.nature
    return {
        "nature": nature,
        "nature_libelle": CHOIX["nature"][nature],
        "resume": resume,
        "est_renouvellement": nature == "renouvellement",
        "est_premiere_demande": nature == "premiere_demande",
        "titre": titre_ecrit(dossier),
        "numero_anef": dossier.demande.numero_anef,
    }


def _situation(situation: Situation, referentiel: Referentiel) -> dict[str, Any]:
    """The situations found, as text and as one boolean per known situation."""
    return {
        "codes": ", ".join(situation.codes),
        "libelles": " ; ".join(situation.libelles),
        **{code: code in situation.codes for code in referentiel.situations},
        "substitution": situation.substitution,
        "depot": situation.depot,
    }


def _blocage(dossier: Dossier, referentiel: Referentiel) -> dict[str, Any]:
    """The blocking: its kinds in short words, since when, the message shown, what it prevents."""
    blocage = dossier.blocage
    types_blocage = [referentiel.blocages_courts[t] for t in blocage.types]
    return {
        "types": types_blocage,
        "types_texte": " ; ".join(types_blocage),
        "dysfonctionnement": "des dysfonctionnements suivants"
        if len(types_blocage) > 1
        else "du dysfonctionnement suivant",
        # a missing attestation is dated from the day it became due (procedure/blocage.py)
        "depuis": date_lettre(debut_blocage(dossier)[0]),
        "depuis_texte": debut_blocage(dossier)[1][:1].lower() + debut_blocage(dossier)[1][1:],
        "message_erreur": blocage.message_erreur,
        "description": blocage.description,
        "consequences": blocage.consequences,
        # the account could not be created: the person's address is the one the creation used, not an account's
        "compte_a_creer": "compte_creation" in blocage.types,
    }


def _envoi(dossier: Dossier, situation: Situation, aujourd_hui: date) -> dict[str, Any]:
    """How the letter goes: registered or not, its number, the delay asked for an answer."""
    return {
        "recommande": dossier.envoi.recommande,
        # the number of the letter recorded as sent: only a letter dated that same day is that letter
        "numero_recommande": dossier.envoi.numero_recommande
        if situation.echeances.courrier_prefecture in (None, aujourd_hui)
        else "",
        "delai_reponse_jours": dossier.envoi.delai_reponse_jours,
    }


def _contacts(referentiel: Referentiel) -> dict[str, dict[str, Any]]:
    """The useful contacts of the referentiel, by code."""
    return {
        code: {k: getattr(c, k) for k in ("libelle", "telephone", "horaires", "courriel", "url")}
        for code, c in referentiel.contacts.items()
    }


_PRETES: dict[int, tuple[Referentiel, dict, dict]] = {}


def _references_pretes(referentiel: Referentiel) -> tuple[dict, dict]:
    """The legal texts and the contacts of ``referentiel``, French typography applied, computed once per
    referentiel (callers copy them: a context is theirs to change)."""
    if id(referentiel) not in _PRETES:
        textes, contacts = apply_typographie(textes_cites()), apply_typographie(_contacts(referentiel))
        _PRETES[id(referentiel)] = (referentiel, textes, contacts)  # the referentiel kept: its id stays its own
    _, textes, contacts = _PRETES[id(referentiel)]
    return textes, contacts


def _typographie(context: dict, referentiel: Referentiel) -> dict:
    """French typography through the context, then the legal texts and the contacts added: two thirds of a
    context's texts, the same in every letter, their typography done once per referentiel."""
    context = apply_typographie(context)
    textes, contacts = _references_pretes(referentiel)
    context["textes"] = {code: dict(texte) for code, texte in textes.items()}
    context["contacts"] = {code: dict(contact) for code, contact in contacts.items()}
    return context


def _lieux_dates(
    dossier: Dossier, expediteur: dict[str, Any], expediteur_note: dict[str, Any], aujourd_hui: date
) -> dict[str, Any]:
    """Today in letters, and the « place, date » lines of the letters and of the note."""
    lieu = dossier.envoi.lieu or expediteur["ville"]
    lieu_note = dossier.envoi.lieu or expediteur_note["ville"]
    aujourd_hui_texte = date_lettre(aujourd_hui)
    return {
        "aujourd_hui": aujourd_hui_texte,
        "lieu_date": f"{lieu}, le {aujourd_hui_texte}" if lieu else f"Le {aujourd_hui_texte}",
        "lieu_date_note": f"{lieu_note}, le {aujourd_hui_texte}" if lieu_note else f"Le {aujourd_hui_texte}",
        "lieu_date_riche": _rich_date(lieu, aujourd_hui),
    }


def _pieces_jointes(dossier: Dossier, pieces: list[Piece], analyse: Analyse) -> dict[str, Any]:
    """The pièces: numbered list, those the application needs, their count, the P. J. line, the screenshots."""
    nombre = f"{len(pieces)} {accorder(len(pieces), 'pièce')}" if pieces else ""
    return {
        "pieces": _pieces(pieces),
        "pieces_demande": pieces_demande_context(dossier, pieces, analyse.pieces),
        "nombre_pieces": nombre,
        "ordre_pieces": ordre_pieces(pieces),
        # no pièce, no bordereau to join (generation.py neither writes nor attaches it)
        "pj": f"P. J. : bordereau de pièces ({nombre})" if pieces else "",
        "captures": [
            {"numero": p.numero, "fichier": p.fichier, "libelle": p.libelle}
            for p in pieces
            if p.nature == "capture_ecran"
        ],
    }


def _note(
    dossier: Dossier,
    analyse: Analyse,
    textes: dict,
    resume: str,
    jour: date,
    avec: tuple[bool, bool],
    pieces: list[Piece] | None = None,
) -> dict:
    """Letter 3's words at ``jour``; ``avec``: whether letter 2 and the draft requête go with it; ``pieces``: the
    bordereau, whose numbers it cites."""
    courrier_du_jour, refere_du_jour = avec
    return note_context(
        dossier, analyse.situation, textes, resume, jour, courrier_du_jour, refere_du_jour, analyse.etapes,
        tuple(pieces or ()),
    )


def build_context(
    dossier: Dossier,
    aujourd_hui: date,
    base: Path,
    habillage: Habillage | None = None,
    analyse: Analyse | None = None,
    pieces: list[Piece] | None = None,
    courrier_du_jour: bool = False,
    refere_du_jour: bool = False,
) -> dict:
    """Every variable the templates use, ready (French typography applied), built from the analysis and never read
    back to decide; ``courrier_du_jour``, ``refere_du_jour``: letter 2, the draft requête go with them (see note)."""
    habillage = habillage or Habillage()
    referentiel = charger_referentiel()
    analyse = analyse or analyser(dossier, aujourd_hui)
    situation = analyse.situation
    textes = textes_cites()
    pieces = number_pieces(dossier, base) if pieces is None else pieces
    personne = _personne(dossier.personne)
    acc = _accompagnant(dossier.accompagnant)
    par_accompagnant = dossier.signataire == "accompagnant"
    expediteur = _expediteur(dossier, personne, acc, par_accompagnant)
    # Letter 3 is written by the accompagnant when there is one.
    expediteur_note = _expediteur(dossier, personne, acc, True)
    chronologie = _chronologie(dossier, pieces)
    nature = dossier.demande.nature
    resume = f"{NATURE_PHRASE[nature]} ({titre_ecrit(dossier)})"
    consentement = dossier.consentement
    context = {
        "entete": habillage.context(par_accompagnant),
        **_lieux_dates(dossier, expediteur, expediteur_note, aujourd_hui),
        "signataire_personne": not par_accompagnant,
        "signataire_accompagnant": par_accompagnant,
        "personne": personne,
        "identite": _identite(dossier, personne, situation),
        "accord": _accord(dossier),
        "accompagnant": acc,
        "expediteur": expediteur,
        "expediteur_note": expediteur_note,
        "references": _references(personne, dossier),
        "demande": _demande(dossier, resume),
        "prefecture": _prefecture(analyse.destinataire),
        "situation": _situation(situation, referentiel),
        "courrier": courrier_context(dossier, situation, textes, aujourd_hui, pieces),
        "note": _note(dossier, analyse, textes, resume, aujourd_hui, (courrier_du_jour, refere_du_jour), pieces),
        "blocage": _blocage(dossier, referentiel),
        "chronologie": chronologie,
        "sans_reponse": sans_reponse_note(chronologie),
        "chronologie_avec_pieces": any(c["pieces"] for c in chronologie),
        **_pieces_jointes(dossier, pieces, analyse),
        "echeances": _echeances(dossier, situation),
        "diligences_accomplies": analyse.diligences,
        "orientation": _orientation(dossier),
        "consentement": {"date": date_lettre(consentement.date), "transmission_tiers": consentement.transmission_tiers},
        "envoi": _envoi(dossier, situation, aujourd_hui),
    }
    context = _typographie(context, referentiel)
    # the names the requête gives the pièces before any PDF conversion; generation sets the final ones
    context["refere"] = refere_context(analyse, telerecours_names(pieces, False))
    return context
