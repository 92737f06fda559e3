"""A dossier file changed in place: read with its comments, key order and quotes (round-trip YAML), then
written back with the same line endings and BOM. Shared by the terminal's démarche commands (démarches.py) and the web
forms (edition.py), which each change the document between the two."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lettres.dossier.fichier import decode_dossier, yaml_error
from lettres.erreurs import DossierInvalide

BOM = b"\xef\xbb\xbf"


def plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (for validation)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


@dataclass
class Retouche:
    """The file's document as ruamel read it, and how to write it back like the user's file."""

    document: Any  # a CommentedMap
    yaml: Any  # the round-trip YAML instance that read it
    crlf: bool
    bom: bool

    @classmethod
    def read(cls, path: Path, raw: bytes) -> Retouche:
        """The document of ``raw`` (the bytes of ``path``), refused in French when it is not a dossier."""
        from ruamel.yaml import YAMLError

        from lettres.yamlio import YamlRefuse, check_yaml, round_trip_yaml

        text = decode_dossier(raw, path)
        yaml = round_trip_yaml()
        try:
            check_yaml(text)
            document = yaml.load(text)
        except (YAMLError, YamlRefuse, RecursionError) as exc:
            raise yaml_error(exc, path, " (corrigez le fichier avant de le modifier)") from None
        if not isinstance(document, dict):
            raise DossierInvalide(["le fichier doit contenir des clés (personne, demande, blocage…)"], str(path))
        return cls(document, yaml, "\r\n" in text, raw.startswith(BOM))

    def data(self) -> dict:
        """The document as plain data, for validation."""
        return plain(self.document)

    def bytes(self) -> bytes:
        """The document written back: a file written on Windows stays a Windows file, a BOM stays."""
        buffer = io.StringIO()
        self.yaml.dump(self.document, buffer)
        out = buffer.getvalue()
        if self.crlf:
            out = out.replace("\r\n", "\n").replace("\n", "\r\n")
        return (BOM if self.bom else b"") + out.encode("utf-8")
