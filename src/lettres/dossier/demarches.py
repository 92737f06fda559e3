"""The journal of démarches: build one démarche from plain answers, and add one to a dossier file in place, keeping the user's comments and
key order (round-trip YAML), atomically, and only if the whole dossier stays valid."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lettres.dossier.schema import Demarche, validate_dossier
from lettres.dossier.valeurs import FieldError, parse_date, parse_heure
from lettres.erreurs import DossierInvalide, FichierIntrouvable, LettresError
from lettres.fichiers import write_atomic
from lettres.referentiel import charger_referentiel


def _round_trip():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (for validation)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def types_acceptes() -> str:
    return ", ".join(f"{code} ({label})" for code, label in charger_referentiel().types_demarche.items())


def build_demarche(
    type_: str,
    jour: str,
    heure: str = "",
    detail: str = "",
    resultat: str = "",
    pieces: list[str] | tuple[str, ...] = (),
    base: Path | None = None,
) -> dict:
    """A démarche from plain answers (command options, a web form): checked, with French errors
    listing what is accepted; pièces must exist (relative to ``base``, the dossier's folder)."""
    types = charger_referentiel().types_demarche
    code = type_.strip()
    if code not in types:
        match = next((c for c, label in types.items() if label.lower() == code.lower()), None)
        if match is None:
            raise LettresError(f"Type de démarche inconnu « {type_} » ; types acceptés : {types_acceptes()}.")
        code = match
    try:
        parsed = parse_date(jour)
    except FieldError:
        parsed = None
    if parsed is None:
        raise LettresError(
            f"« {jour} » n'est pas une date valide : écrivez JJ/MM/AAAA ou AAAA-MM-JJ, par exemple 01/12/2026."
        )
    try:
        heure = parse_heure(heure)
    except FieldError:
        raise LettresError(f"« {heure} » n'est pas une heure valide : écrivez HH:MM, par exemple 10:42.") from None
    base = base or Path(".")
    for piece in pieces:
        path = Path(piece).expanduser()
        if not (path if path.is_absolute() else base / path).is_file():
            raise FichierIntrouvable(
                f"Pièce introuvable : « {piece} » (les chemins sont relatifs au fichier du dossier)."
            )
    return {
        "type": code,
        "date": parsed,
        "heure": heure,
        "detail": detail,
        "resultat": resultat,
        "pieces": list(pieces),
    }


def add_demarche(path: Path, demarche: dict) -> Demarche:
    """Append ``demarche`` to the file's ``demarches`` list, keeping comments and key order."""
    from ruamel.yaml import YAMLError
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not path.is_file():
        raise FichierIntrouvable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    yaml = _round_trip()
    try:
        document = yaml.load(path.read_text(encoding="utf-8-sig"))
    except YAMLError:
        raise DossierInvalide(
            ["YAML invalide : corrigez le fichier avant d'y ajouter une démarche"], str(path)
        ) from None
    if not isinstance(document, dict):
        raise DossierInvalide(["le fichier doit contenir des clés (personne, demande, blocage…)"], str(path))
    entry = CommentedMap()
    for key in ("type", "date", "heure", "detail", "resultat", "pieces"):
        value = demarche.get(key)
        if value in (None, "", []) and key not in ("type", "date"):
            continue
        if key == "pieces":
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        entry[key] = value
    if not isinstance(document.get("demarches"), list):
        document["demarches"] = CommentedSeq()
    document["demarches"].append(entry)
    # the whole dossier must stay valid: a bad date never reaches the file
    dossier = validate_dossier(_plain(document), str(path))
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return dossier.demarches[-1]
