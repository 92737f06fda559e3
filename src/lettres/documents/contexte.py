"""The template context: ready French strings and booleans, so that templates never compute.

Every variable a Word or e-mail template may use is built here from the dossier, the reference data
and the date of the letters. Templates cite law only through ``textes`` (the data file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lettres.documents.habillage import Habillage
from lettres.dossier import Accompagnant, Demarche, Dossier, Personne
from lettres.dossier.valeurs import CHOIX
from lettres.fichiers import ascii_slug
from lettres.francais import accord, date_courte, date_lettre, duree_jours, heure_lettre
from lettres.procedure.delais import compute_echeances
from lettres.procedure.etapes import diligences_accomplies
from lettres.referentiel import charger_referentiel

NATURE_PHRASE = {
    "premiere_demande": "première demande de titre de séjour",
    "renouvellement": "demande de renouvellement de titre de séjour",
    "changement_statut": "demande de changement de statut",
    "autre": "demande de titre de séjour",
}

SANS_REPONSE = re.compile(r"sans (r[ée]ponse|suite)|aucune r[ée]ponse|pas de r[ée]ponse", re.IGNORECASE)
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


@dataclass(frozen=True)
class Piece:
    """One pièce of the bordereau: its number, its source file and its new ASCII name."""

    numero: int
    source: Path
    fichier: str
    demarche: Demarche
    libelle: str


def number_pieces(dossier: Dossier, base: Path) -> list[Piece]:
    """Number the pièces in the chronological order of their démarches (NN_AAAA-MM-JJ_libelle.ext)."""
    types = charger_referentiel().types_demarche
    pieces: list[Piece] = []
    for demarche in sorted_demarches(dossier):
        for chemin in demarche.pieces:
            numero = len(pieces) + 1
            source = (base / chemin).expanduser()
            extension = ascii_slug(source.suffix.lstrip("."), "", 8).lower()
            nom = f"{numero:02d}_{demarche.date.isoformat()}_{ascii_slug(demarche.type, '-')}"
            fichier = f"{nom}.{extension}" if extension else nom
            libelle = f"{types[demarche.type]} du {date_lettre(demarche.date)}"
            resume = demarche.detail or demarche.resultat
            if resume:
                libelle += f" — {_one_line(resume)}"
            pieces.append(Piece(numero, source, fichier, demarche, libelle))
    return pieces


def sorted_demarches(dossier: Dossier) -> list[Demarche]:
    """The démarches in chronological order (date, then time; stable for equal times)."""
    return sorted(dossier.demarches, key=lambda d: (d.date, d.heure or "99:99"))


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    """A capital at the start and a full stop at the end, as a sentence of the letter."""
    text = _capitalise(" ".join(text.split()))
    return text if not text or text[-1] in ".!?…" else text + "."


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(*items: str) -> str:
    return "\n".join(item for item in items if item)


def _ville(adresse: str) -> str:
    """The city of a French address: the last line « 13003 Marseille », without « Cedex »."""
    for line in reversed(adresse.splitlines()):
        match = re.match(r"^\s*\d{5}\s+(.+?)(\s+cedex.*)?\s*$", line, re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return ""


def _personne(p: Personne) -> dict:
    a = accord(p.civilite)
    nom_complet = f"{p.prenoms} {p.nom}"
    naissance_date = date_lettre(p.date_naissance)
    lieu = f" à {p.lieu_naissance}" if p.lieu_naissance else ""
    naissance = f"{a.ne} le {naissance_date}{lieu}" if not a.neutre else f"date de naissance : {naissance_date}{lieu}"
    return {
        "civilite": a.civilite,
        "nom": p.nom,
        "prenoms": p.prenoms,
        "nom_complet": nom_complet,
        "designation": f"{a.civilite} {nom_complet}".strip(),
        "date_naissance": naissance_date,
        "lieu_naissance": p.lieu_naissance,
        "naissance": naissance,
        "nationalite": p.nationalite,
        "adresse": p.adresse,
        "adresse_ligne": ", ".join(p.adresse.splitlines()),
        "courriel": p.courriel,
        "telephone": p.telephone,
        "numero_etranger": p.numero_etranger,
    }


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
            "ville": _ville(acc["adresse"]),
        }
    numero = f"N° étranger : {personne['numero_etranger']}" if personne["numero_etranger"] else ""
    bloc = _lines(
        personne["designation"], _coordonnees(personne["adresse"], personne["telephone"], personne["courriel"]), numero
    )
    return {
        "bloc": bloc,
        "nom_complet": personne["designation"],
        "signature": personne["designation"],
        "courriel": personne["courriel"],
        "ville": _ville(personne["adresse"]),
    }


def _prefecture(dossier: Dossier) -> dict:
    data = charger_referentiel().prefectures[dossier.demande.prefecture]
    adresse = dossier.envoi.prefecture_adresse or data.get("adresse", "")
    rdv = data.get("rdv_blocage", {})
    return {
        "code": dossier.demande.prefecture,
        "nom": data["nom"],
        "departement": data["departement"],
        "ville": data["ville"],
        "adresse": adresse,
        "adresse_connue": bool(adresse),
        "courriel": dossier.envoi.prefecture_courriel or data.get("courriel", ""),
        "bloc_destinataire": _lines(data["nom"], "Service des étrangers — titres de séjour", adresse),
        "appel": "Madame la Préfète, Monsieur le Préfet",
        "rdv_blocage": rdv.get("libelle", ""),
        "rdv_telephone": rdv.get("telephone", ""),
        "rdv_horaires": rdv.get("horaires", ""),
    }


def _chronologie(dossier: Dossier, pieces: list[Piece]) -> list[dict]:
    referentiel = charger_referentiel()
    numeros: dict[int, list[str]] = {}
    for piece in pieces:
        numeros.setdefault(id(piece.demarche), []).append(str(piece.numero))
    lignes = []
    for d in sorted_demarches(dossier):
        etape = referentiel.etape_du_type(d.type)
        heure = heure_lettre(d.heure)
        pieces_d = numeros.get(id(d), [])
        lignes.append(
            {
                "date": date_courte(d.date),
                "date_lettre": date_lettre(d.date),
                "heure": heure,
                "quand": f"{date_lettre(d.date)} à {heure}" if heure else date_lettre(d.date),
                "type": d.type,
                "libelle": referentiel.types_demarche[d.type],
                "etape": etape.numero if etape else "",
                "detail": d.detail,
                "resultat": d.resultat,
                "pieces": ", ".join(pieces_d),
                "pieces_texte": (
                    f"pièce n° {pieces_d[0]}" if len(pieces_d) == 1 else f"pièces n° {', '.join(pieces_d)}"
                )
                if pieces_d
                else "",
                "sans_reponse": d.type in TYPES_CONTACT and (not d.resultat or bool(SANS_REPONSE.search(d.resultat))),
            }
        )
    return lignes


def _echeances(dossier: Dossier, aujourd_hui: date) -> dict:
    e = compute_echeances(dossier, aujourd_hui)
    jours = e.jours_avant_expiration
    if jours is None:
        titre_etat, titre_verbe, titre_participe = "", "", ""
    elif jours > 0:
        titre_etat, titre_verbe, titre_participe = f"dans {duree_jours(jours)}", "expire le", "expirant le"
    elif jours == 0:
        titre_etat, titre_verbe, titre_participe = "aujourd'hui", "expire le", "expirant le"
    else:
        titre_etat, titre_verbe, titre_participe = f"depuis {duree_jours(jours)}", "a expiré le", "ayant expiré le"
    return {
        "titre_expiration": date_lettre(e.titre_expiration),
        "titre_expiration_connue": e.titre_expiration is not None,
        "titre_expire": jours is not None and jours < 0,
        "titre_etat": titre_etat,
        "titre_verbe": titre_verbe,
        "titre_participe": titre_participe,
        "jours_avant_expiration": jours if jours is not None else "",
        "date_depot": date_lettre(dossier.demande.date_depot),
        "date_depot_connue": dossier.demande.date_depot is not None,
        "rejet_implicite": date_lettre(e.rejet_implicite),
        "rejet_implicite_atteint": e.rejet_implicite_atteint,
        "fin_recours": date_lettre(e.fin_recours),
        "urgence_presumee": e.urgence_presumee,
    }


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
            "objet": "",
            "appel": "Madame, Monsieur",
            "bloc_destinataire": "",
            "avocat": False,
            "juriste": False,
            "ddd": False,
        }
    defaut = {
        "juriste": "une analyse juridique de la situation et, si besoin, l'orientation vers un avocat ou une avocate",
        "delegue_ddd": "l'intervention du Défenseur des droits auprès de la préfecture pour obtenir l'enregistrement de la demande",
        "avocat": "l'analyse de la situation et, si besoin, la saisine du juge des référés",
    }[o.vers]
    titre = {
        "juriste": "À l'attention d'un ou d'une juriste",
        "delegue_ddd": "Délégué ou déléguée du Défenseur des droits",
        "avocat": "Maître",
    }[o.vers]
    premiere_ligne = f"Maître {o.nom}" if o.vers == "avocat" and o.nom else (o.nom or titre)
    return {
        "present": True,
        "vers": o.vers,
        "vers_libelle": CHOIX["vers"][o.vers],
        "nom": o.nom,
        "structure": o.structure,
        "courriel": o.courriel,
        "objet": _sentence(o.objet or defaut),
        "appel": "Maître" if o.vers == "avocat" else "Madame, Monsieur",
        "bloc_destinataire": _lines(
            premiere_ligne, titre if o.vers == "delegue_ddd" and o.nom else "", o.structure, o.courriel
        ),
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
    from docxtpl import RichText

    texte = RichText(f"{lieu}, le " if lieu else "Le ")
    if jour.day == 1:
        texte.add("1")
        texte.add("er", superscript=True)
        texte.add(date_lettre(jour)[3:])
    else:
        texte.add(date_lettre(jour))
    return texte


def build_context(dossier: Dossier, aujourd_hui: date, base: Path, habillage: Habillage | None = None) -> dict:
    """Every variable the templates use, as ready strings, booleans and lists."""
    habillage = habillage or Habillage()
    referentiel = charger_referentiel()
    pieces = number_pieces(dossier, base)
    personne = _personne(dossier.personne)
    acc = _accompagnant(dossier.accompagnant)
    par_accompagnant = dossier.signataire == "accompagnant"
    expediteur = _expediteur(dossier, personne, acc, par_accompagnant)
    # Letter 3 is written by the accompagnant when there is one.
    expediteur_note = _expediteur(dossier, personne, acc, True)
    lieu = dossier.envoi.lieu or expediteur["ville"]
    lieu_note = dossier.envoi.lieu or expediteur_note["ville"]
    aujourd_hui_texte = date_lettre(aujourd_hui)
    chronologie = _chronologie(dossier, pieces)
    blocage = dossier.blocage
    types_blocage = [referentiel.blocages[t] for t in blocage.types]
    nature = dossier.demande.nature
    a = accord(dossier.personne.civilite)
    consentement = dossier.consentement
    return {
        "entete": habillage.context(par_accompagnant),
        "aujourd_hui": aujourd_hui_texte,
        "lieu_date": f"{lieu}, le {aujourd_hui_texte}" if lieu else f"Le {aujourd_hui_texte}",
        "lieu_date_note": f"{lieu_note}, le {aujourd_hui_texte}" if lieu_note else f"Le {aujourd_hui_texte}",
        "lieu_date_riche": _rich_date(lieu, aujourd_hui),
        "signataire_personne": not par_accompagnant,
        "signataire_accompagnant": par_accompagnant,
        "personne": personne,
        "accord": {
            "e": a.e,
            "ne": a.ne,
            "Ne": a.ne.capitalize(),
            "interesse": a.interesse,
            "pronom": a.pronom,
            "Pronom": a.pronom[0].upper() + a.pronom[1:],
            "neutre": a.neutre,
        },
        "accompagnant": acc,
        "expediteur": expediteur,
        "expediteur_note": expediteur_note,
        "references": _references(personne, dossier),
        "demande": {
            "nature": nature,
            "nature_libelle": CHOIX["nature"][nature],
            "resume": f"{NATURE_PHRASE[nature]} ({dossier.demande.titre})",
            "est_renouvellement": nature == "renouvellement",
            "est_premiere_demande": nature == "premiere_demande",
            "titre": dossier.demande.titre,
            "numero_anef": dossier.demande.numero_anef,
        },
        "prefecture": _prefecture(dossier),
        "blocage": {
            "types": types_blocage,
            "types_texte": " ; ".join(t[0].lower() + t[1:] for t in types_blocage),
            "dysfonctionnement": "des dysfonctionnements suivants"
            if len(types_blocage) > 1
            else "du dysfonctionnement suivant",
            "depuis": date_lettre(blocage.depuis),
            "message_erreur": blocage.message_erreur,
            "description": blocage.description,
            "consequences": blocage.consequences,
        },
        "chronologie": chronologie,
        "sans_reponse": [c for c in chronologie if c["sans_reponse"]],
        "pieces": [
            {"numero": p.numero, "fichier": p.fichier, "libelle": p.libelle, "date": date_courte(p.demarche.date)}
            for p in pieces
        ],
        "nombre_pieces": f"{len(pieces)} pièce{'s' if len(pieces) > 1 else ''}" if pieces else "",
        "captures": [
            {"numero": p.numero, "fichier": p.fichier, "libelle": p.libelle}
            for p in pieces
            if p.demarche.type == "capture_ecran"
        ],
        "echeances": _echeances(dossier, aujourd_hui),
        "diligences_accomplies": diligences_accomplies(dossier),
        "orientation": _orientation(dossier),
        "consentement": {"date": date_lettre(consentement.date), "transmission_tiers": consentement.transmission_tiers},
        "envoi": {
            "recommande": dossier.envoi.recommande,
            "numero_recommande": dossier.envoi.numero_recommande,
            "delai_reponse_jours": dossier.envoi.delai_reponse_jours,
        },
        "textes": {
            code: {
                "citation": t["citation"],
                "abrege": t.get("abrege", t["citation"]),
                "numero": t.get("numero", ""),
                "intitule": t["intitule"],
                "extrait": t.get("extrait", ""),
            }
            for code, t in referentiel.textes.items()
            if t["statut"] == "verifie"
        },
        "contacts": {
            code: {k: c.get(k, "") for k in ("libelle", "telephone", "horaires", "courriel", "url")}
            for code, c in referentiel.contacts.items()
        },
    }
