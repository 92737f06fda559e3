"""The user's configuration: the accompagnant's details and the structure's defaults.

Stored as YAML in the user's configuration folder (platformdirs), or in the file named by
``--config`` or the ``LETTRES_CONFIG`` environment variable. Dossiers without an ``accompagnant``
section take it from here; préfecture addresses filled here complete the data files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from lettres.erreurs import ConfigurationIllisible, LettresError

ENV_VAR = "LETTRES_CONFIG"
SORTIE_PAR_DEFAUT = "sorties"
RAPPEL_PAR_DEFAUT = 7  # days before a deadline that the calendar reminds of it (lettres suivi --ics)
RAPPEL_MAX = 90


def config_path(explicit: Path | None = None) -> Path:
    """``--config``, then ``LETTRES_CONFIG``, then the platform's user configuration folder."""
    if explicit is not None:
        return explicit
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    from platformdirs import user_config_dir

    return Path(user_config_dir("lettres", appauthor=False)) / "config.yaml"


@dataclass
class Configuration:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def accompagnant(self) -> dict | None:
        return self.data.get("accompagnant") or None

    @property
    def prefecture(self) -> str:
        return str(self.data.get("prefecture") or "")

    @property
    def sortie(self) -> Path:
        """Where documents are written by default: the configured folder, else ``sorties``."""
        value = self.data.get("sortie")
        return Path(value).expanduser() if value else Path(SORTIE_PAR_DEFAUT)

    @property
    def pieces(self):
        """Where pièces may come from besides the dossier's folder, and their size limit (``pieces:``)."""
        from lettres.dossier.pieces import MO, ReglePieces

        reglage = self.data.get("pieces") or {}
        regle = ReglePieces()
        if reglage.get("taille_max_mo") is not None:
            regle = ReglePieces(int(float(reglage["taille_max_mo"]) * MO))
        return regle.avec(*(Path(str(d)).expanduser() for d in reglage.get("dossiers_autorises") or ()))

    @property
    def dossiers(self) -> list[Path]:
        """The folders ``lettres suivi`` reads when none is given (``dossiers:``, one path or a list)."""
        value = self.data.get("dossiers") or []
        return [Path(str(v)).expanduser() for v in ([value] if isinstance(value, str) else value)]

    @property
    def rappel_jours(self) -> int:
        """How many days before a deadline the calendar reminds of it."""
        value = self.data.get("rappel_jours")
        return RAPPEL_PAR_DEFAUT if value is None else int(value)

    def prefecture_contact(self, code: str) -> dict:
        """The structure's own address and e-mail for a préfecture's foreigners' service."""
        return dict((self.data.get("prefectures") or {}).get(code) or {})


def _refus(message: str) -> PydanticCustomError:
    """A check of the configuration fails: ``message`` is what the user reads after « Configuration « … » : »."""
    return PydanticCustomError("configuration", message)


def _chemins(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(d, str) and d.strip() for d in value)


class Reglages(BaseModel):
    """The configuration file, key by key (the same YAML keys as ever). Each check says what is wrong in French;
    the fields are checked in this order and the first error is the one reported."""

    # built when a configuration file is read: a command without one does not pay for it
    model_config = ConfigDict(extra="forbid", defer_build=True)

    structure: dict[str, str] | None = None  # nom, adresse, logo: the Word letterhead
    pieces: dict[str, Any] | None = None  # taille_max_mo, dossiers_autorises
    dossiers: str | list[str] | None = None  # what « lettres suivi » reads when no folder is given
    rappel_jours: int | None = None
    bilan: dict[str, str] | None = None  # sel
    accompagnant: dict[str, Any] | None = None  # as a dossier's accompagnant section
    prefecture: Any = None  # the structure's usual préfecture (its code)
    prefectures: Any = None  # code → courriel, adresse, civilite of its foreigners' service
    sortie: Any = None
    modeles: Any = None
    tribunaux: Any = None  # code → adresse of the greffe

    @field_validator("structure", mode="before")
    @classmethod
    def _structure(cls, value: Any) -> Any:
        if value is None:
            return None
        unknown = sorted(set(value) - {"nom", "adresse", "logo"}) if isinstance(value, dict) else ["structure"]
        if unknown:
            raise _refus(f"structure accepte les clés nom, adresse et logo (reçu : {', '.join(map(str, unknown))}).")
        from lettres.dossier.valeurs import clean_text

        # a control character would make the Word header unreadable
        return {k: clean_text(str(v or "")).strip() for k, v in value.items()}

    @field_validator("pieces", mode="before")
    @classmethod
    def _pieces(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) - {"taille_max_mo", "dossiers_autorises"}:
            raise _refus("pieces accepte les clés taille_max_mo et dossiers_autorises.")
        taille = value.get("taille_max_mo")
        if taille is not None and (
            isinstance(taille, bool) or not isinstance(taille, (int, float)) or not 0 < taille <= 1000
        ):
            raise _refus(f"pieces.taille_max_mo doit être un nombre de mégaoctets entre 1 et 1000 (reçu : {taille!r}).")
        if value.get("dossiers_autorises") is not None and not _chemins(value["dossiers_autorises"]):
            raise _refus("pieces.dossiers_autorises doit être une liste de chemins de dossiers.")
        return value

    @field_validator("dossiers", mode="before")
    @classmethod
    def _dossiers(cls, value: Any) -> Any:
        if value is not None and not ((isinstance(value, str) and value.strip()) or _chemins(value)):
            raise _refus("dossiers doit être un chemin de répertoire ou une liste de chemins.")
        return value

    @field_validator("rappel_jours", mode="before")
    @classmethod
    def _rappel(cls, value: Any) -> Any:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= RAPPEL_MAX
        ):
            raise _refus(f"rappel_jours doit être un nombre de jours entre 0 et {RAPPEL_MAX} (reçu : {value!r}).")
        return value

    @field_validator("bilan", mode="before")
    @classmethod
    def _bilan(cls, value: Any) -> Any:
        if value is not None and not (
            isinstance(value, dict) and set(value) <= {"sel"} and isinstance(value.get("sel", ""), str)
        ):
            raise _refus("bilan accepte la seule clé sel, un texte (le sel des exports de lettres bilan).")
        return value

    @field_validator("accompagnant", mode="before")
    @classmethod
    def _accompagnant(cls, value: Any) -> Any:
        if not value:
            return value or None
        from lettres.dossier import Accompagnant
        from lettres.dossier.messages import french_message

        try:
            return Accompagnant.model_validate(value).model_dump()
        except ValidationError as exc:
            raise _refus(f"accompagnant.{french_message(exc.errors()[0])}") from None


KEYS = set(Reglages.model_fields)


def check_config(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The configuration's data checked by ``Reglages``: its keys as written, values normalised (structure
    cleaned, accompagnant completed); a LettresError in French, with its path, for the first problem."""
    unknown = sorted(str(k) for k in set(data) - KEYS)
    if unknown:
        raise ConfigurationIllisible(
            f"Configuration « {path} » : clé inconnue {', '.join(unknown)} (clés acceptées : {', '.join(sorted(KEYS))}).",
            path,
        )
    try:
        reglages = Reglages.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "configuration":
            message = error["msg"]
        else:
            from lettres.dossier.messages import french_message

            message = french_message(error)
        raise ConfigurationIllisible(f"Configuration « {path} » : {message}", path) from None
    return {
        key: getattr(reglages, key) if key in ("structure", "accompagnant") else value for key, value in data.items()
    }


def load_config(explicit: Path | None = None) -> Configuration:
    """Read the configuration; a missing file is an empty configuration, a broken one a French error."""
    from lettres.yamlio import parse_yaml

    path = config_path(explicit)
    if not path.is_file():
        if explicit is not None:
            raise LettresError(f"Le fichier de configuration « {path} » est introuvable : vérifiez le chemin.")
        return Configuration(path)
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig")) or {}
    except Exception:
        raise ConfigurationIllisible(
            f"Le fichier de configuration « {path} » n'est pas un YAML valide : corrigez-le ou supprimez-le.", path
        ) from None
    if not isinstance(data, dict):
        raise ConfigurationIllisible(
            f"Le fichier de configuration « {path} » doit contenir des clés (accompagnant, prefecture…).", path
        )
    return Configuration(path, check_config(data, path))


def describe(config: Configuration) -> str:
    """The configuration as the user reads it: where it is, and what it holds."""
    head = f"Configuration : {config.path}" + ("" if config.path.exists() else " (pas encore créée)")
    if not config.data:
        return head + "\nAucun réglage : lancez « lettres config » dans un terminal pour renseigner vos coordonnées."
    from lettres.yamlio import dump_yaml

    return head + "\n\n" + dump_yaml(config.data).rstrip()


def save_config(config: Configuration) -> None:
    from lettres.fichiers import write_atomic
    from lettres.yamlio import dump_yaml

    write_atomic(config.path, dump_yaml(config.data).encode("utf-8"))


def apply_config(data: dict, config: Configuration) -> dict:
    """Complete raw dossier data with the configuration (never overriding what the dossier says)."""
    if not isinstance(data, dict):
        return data
    if "accompagnant" not in data and config.accompagnant:
        data["accompagnant"] = dict(config.accompagnant)
    demande = data.get("demande")
    # a section written as a text (« demande: … ») is for the dossier's own checks to name
    code = str(demande.get("prefecture") or "") if isinstance(demande, dict) else ""
    contact = config.prefecture_contact(code.zfill(2) if code.isdigit() else code.upper())
    if contact:
        envoi = data.setdefault("envoi", {}) if isinstance(data.get("envoi", {}), dict) else None
        if envoi is not None:
            if contact.get("courriel") and not envoi.get("prefecture_courriel"):
                envoi["prefecture_courriel"] = contact["courriel"]
            if contact.get("adresse") and not envoi.get("prefecture_adresse"):
                envoi["prefecture_adresse"] = contact["adresse"]
            if contact.get("civilite") and not envoi.get("prefet_civilite"):
                envoi["prefet_civilite"] = contact["civilite"]
    _apply_tribunal(data, config, code.zfill(2) if code.isdigit() else code.upper())
    return data


def _apply_tribunal(data: dict, config: Configuration, prefecture: str) -> None:
    """The structure's address for the greffe of the competent tribunal (``tribunaux.CODE.adresse``)."""
    from lettres.referentiel import charger_referentiel

    tribunaux = config.data.get("tribunaux") or {}
    tribunal = charger_referentiel().tribunal(prefecture) if isinstance(tribunaux, dict) else None
    reglage = tribunaux.get(tribunal.code) if tribunal else None
    adresse = str(reglage.get("adresse") or "").strip() if isinstance(reglage, dict) else ""
    recours = data.setdefault("recours", {}) if isinstance(data.get("recours", {}), dict) else None
    if adresse and recours is not None and not recours.get("tribunal_adresse"):
        recours["tribunal_adresse"] = adresse


def accompagnant_configure(path: Path, config: Configuration) -> dict | None:
    """The configuration's accompagnant when the dossier file names none: the documents then carry these
    details, and each door says so (``verifier``, the review, ``generer``). None when the dossier names one."""
    from lettres.dossier import read_dossier_data

    data = read_dossier_data(path)
    if isinstance(data, dict) and not data.get("accompagnant") and config.accompagnant:
        return dict(config.accompagnant)
    return None


def load_dossier_configured(path: Path, config: Configuration):
    """Load a dossier file completed by the configuration (accompagnant, préfecture addresses)."""
    from lettres.dossier import read_dossier_data, validate_dossier

    return validate_dossier(apply_config(read_dossier_data(path), config), str(path))
