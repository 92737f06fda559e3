"""Values of the dossier: cleaning, dates, times, e-mail addresses, numbers, yes/no and lists of codes.

Every parser returns the value as the dossier stores it, or raises ``FieldError`` with a French message
that quotes what the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator

from lettres.francais import MOIS, replier
from lettres.referentiel import charger_referentiel

# --- cleaning of every text -------------------------------------------------------------------

# XML 1.0 forbids these characters; docxtpl drops them silently in the body and fails in headers
# (docs/bibliotheques.md), so they are removed at the door.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Normalise line endings and remove XML-illegal control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_XML.sub("", value)


def _as_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return clean_text(value).strip("\n").rstrip()
    return value


def _as_line(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


class FieldError(ValueError):
    """A French message for one field; raised inside validators."""


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


# --- dates ------------------------------------------------------------------------------------

# a time after the date (« 2026-10-01 0:00:00 », as spreadsheets export date cells) is ignored
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# years of 5 to 8 digits too, to say what is wrong with « 10000-01-01 »
_DATE_ISO = re.compile(rf"^(\d{{4,8}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
# 18/12/2026, 18.12.2026, 18-12-2026, 18 12 2026, 18/12/26: the day first, as in France
_DATE_FR = re.compile(rf"^(\d{{1,2}}) ?([/.\- ]) ?(\d{{1,2}}) ?\2 ?(\d{{4,8}}|\d{{2}}){_TIME}$")
# 3 mars 1985, 1er mars 1985, le 3 mars 1985, mardi 3 mars 1985, 3 fév. 1985
_DATE_MOTS = re.compile(r"^(?:[a-z]+ )?(?:le )?(\d{1,2}) ?(?:er|e|eme)? ([a-z]+)\.? (\d{4}|\d{2})$")
_ABREVIATIONS = {"janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "sep": 9, "oct": 10, "nov": 11}
_ABREVIATIONS.update({"dec": 12, "jan": 1, "aou": 8})
# the doors that know the question replace it with its own example (questions.date_example)
DATE_ATTENDUE = "écrivez la date comme 03/06/1985 ou 3 juin 1985"


def _month(word: str) -> int | None:
    for number, name in enumerate(MOIS, 1):
        if word == replier(name):
            return number
    return _ABREVIATIONS.get(word)


def _full_year(text: str) -> int:
    """Two digits: this century up to ten years ahead (« 26 » → 2026), the last one before (« 85 » → 1985)."""
    year = int(text)
    if len(text) >= 4:
        return year
    return 2000 + year if 2000 + year <= date.today().year + 10 else 1900 + year


def _build_date(text: str, day: int, month: int, year: int) -> date:
    """The date, or a message saying which part is wrong (« le 31 février 1985 n'existe pas »)."""
    if not 1 <= month <= 12:
        swapped = " ; le jour s'écrit en premier (JJ/MM/AAAA)" if 1 <= day <= 12 and month <= 31 else ""
        raise FieldError(f"{_quote(text)} : il n'y a pas de mois {month}{swapped}")
    if year < 1900 or year > 9999:
        raise FieldError(f"{_quote(text)} : l'année {year} n'est pas plausible, vérifiez-la")
    try:
        return date(year, month, day)
    except ValueError:
        import calendar

        jours = calendar.monthrange(year, month)[1]
        nom = MOIS[month - 1]
        if day < 1 or day > 31:
            raise FieldError(f"{_quote(text)} : il n'y a pas de jour {day} dans un mois") from None
        raise FieldError(
            f"{_quote(text)} : le {day} {nom} {year} n'existe pas ({nom} {year} compte {jours} jours)"
        ) from None


def parse_date(value: Any) -> date | None:
    """Accept a date as French people write it: ``18/12/2026``, ``18.12.2026``, ``18/12/26``,
    ``3 mars 1985``, ``1er mars 1985``, or ``AAAA-MM-JJ``; empty gives None. A wrong date raises
    ``FieldError`` saying what is wrong in it."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    if not text:
        return None
    if match := _DATE_ISO.match(text):
        return _build_date(text, int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if match := _DATE_FR.match(text):
        return _build_date(text, int(match.group(1)), int(match.group(3)), _full_year(match.group(4)))
    if match := _DATE_MOTS.match(replier(text).replace("1er", "1").replace(",", "")):
        month = _month(match.group(2))
        if month is None:
            raise FieldError(f"{_quote(text)} : mois « {match.group(2)} » inconnu ; {DATE_ATTENDUE}")
        return _build_date(text, int(match.group(1)), month, _full_year(match.group(3)))
    raise FieldError(f"{_quote(text)} n'est pas une date : {DATE_ATTENDUE}")


_SANS_ANNEE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")
_SANS_ANNEE_MOTS = re.compile(r"^(?:[a-z]+ )?(?:le )?(\d{1,2}) ?(?:er|e|eme)? ([a-z]+)\.?$")


def complete_year(text: str, aujourd_hui: date, prochaine: bool = False) -> date | None:
    """« 12/10 » or « 12 octobre » typed without a year: that day this year, or last year when it would be
    after ``aujourd_hui`` (a démarche already done); with ``prochaine`` (an expiry, an appointment: a date to
    come), the next such day from ``aujourd_hui`` on. None when a year was typed or the text is no date."""
    texte = " ".join(str(text).split())
    if match := _SANS_ANNEE.match(texte):
        jour, mois = int(match.group(1)), int(match.group(2))
    elif match := _SANS_ANNEE_MOTS.match(replier(texte).replace("1er", "1")):
        jour, mois = int(match.group(1)), _month(match.group(2)) or 0
    else:
        return None
    annees = (aujourd_hui.year, aujourd_hui.year + 1) if prochaine else (aujourd_hui.year, aujourd_hui.year - 1)
    for annee in annees:
        try:
            candidate = date(annee, mois, jour)
        except ValueError:
            return None
        if (candidate >= aujourd_hui) if prochaine else (candidate <= aujourd_hui):
            return candidate
    return None


def telephone_warning(text: str) -> str | None:
    """A phone number with too few or too many digits: French numbers have 10 (06 12 34 56 78), international
    ones start with + and the country code (8 to 15 digits)."""
    chiffres = re.sub(r"\D", "", text)
    texte = text.strip()
    if texte.startswith(("+", "00")):
        n = len(chiffres) - (2 if texte.startswith("00") else 0)
        if not 8 <= n <= 15:
            return f"Un numéro international a de 8 à 15 chiffres après le + ; celui-ci en a {n}."
        return None
    if len(chiffres) != 10 or not texte[:1].isdigit():
        return (
            f"Un numéro français a 10 chiffres (06 12 34 56 78) ; celui-ci en a {len(chiffres)}. Pour un numéro "
            "étranger, commencez par + et l'indicatif du pays."
        )
    return None


# the names whose spelling the letters normalise (True: a family name, in capitals), in every door
NOMS = {"personne.nom": True, "personne.prenoms": False, "accompagnant.nom": True, "accompagnant.prenom": False}


def nom_ecrit(text: str, famille: bool) -> str:
    """How a name is written in the letters: the family name in capitals (« CAMARA »), given names with a
    capital each (« Fatou Binta ») when typed all in lower or upper case; other spellings are kept."""
    texte = " ".join(text.split())
    if famille:
        return texte.upper()
    if texte.islower() or texte.isupper():
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), texte)
    return texte


def _required_date(value: Any) -> date:
    parsed = parse_date(value)
    if parsed is None:
        raise FieldError("date obligatoire (JJ/MM/AAAA)")
    return parsed


_HEURE = re.compile(r"^(\d{1,2})\s*(?:h|H|:)\s*(\d{2})?$")


def parse_heure(value: Any) -> str:
    """Accept ``10:42``, ``10h42``, ``10 h 42`` or ``10h``; store ``HH:MM``."""
    text = _as_line(value)
    if text == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 10:42 as sexagesimal 642; ruamel (1.2) does not, but be kind.
        text = f"{value // 60}:{value % 60:02d}"
    match = _HEURE.match(str(text))
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    raise FieldError(f"{_quote(text)} n'est pas une heure valide (attendu : HH:MM, par exemple 10:42)")


# --- e-mail, numbers --------------------------------------------------------------------------


def parse_courriel(value: Any) -> str:
    """Check an e-mail address offline and return it normalised (empty allowed)."""
    text = _as_line(value)
    if text == "":
        return ""
    if not isinstance(text, str):  # « courriel: {a: b} », « courriel: non »: a list or yes/no is not an address
        raise FieldError(f"{_quote(text)} n'est pas une adresse électronique valide")
    return _courriel_normalise(text)


@lru_cache(maxsize=4096)
def _courriel_normalise(text: Any) -> str:
    # the structure's own addresses come back in every dossier: checked once (follow-up table, batches)
    from lettres.expressions import prepared_patterns

    with prepared_patterns("email_validator"):  # its expressions kept compiled from one command to the next
        from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise FieldError(f"{_quote(text)} n'est pas une adresse électronique valide") from None


def parse_numero_etranger(value: Any) -> str:
    text = _as_line(value)
    if text == "":
        return ""
    digits = re.sub(r"[\s.\-]", "", str(text))
    if re.fullmatch(r"\d{10}", digits):
        return digits
    if not digits.isdigit():
        raise FieldError(f"{_quote(text)} : le numéro étranger ne compte que des chiffres, 10 en tout")
    # a number read from a file without its quotes has lost its first zeros
    zeros = " ; dans le fichier, écrivez-le entre guillemets pour garder ses zéros" if isinstance(value, int) else ""
    raise FieldError(
        f"{_quote(text)} : le numéro étranger compte 10 chiffres ; vous en avez tapé {len(digits)}{zeros}"
    )


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = replier(str(value))
    if text in {"oui", "vrai", "true", "1", "x", "o", "yes"}:
        return True
    if text in {"non", "faux", "false", "0", "n", "no"}:
        return False
    raise FieldError(f"{_quote(value)} n'est pas une réponse oui/non valide (attendu : oui ou non)")


# --- enumerations -----------------------------------------------------------------------------


CHOIX: dict[str, dict[str, str]] = {
    "signataire": {"personne": "La personne elle-même", "accompagnant": "L'accompagnant ou l'accompagnante"},
    "civilite": {"madame": "Madame", "monsieur": "Monsieur", "": "Non précisée (formulation neutre)"},
    "nature": {
        "premiere_demande": "Première demande",
        "renouvellement": "Renouvellement",
        "changement_statut": "Changement de statut",
        "autre": "Autre demande",
    },
    "document_provisoire": {
        "": "Aucun",
        "api": "Attestation de prolongation de l'instruction (API)",
        "recepisse": "Récépissé (dépôt papier)",
    },
    "complet": {
        "": "Inconnu",
        "oui": "Oui : la préfecture le regarde comme complet",
        "non": "Non : la préfecture le dit incomplet",
    },
    "decision": {
        "": "Aucune",
        "refus": "Refus de titre de séjour notifié",
        "oqtf": "Obligation de quitter le territoire français (OQTF) notifiée",
    },
    # what a letter to the préfecture asked for (démarche courrier_prefecture or courriel_prefecture)
    "objets_courrier": {
        "rendez_vous": "Un rendez-vous",
        "accompagnement": "Un accompagnement au point d'accueil numérique",
        "substitution": "La solution de substitution (enregistrement de la demande hors du téléservice)",
        "piece": "La transmission d'une pièce par une autre voie que le téléservice",
        "api": "L'attestation de prolongation de l'instruction (API)",
        "recepisse": "Un récépissé",
        "motifs": "Les motifs d'une décision implicite de rejet",
        "autre": "Autre chose",
    },
    "aide_juridictionnelle": {
        "": "Non précisé",
        "demandee": "Demandée",
        "a_demander": "À demander",
        "non": "Non demandée",
    },
    "vers": {
        "juriste": "Un ou une juriste",
        "delegue_ddd": "Un délégué ou une déléguée du Défenseur des droits",
        "avocat": "Un avocat ou une avocate",
    },
    # the outcome of a dossier (section issue): what the préfecture answered, how the case closed
    "reponses_prefecture": {
        "attente": "Accusé de réception ou réponse d'attente",
        "delai": "Annonce d'un délai de traitement",
        "piece": "Demande de pièce",
        "rendez_vous": "Rendez-vous proposé",
        "api": "API ou récépissé délivré",
        "enregistrement": "Demande enregistrée (solution de substitution)",
        "renvoi_anef": "Renvoi vers l'ANEF ou son assistance",
        "refus": "Refus",
        "autre": "Autre réponse",
    },
    "clotures": {
        "": "Dossier en cours",
        "titre": "Titre ou récépissé délivré",
        "api": "API obtenue",
        "rendez_vous": "Rendez-vous obtenu",
        "demande_enregistree": "Demande enregistrée",
        "refere_accorde": "Référé accordé",
        "refere_rejete": "Référé rejeté",
        "rejet": "Rejet de la demande",
        "abandon": "Abandon",
        "autre": "Autre issue",
    },
}
LISTES = (*CHOIX, "prefectures", "blocages", "types_demarche", "situations", "titres", "pieces_titre")


@cache
def options(nom: str) -> dict[str, str]:
    """The codes and French labels of a list of choices: fixed (``CHOIX``) or from the data files.

    Built once (every dossier read asks for them); the dict is shared: read it, never change it."""
    if nom in CHOIX:
        return CHOIX[nom]
    referentiel = charger_referentiel()
    if nom == "prefectures":
        return {code: p.nom for code, p in referentiel.prefectures.items()}
    if nom == "blocages":
        return referentiel.blocages
    if nom == "types_demarche":
        return referentiel.types_demarche
    if nom == "situations":
        return {code: s["libelle"] for code, s in referentiel.situations.items()}
    if nom in ("titres", "pieces_titre"):
        from lettres.dossier.titre import intitules, toutes_les_pieces

        return intitules() if nom == "titres" else toutes_les_pieces()
    raise KeyError(nom)


# abbreviations people type (« Mme ») find the choice too
MOTS_CLES = {
    "civilite": {"madame": "mme", "monsieur": "mr m.", "": "neutre aucune vide"},
    # the words people use for a démarche (« recommandé », « LRAR », « RDV », « téléphone »…)
    "types_demarche": {
        "capture_ecran": "screenshot copie ecran photo",
        "formulaire_contact": "nous contacter message site",
        "courriel_dgef": "mail email e-mail message support",
        "appel_anef": "telephone tel coup de fil numero 0806",
        "demande_rdv": "rdv rendez-vous creneau prise",
        "appel_pan": "telephone tel coup de fil rdv",
        "visite_pan": "rdv rendez-vous guichet deplacement accueil",
        "courriel_prefecture": "mail email e-mail message",
        "courrier_prefecture": "recommande lrar lettre ar accuse reception poste envoi lettre2",
        "saisine_juriste": "juridique droit association",
        "saisine_ddd": "ddd defenseur delegue",
        "saisine_avocat": "avocat avocate barreau",
        "autre": "divers",
    },
}


def mots_cles(nom: str) -> dict[str, str]:
    """Other words a user may type to find a choice: abbreviations, the city and département of a préfecture,
    a category's code written without its space (« cst1 ») and the name a letter gives it."""
    if nom == "titres":
        from lettres.dossier.titre import catalogue

        return {t.code: f"{t.code.replace(' ', '')} {t.famille} {t.nom}" for t in catalogue()}
    if nom != "prefectures":
        return MOTS_CLES.get(nom, {})
    from lettres.referentiel.prefectures import mots

    return {code: mots(p) for code, p in charger_referentiel().prefectures.items()}


def _choice(nom: str, normalise: Callable[[str], str] = str) -> Callable[[Any], str]:
    """A validator accepting a code of the list ``nom`` or its French label, case and accents ignored."""

    def validate(value: Any) -> str:
        text = _as_line(value)
        choices = options(nom)
        code = normalise(str(text))
        if code in choices:
            return code
        folded = replier(str(text))
        for key, label in choices.items():
            if folded in {replier(key), replier(label)}:
                return key
        acceptes = ", ".join(k if k else "(vide)" for k in choices)
        raise FieldError(f"{_quote(text)} n'est pas une valeur acceptée (valeurs possibles : {acceptes})")

    return validate


def _prefecture(value: Any) -> str:
    """A préfecture by its code or any word that names it alone: « 69 », « Rhône », « lyon », « Préfecture du
    Rhône »; an ambiguous word names the candidates."""
    text = _as_line(value)
    codes = charger_referentiel().trouver_prefecture(str(text))
    if len(codes) == 1:
        return codes[0]
    prefectures = charger_referentiel().prefectures
    if codes:
        noms = ", ".join(f"{c} ({prefectures[c].nom})" for c in codes)
        raise FieldError(f"{_quote(text)} désigne plusieurs préfectures : {noms} ; donnez le numéro du département")
    raise FieldError(
        f"{_quote(text)} n'est pas une valeur acceptée : donnez le numéro du département (69), son nom (Rhône) "
        "ou la ville de la préfecture (Lyon)"
    )


def parse_entier(value: Any) -> int | None:
    """A whole number of days (``15``, `` 15 ``, ``15 jours``); empty gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError(f"{_quote(value)} n'est pas un nombre entier")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d+)\s*(?:jours?|j)?\s*", str(value), re.IGNORECASE)
    if match is None:
        raise FieldError(f"{_quote(value)} n'est pas un nombre entier (par exemple 15)")
    if (
        len(match.group(1)) > 9
    ):  # Python refuses to read more than 4,300 digits, in English: no count of days is this long
        raise FieldError(f"{_quote(value)} est hors des limites acceptées")
    return int(match.group(1))


Texte = Annotated[str, BeforeValidator(_as_text)]
Ligne = Annotated[str, BeforeValidator(_as_line)]
Courriel = Annotated[str, BeforeValidator(parse_courriel)]
DateOptionnelle = Annotated[date | None, BeforeValidator(parse_date)]
DateObligatoire = Annotated[date, BeforeValidator(_required_date)]
Booleen = Annotated[bool, BeforeValidator(parse_bool)]
EntierOptionnel = Annotated[int | None, BeforeValidator(parse_entier)]


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in re.split(r"[,;\n]", value) if item.strip()]
    return [] if value is None else value
