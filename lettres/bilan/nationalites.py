"""Nationalities, grouped by region of the world: a bilan shows them only when asked (``--nationalites``),
and never one by one (a rare nationality would point to a person).

The dossier holds the adjective written in letters (« malienne », « guinéen »…): it is matched by the start
of its word, accents and case ignored, so that both genders are found."""

from __future__ import annotations

from functools import cache

from lettres.francais import replier

AUTRE = "Autre ou non précisée"

GROUPES: dict[str, tuple[str, ...]] = {
    "Afrique du Nord": ("alger", "maroc", "tunis", "libye", "egypt", "mauritan", "sahraou"),
    "Afrique de l'Ouest": (
        "malien",
        "malienne",
        "senegal",
        "guine",
        "bissau",
        "ivoir",
        "burkin",
        "nigerian",
        "nigeri",
        "ghane",
        "togol",
        "benin",
        "gambi",
        "sierra",
        "liberi",
        "cap-verd",
        "capverd",
    ),
    "Afrique centrale": ("camer", "congo", "centrafric", "gabon", "tchad", "equato", "angol", "rwand", "burund"),
    "Afrique de l'Est et australe": (
        "comor",
        "malgach",
        "mauric",
        "soudan",
        "erythr",
        "ethiop",
        "somal",
        "djibout",
        "kenya",
        "tanzan",
        "ougand",
        "sud-afric",
        "mozambic",
        "zimbab",
    ),
    "Europe hors Union européenne": (
        "alban",
        "kosov",
        "serbe",
        "bosn",
        "macedon",
        "montenegr",
        "ukrain",
        "russe",
        "moldav",
        "bielorus",
        "georgi",
        "armeni",
        "britann",
        "suisse",
        "norveg",
    ),
    "Moyen-Orient et Turquie": (
        "turc",
        "turqu",
        "syrie",
        "irak",
        "iran",
        "liban",
        "jordan",
        "palestin",
        "yemen",
        "saoudi",
        "kowe",
        "azerbai",
    ),
    "Asie": (
        "afghan",
        "pakistan",
        "bangla",
        "indien",
        "indienne",
        "sri-lank",
        "srilank",
        "nepal",
        "chinois",
        "vietnam",
        "cambodg",
        "lao",
        "philippin",
        "mongol",
        "tchetchen",
        "kazakh",
        "ouzbek",
        "tadjik",
        "kirghiz",
        "japon",
        "core",
        "thai",
        "birman",
        "indones",
    ),
    "Amériques": (
        "haiti",
        "bresil",
        "colomb",
        "venezuel",
        "perou",
        "bolivi",
        "chili",
        "argentin",
        "equatori",
        "cubain",
        "dominic",
        "mexic",
        "americ",
        "canad",
        "paragu",
        "urugu",
        "hondur",
        "salvador",
        "nicaragu",
        "guatemal",
    ),
}


@cache
def _prefixes() -> tuple[tuple[str, str], ...]:
    """Every word start and its group, the longest first (« equatori » before « equato »)."""
    paires = [(p, groupe) for groupe, prefixes in GROUPES.items() for p in prefixes]
    return tuple(sorted(paires, key=lambda paire: -len(paire[0])))


def groupe_nationalite(nationalite: str) -> str:
    """The region of a nationality as written in a dossier; « Autre ou non précisée » when unknown."""
    texte = replier(nationalite)
    for prefixe, groupe in _prefixes():
        if texte.startswith(prefixe):
            return groupe
    return AUTRE


GROUPES_ORDRE = (*GROUPES, AUTRE)
