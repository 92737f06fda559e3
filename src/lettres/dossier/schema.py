"""The dossier: one schema (pydantic) for the YAML file, the checks, the messages and the templates.

Each field declares once its French label (``title``) and help (``description``); enumerations
declare their codes and French labels in ``CHOIX``. Messages name the field path and the value:
``personne.date_naissance : « 31/02/1990 » n'est pas une date valide``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from lettres.erreurs import DossierInvalide, FichierIntrouvable
from lettres.referentiel import charger_referentiel

# --- cleaning of every text -------------------------------------------------------------------

# XML 1.0 forbids these characters; docxtpl drops them silently in the body and fails in headers
# (shared/OUTILS.md §2.1), so they are removed at the door.
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
_DATE_FR = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}$")
_DATE_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")


def parse_date(value: Any) -> date | None:
    """Accept a date, ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``; empty gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DATE_ISO.match(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DATE_FR.match(text)):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is not None:
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise FieldError(f"{_quote(text)} n'est pas une date valide (attendu : JJ/MM/AAAA ou AAAA-MM-JJ)")


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
    if not re.fullmatch(r"\d{10}", digits):
        raise FieldError(
            f"{_quote(text)} n'est pas un numéro étranger valide : il compte 10 chiffres "
            "(écrivez-le entre guillemets dans le fichier YAML pour garder les zéros)"
        )
    return digits


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = _fold(str(value))
    if text in {"oui", "vrai", "true", "1", "x", "o", "yes"}:
        return True
    if text in {"non", "faux", "false", "0", "n", "no"}:
        return False
    raise FieldError(f"{_quote(value)} n'est pas une réponse oui/non valide (attendu : oui ou non)")


# --- enumerations -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower-case, without accents or surrounding spaces: for tolerant matching."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _choice(choices: Callable[[], dict[str, str]], normalise: Callable[[str], str] = str) -> Callable:
    """A validator accepting a code or its French label, case and accents ignored."""

    def validate(value: Any) -> str:
        text = _as_line(value)
        options = choices()
        code = normalise(str(text))
        if code in options:
            return code
        folded = _fold(str(text))
        for key, label in options.items():
            if folded in {_fold(key), _fold(label)}:
                return key
        acceptes = ", ".join(k if k else "(vide)" for k in options)
        raise FieldError(f"{_quote(text)} n'est pas une valeur acceptée (valeurs possibles : {acceptes})")

    validate.choices = choices  # the interview offers these as a list
    return validate


def _code_departement(text: str) -> str:
    text = text.strip().upper()
    return text.zfill(2) if text.isdigit() else text


CHOIX: dict[str, dict[str, str]] = {
    "signataire": {"personne": "La personne elle-même", "accompagnant": "L'accompagnant ou l'accompagnante"},
    "civilite": {"madame": "Madame", "monsieur": "Monsieur", "": "Non précisée (formulation neutre)"},
    "nature": {
        "premiere_demande": "Première demande",
        "renouvellement": "Renouvellement",
        "changement_statut": "Changement de statut",
        "autre": "Autre demande",
    },
    "vers": {
        "juriste": "Un ou une juriste",
        "delegue_ddd": "Un délégué ou une déléguée du Défenseur des droits",
        "avocat": "Un avocat ou une avocate",
    },
}


def _fixed(name: str) -> Callable[[], dict[str, str]]:
    return lambda: CHOIX[name]


def _prefectures() -> dict[str, str]:
    return {code: p["nom"] for code, p in charger_referentiel().prefectures.items()}


def _blocages() -> dict[str, str]:
    return charger_referentiel().blocages


def _types_demarche() -> dict[str, str]:
    return charger_referentiel().types_demarche


Texte = Annotated[str, BeforeValidator(_as_text)]
Ligne = Annotated[str, BeforeValidator(_as_line)]
Courriel = Annotated[str, BeforeValidator(parse_courriel)]
DateOptionnelle = Annotated[date | None, BeforeValidator(parse_date)]
DateObligatoire = Annotated[date, BeforeValidator(_required_date)]
Booleen = Annotated[bool, BeforeValidator(parse_bool)]


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in re.split(r"[,;\n]", value) if item.strip()]
    return [] if value is None else value


class Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- the dossier --------------------------------------------------------------------------------


class Consentement(Modele):
    date: DateOptionnelle = Field(None, title="Date du consentement", description="Date à laquelle la personne a accepté d'être accompagnée et le partage de ses données.")
    transmission_tiers: Booleen = Field(False, title="Transmission à un tiers acceptée", description="La personne accepte que son dossier soit transmis à un ou une juriste, au Défenseur des droits ou à un avocat (nécessaire pour la note d'orientation).")


class Personne(Modele):
    civilite: Annotated[str, BeforeValidator(_choice(_fixed("civilite")))] = Field("", title="Civilité", description="Madame, Monsieur, ou vide pour une formulation neutre.")
    nom: Ligne = Field(..., min_length=1, title="Nom de famille", description="Tel qu'il figure sur le titre de séjour ou le passeport.")
    prenoms: Ligne = Field(..., min_length=1, title="Prénoms", description="Tous les prénoms, dans l'ordre de l'état civil.")
    date_naissance: DateObligatoire = Field(..., title="Date de naissance", description="JJ/MM/AAAA")
    lieu_naissance: Ligne = Field("", title="Lieu de naissance", description="Ville et pays, par exemple Conakry (Guinée).")
    nationalite: Ligne = Field(..., min_length=1, title="Nationalité", description="Adjectif, par exemple guinéenne.")
    adresse: Texte = Field("", title="Adresse postale", description="Sur plusieurs lignes : rue, puis code postal et ville.")
    courriel: Courriel = Field("", title="Adresse électronique du compte ANEF", description="L'adresse utilisée sur le compte ANEF.")
    telephone: Ligne = Field("", title="Téléphone")
    numero_etranger: Annotated[str, BeforeValidator(parse_numero_etranger)] = Field("", title="Numéro étranger (AGDREF)", description="10 chiffres, inscrit sur le titre de séjour ; facultatif pour une première demande.")


class Demande(Modele):
    nature: Annotated[str, BeforeValidator(_choice(_fixed("nature")))] = Field(..., title="Nature de la demande")
    titre: Ligne = Field(..., min_length=1, title="Titre de séjour demandé", description="Par exemple : carte de séjour pluriannuelle « salarié ».")
    prefecture: Annotated[str, BeforeValidator(_choice(_prefectures, _code_departement))] = Field(..., title="Préfecture", description="Code du département (13, 06, 83, 84, 05, 04, 2A, 2B).")
    numero_anef: Ligne = Field("", title="Numéro de la demande ANEF", description="Si une demande a été créée sur l'ANEF.")
    date_depot: DateOptionnelle = Field(None, title="Date de dépôt de la demande", description="Si la demande a pu être déposée.")
    titre_actuel_expiration: DateOptionnelle = Field(None, title="Date d'expiration du titre actuel", description="Titre, récépissé ou attestation de prolongation d'instruction en cours.")


class Blocage(Modele):
    types: Annotated[list[Annotated[str, BeforeValidator(_choice(_blocages))]], BeforeValidator(_split_list)] = Field(..., min_length=1, title="Types de blocage")
    depuis: DateObligatoire = Field(..., title="Blocage constaté depuis le", description="JJ/MM/AAAA")
    message_erreur: Texte = Field("", title="Message d'erreur affiché", description="Recopié exactement.")
    description: Texte = Field("", title="Description du blocage")
    consequences: Texte = Field("", title="Conséquences concrètes", description="Emploi, CAF, France Travail, logement, santé…")


class Demarche(Modele):
    type: Annotated[str, BeforeValidator(_choice(_types_demarche))] = Field(..., title="Type de démarche")
    date: DateObligatoire = Field(..., title="Date", description="JJ/MM/AAAA")
    heure: Annotated[str, BeforeValidator(parse_heure)] = Field("", title="Heure", description="HH:MM")
    detail: Texte = Field("", title="Détail", description="Ce qui a été fait.")
    resultat: Texte = Field("", title="Résultat", description="Par exemple : aucun créneau, ticket n° 1234, sans réponse.")
    pieces: Annotated[list[Ligne], BeforeValidator(_split_list)] = Field(default_factory=list, title="Pièces", description="Chemins des fichiers (captures, courriels…), relatifs au dossier.")


class Accompagnant(Modele):
    civilite: Annotated[str, BeforeValidator(_choice(_fixed("civilite")))] = Field("", title="Civilité")
    nom: Ligne = Field(..., min_length=1, title="Nom")
    prenom: Ligne = Field("", title="Prénom")
    fonction: Ligne = Field("", title="Fonction", description="Par exemple : travailleur social, juriste, bénévole.")
    structure: Ligne = Field("", title="Structure")
    adresse: Texte = Field("", title="Adresse postale de la structure")
    courriel: Courriel = Field("", title="Adresse électronique")
    telephone: Ligne = Field("", title="Téléphone")


class Orientation(Modele):
    vers: Annotated[str, BeforeValidator(_choice(_fixed("vers")))] = Field(..., title="Orientation vers")
    nom: Ligne = Field("", title="Nom du ou de la destinataire")
    structure: Ligne = Field("", title="Structure")
    courriel: Courriel = Field("", title="Adresse électronique")
    objet: Texte = Field("", title="Ce qui est demandé", description="Par exemple : analyse de la situation et, si besoin, saisine du juge des référés.")


class Envoi(Modele):
    prefecture_courriel: Courriel = Field("", title="Adresse électronique de la préfecture", description="Remplace celle du fichier de données.")
    prefecture_adresse: Texte = Field("", title="Adresse postale du service des étrangers", description="Remplace celle du fichier de données.")
    recommande: Booleen = Field(True, title="Envoi en recommandé avec accusé de réception")
    numero_recommande: Ligne = Field("", title="Numéro du recommandé")
    lieu: Ligne = Field("", title="Lieu indiqué avant la date", description="Par défaut, la ville de l'adresse du signataire.")
    delai_reponse_jours: int = Field(15, ge=1, le=90, title="Délai de réponse demandé à la préfecture (jours)")


class Dossier(Modele):
    version: int = Field(1, title="Version du format")
    signataire: Annotated[str, BeforeValidator(_choice(_fixed("signataire")))] = Field("personne", title="Qui signe les lettres 1 et 2")
    consentement: Consentement = Field(default_factory=Consentement, title="Consentement")
    personne: Personne = Field(..., title="Personne accompagnée")
    demande: Demande = Field(..., title="Demande de titre de séjour")
    blocage: Blocage = Field(..., title="Blocage")
    demarches: list[Demarche] = Field(default_factory=list, title="Démarches")
    accompagnant: Accompagnant | None = Field(None, title="Accompagnant ou accompagnante")
    orientation: Orientation | None = Field(None, title="Orientation (note d'orientation)")
    envoi: Envoi = Field(default_factory=Envoi, title="Envoi")

    @model_validator(mode="after")
    def _coherence(self) -> "Dossier":
        if self.version != 1:
            raise FieldError("version : seule la version 1 du format est connue")
        if self.signataire == "accompagnant" and self.accompagnant is None:
            raise FieldError("accompagnant : section obligatoire quand signataire vaut « accompagnant »")
        if self.demande.nature in {"renouvellement", "changement_statut"} and not self.personne.numero_etranger:
            raise FieldError(
                "personne.numero_etranger : obligatoire pour un renouvellement ou un changement de statut "
                "(10 chiffres, inscrit sur le titre de séjour)"
            )
        return self


# --- messages -----------------------------------------------------------------------------------


def _path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        elif isinstance(item, str) and (item.startswith("function-") or item in {"list", "str"}):
            continue
        else:
            parts.append(str(item))
    return ".".join(parts)


def _known_keys(loc: tuple) -> list[str]:
    model: Any = Dossier
    for item in loc[:-1]:
        if isinstance(item, int) or model is None:
            continue
        field = model.model_fields.get(item)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ()) or ()
        candidates = [annotation, *args]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if model is None:
            for c in args:
                inner = getattr(c, "__args__", ())
                model = next((i for i in inner if isinstance(i, type) and issubclass(i, BaseModel)), model)
    return list(model.model_fields) if model else []


def french_message(error: dict) -> str:
    """Turn one pydantic error into ``chemin : message`` in French."""
    loc = error.get("loc", ())
    path = _path(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        # model-level checks already name their field
        return text if not path else f"{path} : {text}"
    if kind == "missing":
        return f"{path} : champ obligatoire manquant"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc)
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else (f" ; clés acceptées : {', '.join(known)}" if known else "")
        return f"{path} : clé inconnue{hint}"
    if kind in {"string_too_short", "too_short"}:
        return f"{path} : ne peut pas être vide"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{path} : une section (des clés et des valeurs) est attendue, pas {_quote(value)}"
    if kind == "list_type":
        return f"{path} : une liste est attendue, pas {_quote(value)}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{path} : {_quote(value)} n'est pas un nombre entier"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{path} : {_quote(value)} est hors des limites acceptées"
    if kind in {"string_type", "str_type"}:
        return f"{path} : un texte est attendu, pas {_quote(value)}"
    return f"{path} : {_quote(value)} n'est pas une valeur valide"


def validate_dossier(data: Any, fichier: str | None = None) -> Dossier:
    """Validate raw data (from YAML or a spreadsheet row); raise DossierInvalide with French messages."""
    if not isinstance(data, dict):
        raise DossierInvalide(["le fichier doit contenir des clés (personne, demande, blocage…), pas une liste ou un texte"], fichier)
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        raise DossierInvalide([french_message(e) for e in exc.errors()], fichier) from None


# --- files ------------------------------------------------------------------------------------


def read_dossier_data(path: Path) -> dict:
    """Read a dossier YAML file into raw data; French errors for a missing or invalid file."""
    from ruamel.yaml import YAMLError
    from ruamel.yaml.reader import ReaderError

    from lettres.yamlio import parse_yaml

    if not path.is_file():
        raise FichierIntrouvable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DossierInvalide(["le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 puis recommencez"], str(path)) from None
    except OSError as exc:
        raise FichierIntrouvable(f"Le fichier « {path} » ne peut pas être lu ({exc.strerror}).") from None
    try:
        data = parse_yaml(text)
    except ReaderError as exc:
        raise DossierInvalide([f"caractère de contrôle interdit (code {exc.character!r}) : retirez-le ou écrivez le texte entre guillemets avec un échappement"], str(path)) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" à la ligne {mark.line + 1}" if mark is not None else ""
        raise DossierInvalide([f"YAML invalide{where} : vérifiez l'indentation, les deux-points et les guillemets"], str(path)) from None
    if data is None:
        raise DossierInvalide(["le fichier est vide"], str(path))
    return data


def load_dossier(path: Path) -> Dossier:
    """Load and validate a dossier file."""
    return validate_dossier(read_dossier_data(path), str(path))


def dossier_to_data(dossier: Dossier) -> dict:
    """The dossier as plain data, in the contract's key order, without empty optional sections."""
    return dossier.model_dump(mode="python", exclude_none=True)


def save_dossier(dossier: Dossier, path: Path) -> None:
    """Write the dossier as YAML, atomically, readable by its owner only."""
    from lettres.fichiers import write_atomic
    from lettres.yamlio import dump_yaml

    write_atomic(path, dump_yaml(dossier_to_data(dossier)).encode("utf-8"))
