"""The dossier file: read, validate, write (YAML, atomically, readable by its owner only)."""

from __future__ import annotations

from pathlib import Path

from lettres.dossier.schema import Dossier, validate_dossier
from lettres.erreurs import DossierInvalide, FichierIntrouvable


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
        raise DossierInvalide(
            ["le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 puis recommencez"], str(path)
        ) from None
    except OSError as exc:
        raise FichierIntrouvable(f"Le fichier « {path} » ne peut pas être lu ({exc.strerror}).") from None
    try:
        data = parse_yaml(text)
    except ReaderError as exc:
        raise DossierInvalide(
            [
                f"caractère de contrôle interdit (code {exc.character!r}) : retirez-le ou écrivez le texte entre guillemets avec un échappement"
            ],
            str(path),
        ) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" à la ligne {mark.line + 1}" if mark is not None else ""
        raise DossierInvalide(
            [f"YAML invalide{where} : vérifiez l'indentation, les deux-points et les guillemets"], str(path)
        ) from None
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
