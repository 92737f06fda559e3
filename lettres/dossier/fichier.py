"""The dossier file: read, validate, write (YAML, atomically, readable by its owner only)."""

from __future__ import annotations

from pathlib import Path

from lettres.dossier.schema import Dossier, validate_dossier
from lettres.erreurs import DossierInvalide, FichierIntrouvable, raison_systeme


def read_dossier_text(path: Path) -> bytes:
    """The bytes of a dossier file, refused beyond the size limit before anything is read."""
    from lettres.yamlio import TAILLE_MAX

    try:
        if not path.is_file():
            raise FichierIntrouvable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
        with open(path, "rb") as handle:
            raw = handle.read(TAILLE_MAX + 1)
    except OSError as exc:
        raise FichierIntrouvable(f"Le fichier « {path} » ne peut pas être lu ({raison_systeme(exc)}).") from None
    except ValueError:  # a NUL character in the path
        raise FichierIntrouvable(f"Le chemin « {path!r} » n'est pas un nom de fichier valide.") from None
    if len(raw) > TAILLE_MAX:
        raise DossierInvalide(
            [f"le fichier dépasse {TAILLE_MAX // (1024 * 1024)} Mo : un dossier n'en fait que quelques Ko"], str(path)
        )
    return raw


def decode_dossier(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DossierInvalide(
            ["le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 puis recommencez"], str(path)
        ) from None


def yaml_error(exc: Exception, path: Path, action: str = "") -> DossierInvalide:
    """A YAML failure as the user reads it: where, and what to check."""
    from ruamel.yaml.reader import ReaderError

    from lettres.yamlio import YamlRefuse

    if isinstance(exc, YamlRefuse):
        return DossierInvalide([exc.raison], str(path))
    if isinstance(exc, ReaderError):
        return DossierInvalide(
            [
                f"caractère de contrôle interdit (code {exc.character!r}) : retirez-le ou écrivez le texte entre guillemets avec un échappement"
            ],
            str(path),
        )
    if isinstance(exc, RecursionError):
        return DossierInvalide(["imbrication trop profonde : un dossier n'a que quelques niveaux"], str(path))
    mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    if context is not None and "quoted scalar" in str(getattr(exc, "context", "")):
        # a quote never closed: the parser stops at the end of the file; where it opens is what to fix
        return DossierInvalide(
            [
                f"YAML invalide : le guillemet ouvert à la ligne {_line(context)} n'est jamais refermé, ajoutez "
                f"le guillemet fermant{action}."
            ],
            str(path),
        )
    where = f" à la ligne {_line(mark)}" if mark is not None else ""
    return DossierInvalide(
        [f"YAML invalide{where} : vérifiez l'indentation, les deux-points et les guillemets{action}."], str(path)
    )


def _line(mark) -> int:
    """The line of a parser's mark, numbered from 1, within the file: the end of the text is its last line."""
    ligne = mark.line + 1
    buffer = getattr(mark, "buffer", None)
    if isinstance(buffer, str):
        texte = buffer.rstrip("\0").rstrip("\n")
        ligne = min(ligne, texte.count("\n") + 1)
    return ligne


def read_dossier_data(path: Path) -> dict:
    """Read a dossier YAML file into raw data; French errors for a missing or invalid file."""
    return dossier_data(read_dossier_text(path), path)


def dossier_data(raw: bytes, path: Path) -> dict:
    """The raw data of a dossier file's bytes (from ``read_dossier_text``); French errors when invalid."""
    from lettres.yamlio import YamlRefuse, parse_yaml

    text = decode_dossier(raw, path)
    try:
        data = parse_yaml(text)
    except (YamlRefuse, RecursionError) as exc:
        raise yaml_error(exc, path) from None
    except Exception as exc:
        # ruamel is imported only when a file needs it (yamlio.fast_load): its errors are known once it is
        from ruamel.yaml import YAMLError

        if isinstance(exc, YAMLError):
            raise yaml_error(exc, path) from None
        raise
    if data is None:
        raise DossierInvalide(["le fichier est vide"], str(path))
    return data


def load_dossier(path: Path) -> Dossier:
    """Load and validate a dossier file."""
    return validate_dossier(read_dossier_data(path), str(path))


# Optional keys added after the first format: left out of the file while they hold their default, so
# that a dossier written by the interview stays short and reads like the README's example.
OMITTED_WHEN_DEFAULT = {
    "personne": {"interprete"},
    "demande": {
        "document_provisoire",
        "document_provisoire_debut",
        "document_provisoire_fin",
        "piece_demandee",
        "piece_demandee_le",
        "complet",
        "decision",
        "decision_le",
        "categorie",
        "pieces_fournies",
        "carte_bleue_autre_etat",
    },
    "orientation": {"civilite"},
    "blocage": {"piece_refusee", "piece_refusee_depuis", "piece_refusee_erreur"},
    "envoi": {
        "prefet_civilite",
        "envoye_le",
        "accuse_reception_le",
        "delai_prefecture_jours",
        "bordereau_pieces_demande",
    },
    "recours": {"telephone", "delai_jours", "astreinte_euros", "tribunal_adresse", "frais_euros", "motifs_demandes_le", "motifs_communiques_le", "avocat"},
}
SECTIONS_OMITTED_WHEN_DEFAULT = ("justificatifs", "recours", "issue", "situation")


def omitted_when_empty(path: tuple[str, ...], default: object) -> bool:
    """The file leaves this answer out when it is empty (``dossier_to_data``): its absence says nothing more."""
    section, key = path[0], path[-1]
    return default is None or key in OMITTED_WHEN_DEFAULT.get(section, ()) or section in SECTIONS_OMITTED_WHEN_DEFAULT


def dossier_to_data(dossier: Dossier) -> dict:
    """The dossier as plain data, in the contract's key order, without empty optional sections."""
    data = dossier.model_dump(mode="python", exclude_none=True)
    for section, keys in OMITTED_WHEN_DEFAULT.items():
        values = data.get(section)
        if isinstance(values, dict):
            model = type(getattr(dossier, section))
            for key in keys:
                if key in values and values[key] == model.model_fields[key].get_default(call_default_factory=True):
                    del values[key]
    for demarche in data.get("demarches") or []:  # as a démarche added to a file is written (demarches.py)
        if not isinstance(demarche, dict):
            continue
        for key in [k for k, v in demarche.items() if v in ("", [], None) and k not in ("type", "date")]:
            del demarche[key]  # an empty « objet » too: asked only for a letter to the préfecture
    for section in SECTIONS_OMITTED_WHEN_DEFAULT:
        field = Dossier.model_fields[section]
        default = field.get_default(call_default_factory=True)
        default = default.model_dump(mode="python") if hasattr(default, "model_dump") else default
        if data.get(section) == default:
            data.pop(section, None)
    return data


def _listes_en_ligne(data: dict) -> dict:
    """A démarche's pièces and what a letter asked, on one line (« pieces: [captures/a.png] »), as a démarche
    added to a file is written (demarches.py): the same dossier reads the same whichever way it was saved."""
    from ruamel.yaml.comments import CommentedSeq

    for demarche in data.get("demarches") or []:
        for key in ("pieces", "objet"):
            if isinstance(demarche.get(key), list):
                seq = CommentedSeq(demarche[key])
                seq.fa.set_flow_style()
                demarche[key] = seq
    return data


def dossier_bytes(dossier: Dossier) -> bytes:
    """The text of the dossier's file, as ``save_dossier`` writes it."""
    from lettres.yamlio import dump_yaml, oui_non

    return dump_yaml(_listes_en_ligne(oui_non(dossier_to_data(dossier)))).encode("utf-8")


def save_dossier(dossier: Dossier, path: Path) -> None:
    """Write the dossier as YAML, atomically, readable by its owner only (under the dossier's lock,
    through a link to the real file)."""
    from lettres.dossier.verrou import dossier_lock
    from lettres.fichiers import write_atomic

    data = dossier_bytes(dossier)
    if not path.exists():
        write_atomic(path, data)
        return
    with dossier_lock(path) as real:
        write_atomic(real, data)
