"""Changing an existing dossier file from a form: only the answers that changed are written, the rest of
the file (comments, key order, quotes, line endings, BOM) stays as the user left it.

A form was filled from the file as it was when the page opened (its ``empreinte``); if the file changed
since (a démarche added in a terminal, another tab), the save is refused rather than erasing what the
other writer added: the caller says so and offers to reload or to apply its answers over the new version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from lettres.dossier.fichier import dossier_to_data, read_dossier_text
from lettres.dossier.retouche import Retouche
from lettres.dossier.schema import Dossier, validate_dossier
from lettres.erreurs import LettresError

Chemin = tuple[str, ...]


class FichierModifie(LettresError):
    """The dossier file changed on disk since the form was opened."""


def empreinte(data: bytes) -> str:
    """A short fingerprint of a file's bytes: two versions of a dossier never share one."""
    return hashlib.sha256(data).hexdigest()[:32]


def file_empreinte(path: Path) -> str:
    """The fingerprint of the dossier file as it is now on disk."""
    return empreinte(read_dossier_text(path))


def _leaves(data: Any, prefix: Chemin = ()) -> dict[Chemin, Any]:
    """Every answer of nested dossier data by its path; lists are answers of their own (types, pièces)."""
    if isinstance(data, dict) and data:
        out: dict[Chemin, Any] = {}
        for key, value in data.items():
            out.update(_leaves(value, (*prefix, str(key))))
        return out
    return {prefix: data}


def changes(before: Dossier, after: Dossier) -> tuple[dict[Chemin, Any], list[Chemin]]:
    """What differs between two versions of a dossier: the answers to set, and those to remove."""
    old, new = _leaves(dossier_to_data(before)), _leaves(dossier_to_data(after))
    to_set = {path: value for path, value in new.items() if path not in old or old[path] != value}
    removed = [path for path in old if path not in new]
    return to_set, removed


def _yaml_value(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    from lettres.yamlio import oui_non

    if isinstance(value, bool):
        return oui_non(value)
    if isinstance(value, str) and "\n" in value and all(c.isprintable() or c in "\n\t" for c in value):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, list):
        seq = CommentedSeq([_yaml_value(v) for v in value])
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        from ruamel.yaml.comments import CommentedMap

        return CommentedMap((k, _yaml_value(v)) for k, v in value.items())
    return value


def _apply(document: Any, to_set: dict[Chemin, Any], removed: list[Chemin]) -> None:
    from ruamel.yaml.comments import CommentedMap

    for path, value in to_set.items():
        if path == ("demarches",) and isinstance(document.get("demarches"), list) and isinstance(value, list):
            _merge_demarches(document["demarches"], value)
            continue
        node = document
        for name in path[:-1]:
            if not isinstance(node.get(name), dict):
                node[name] = CommentedMap()
            node = node[name]
        node[path[-1]] = _yaml_value(value)
    for path in removed:
        node = document
        for name in path[:-1]:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(path[-1], None)
    # a section emptied of every answer goes too (« accompagnant: {} » would read as an error)
    for key in [k for k, v in document.items() if isinstance(v, dict) and not v]:
        del document[key]


def _merge_demarches(seq: Any, nouvelles: list) -> None:
    """The journal ``seq`` of the file made ``nouvelles``: a démarche left as it was keeps its entry as the
    user wrote it (dates, quotes, comments); only those added or changed are written anew."""
    from lettres.dossier.retouche import plain
    from lettres.dossier.schema import Demarche

    def model(data: Any) -> Demarche | None:
        try:
            return Demarche.model_validate(data)
        except ValueError:
            return None

    anciennes = [(entry, model(plain(entry))) for entry in seq]
    libres = list(range(len(anciennes)))
    entries = []
    for nouvelle in nouvelles:
        voulue = model(nouvelle)
        j = next((j for j in libres if voulue is not None and anciennes[j][1] == voulue), None)
        if j is None:
            entries.append(_yaml_value(nouvelle))
        else:
            libres.remove(j)
            entries.append(anciennes[j][0])
    if entries != list(seq):
        seq[:] = entries


def update_dossier_file(path: Path, before: Dossier, after: Dossier, attendue: str | None) -> tuple[Dossier, str]:
    """Write into the file ``path`` the answers that differ between ``before`` and ``after``; return the
    dossier as the file now holds it, and the file's new fingerprint.

    Under the dossier's lock; refused (FichierModifie) when ``attendue`` is given and the file is no longer
    the one the form was filled from; the whole file must stay valid."""
    from lettres.dossier.verrou import dossier_lock, refuse_read_only

    with dossier_lock(path) as real:
        refuse_read_only(real)
        raw = read_dossier_text(real)
        if attendue is not None and empreinte(raw) != attendue:
            raise FichierModifie(
                f"Le fichier « {path.name} » a été modifié depuis l'ouverture de cette page (dans un terminal ou "
                "un autre onglet) : il n'a pas été remplacé."
            )
        return _rewrite(real, raw, *changes(before, after))


def _rewrite(
    path: Path, raw: bytes, to_set: dict[Chemin, Any], removed: list[Chemin], retirer: int | None = None
) -> tuple[Dossier, str]:
    from lettres.fichiers import write_atomic

    fichier = Retouche.read(path, raw)
    document = fichier.document
    _apply(document, to_set, removed)
    if retirer is not None:
        demarches = document.get("demarches")
        if not isinstance(demarches, list) or not 0 <= retirer < len(demarches):
            raise LettresError("Cette démarche n'est plus dans le journal : rechargez la page.")
        del demarches[retirer]
    dossier = validate_dossier(fichier.data(), str(path))
    data = fichier.bytes()
    if data != raw:
        write_atomic(path, data)
    return dossier, empreinte(data)


def remove_demarche(path: Path, index: int, attendue: str | None) -> Dossier:
    """Remove the démarche ``index`` (0-based, in the file's order) from the file, keeping the rest as it is;
    refused (FichierModifie) when the file is no longer the one the page listed."""
    from lettres.dossier.verrou import dossier_lock, refuse_read_only

    with dossier_lock(path) as real:
        refuse_read_only(real)
        raw = read_dossier_text(real)
        if attendue is not None and empreinte(raw) != attendue:
            raise FichierModifie(
                f"Le fichier « {path.name} » a été modifié depuis l'affichage du journal : rechargez la page, puis "
                "recommencez."
            )
        return _rewrite(real, raw, {}, [], retirer=index)[0]
