"""The dossier of one person: the schema, its values and messages, the YAML file, the field descriptions."""

from lettres.dossier.fichier import (
    dossier_to_data,
    load_dossier,
    read_dossier_data,
    save_dossier,
)
from lettres.dossier.schema import (
    Accompagnant,
    Demarche,
    Dossier,
    Personne,
    validate_dossier,
)

__all__ = [
    "Accompagnant",
    "Demarche",
    "Dossier",
    "Personne",
    "dossier_to_data",
    "load_dossier",
    "read_dossier_data",
    "save_dossier",
    "validate_dossier",
]
