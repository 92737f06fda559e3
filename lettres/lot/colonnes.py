"""The columns of a batch spreadsheet as people read them: each field of the dossier under its French label
(the field's own ``title``, ``dossier/questions.py``), grouped by the sections of the interview
(``dossier/parcours.py``), in the interview's order.

A label shared by two fields (« Civilité » of the person and of the accompagnant) is followed by its
section's title, as are the labels of the caseworker's own details (« Nom — Vos coordonnées »: a bare
« Nom » would read as the person's). Reading accepts that header, the bare label when no other field has it, and the dotted
key of the older spreadsheets (``personne.nom``), without case, accents or punctuation differences.

The template's example rows carry « EXEMPLE — ne sera pas traité » in their first column (the id of the
dossier, or the dossier a démarche belongs to): a batch skips them and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from lettres.francais import replier

EXEMPLE_MARQUE = "EXEMPLE — ne sera pas traité"
ID = "id"
DOSSIER = "dossier"  # the démarches sheet's column naming the dossier's id
ID_LIBELLE = "Identifiant du dossier"
AUTRES = "Autres"
QUALIFIEES = ("accompagnant",)  # sections whose every header says its section
_EXEMPLE = re.compile(r"exemple(?![a-z0-9])")


@dataclass(frozen=True)
class Colonne:
    cle: str  # dotted path of the dossier (``personne.nom``), or ``id`` / ``dossier``
    entete: str  # the header the template writes
    section: str  # the title of its band
    libelle: str = ""  # the field's label (the header without its section)


def normalise_header(text: object) -> str:
    """``Personne Date_naissance`` → ``personne.date.naissance``, « Date de naissance » →
    ``date.de.naissance``: case, accents, punctuation and spaces ignored."""
    return _normalise(str(text or ""))


@lru_cache(maxsize=2048)
def _normalise(text: str) -> str:
    # the template's headers and labels come back for each sheet and each alias: folded once per process
    from lettres.francais import replier_mots

    return ".".join(replier_mots(text).split())


def est_exemple(value: object) -> bool:
    """A cell that marks an example row: « EXEMPLE — ne sera pas traité », or ``exemple-1`` of older templates."""
    return value is not None and _EXEMPLE.match(replier(str(value))) is not None


def _with_sections(keys: list[tuple[str, str, bool]]) -> list[Colonne]:
    """Headers from the labels; a label two columns share, or of a qualified section, gets its section's title."""
    from lettres.dossier.questions import libelle

    labels = [(key, libelle(key) if key != ID else ID_LIBELLE, section, q) for key, section, q in keys]
    counts: dict[str, int] = {}
    for _, label, _, _ in labels:
        counts[normalise_header(label)] = counts.get(normalise_header(label), 0) + 1
    return [
        Colonne(key, f"{label} — {section}" if q or counts[normalise_header(label)] > 1 else label, section, label)
        for key, label, section, q in labels
    ]


@cache
def dossier_columns() -> tuple[Colonne, ...]:
    """The dossiers sheet: the id, then every field of the dossier section by section, as the interview asks."""
    from lettres.dossier.parcours import SECTIONS
    from lettres.dossier.questions import schema_columns

    known = set(schema_columns())
    keys: list[tuple[str, str, bool]] = [(ID, SECTIONS[0].titre, False)]
    seen = {ID}
    for section in SECTIONS:
        for key in section.champs:
            if key in known and key not in seen:
                keys.append((key, section.titre, section.code in QUALIFIEES))
                seen.add(key)
    keys += [(key, AUTRES, False) for key in schema_columns() if key not in seen]
    return tuple(_with_sections(keys))


@cache
def demarche_columns() -> tuple[Colonne, ...]:
    """The démarches sheet: the dossier's id, then the fields of a démarche."""
    from lettres.dossier.parcours import section
    from lettres.dossier.questions import DEMARCHE_FIELDS, question

    titre = section("demarches").titre
    return (
        Colonne(DOSSIER, ID_LIBELLE, titre, ID_LIBELLE),
        *(
            Colonne(key, question(f"demarches.{key}").label, titre, question(f"demarches.{key}").label)
            for key in DEMARCHE_FIELDS
        ),
    )


def aliases(columns: tuple[Colonne, ...]) -> dict[str, str]:
    """Normalised header → key: the key itself, the template's header, and the bare label when no other
    column has it (and the header does not say its section on purpose)."""
    result: dict[str, str] = {}
    bare: dict[str, list[Colonne]] = {}
    for colonne in columns:
        result[normalise_header(colonne.cle)] = colonne.cle
        result[normalise_header(colonne.entete)] = colonne.cle
        bare.setdefault(normalise_header(colonne.libelle), []).append(colonne)
    for label, same in bare.items():
        if len(same) == 1 and same[0].entete == same[0].libelle:
            result.setdefault(label, same[0].cle)
    return result


def header_of(cle: str, columns: tuple[Colonne, ...]) -> str:
    """The template's header for a key (the key itself when it has none)."""
    return next((c.entete for c in columns if c.cle == cle), cle)
