"""How each field of the dossier is asked: the ``Saisie`` marker declared with the schema.

Every field of ``schema.py`` carries one ``Saisie`` in its ``Annotated`` type: the kind of answer
(``genre``), the sentence asked, an example, the list of choices, the defaults, and the conditions under
which the question applies or is required. The three doors read it — the terminal interview
(``prompts/``), the spreadsheet template (``lot/vierge.py``) and the web forms — so a question is declared
once, as data (``as_dict`` gives it as JSON).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

Genre = Literal[
    "ligne",  # one line of text
    "texte",  # several lines (address, description): an empty line ends it in the terminal
    "date",
    "heure",
    "courriel",
    "numero",  # digits, possibly typed with spaces (numéro étranger)
    "entier",
    "booleen",
    "choix",  # one code from a list (``choix`` names the list)
    "choix_multiple",  # several codes from a list
    "fichiers",  # paths of files next to the dossier (pièces)
]
GENRES: tuple[str, ...] = Genre.__args__  # type: ignore[attr-defined]

# Values that a default (``defaut_de``) or a fallback (``repli``) may name; each door resolves them
# (the interview in prompts/entretien.py, generation through the configuration).
DEFAUTS = {
    "aujourdhui": "la date du jour",
    "configuration.prefecture": "la préfecture par défaut de la configuration",
}
REPLIS = {
    "prefecture.courriel": "l'adresse électronique de la préfecture (configuration, sinon fichier de données)",
    "prefecture.adresse": "l'adresse postale de la préfecture (configuration, sinon fichier de données)",
}


def get(data: Any, path: tuple[str, ...], default: Any = None) -> Any:
    """The answer at ``path`` in nested dossier data, or ``default``."""
    for name in path:
        if not isinstance(data, Mapping) or name not in data:
            return default
        data = data[name]
    return data


@dataclass(frozen=True)
class Si:
    """A condition on another answer: ``champ`` holds one of ``valeurs`` (or none of them, with ``sauf``).

    ``champ`` is a dotted path in the dossier; inside a démarche it names a field of that démarche.
    ``raison`` completes « obligatoire … » in messages (« pour un renouvellement »)."""

    champ: str
    valeurs: tuple[Any, ...] = (True,)
    sauf: bool = False
    raison: str = ""

    def vraie(self, answers: Mapping[str, Any]) -> bool:
        value = get(answers, tuple(self.champ.split(".")))
        # a list of codes (blocage.types) holds the value when one of its codes is among ``valeurs``
        inside = any(v in self.valeurs for v in value) if isinstance(value, list) else value in self.valeurs
        return not inside if self.sauf else inside

    def texte(self) -> str | None:
        """The condition in French when it says itself (a computed one); None: it is worded from the question
        it names (``questions.condition_text``)."""
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"champ": self.champ, "valeurs": list(self.valeurs), "sauf": self.sauf}


@dataclass(frozen=True)
class Saisie:
    """How one field is asked, whatever the door (terminal, spreadsheet, browser)."""

    genre: Genre
    question: str = ""  # the sentence asked (by default the field's title); may name {destinataire}
    exemple: str = ""  # « Conakry (Guinée) », shown next to the question
    choix: str = ""  # name of the list of choices (valeurs.options)
    propositions: str = ""  # a line of free text, with a list (valeurs.options) offered as a help
    explicite: bool = False  # a consent or legal choice: nothing is proposed, Enter alone is no answer
    defaut_de: str = ""  # a default computed when asking (DEFAUTS), instead of the schema's
    repli: str = ""  # taken from the configuration or the data files when empty (REPLIS): asked only if unknown
    quand: Si | None = None  # the question applies only then; its answer is forgotten otherwise
    demander: bool | Si = True  # asked in the first pass of the interview (otherwise: from the review screen)
    obligatoire_si: Si | None = None
    futur: bool = True  # dates: False gives a warning (not a refusal) for a date after today
    # dates typed without a year (« 12/10 »): the last such day (a démarche, a dépôt), the next one (an expiry,
    # an appointment), or refused (a birth date)
    sans_annee: Literal["passee", "prochaine", "refusee"] = "passee"
    apres: tuple[str, ...] = ()  # dates: a warning when earlier than these answers (dotted paths in the dossier)
    voix: bool = False  # text copied into the letters as is: written in the voice of whoever signs them

    def __post_init__(self) -> None:
        if self.genre not in GENRES:
            raise ValueError(f"genre inconnu : {self.genre}")
        if self.defaut_de and self.defaut_de not in DEFAUTS:
            raise ValueError(f"défaut inconnu : {self.defaut_de}")
        if self.repli and self.repli not in REPLIS:
            raise ValueError(f"repli inconnu : {self.repli}")
        if self.genre in {"choix", "choix_multiple"} and not self.choix:
            raise ValueError("une liste de choix est nécessaire")
        if self.propositions and self.genre != "ligne":
            raise ValueError("des propositions ne s'offrent que pour une ligne de texte libre")

    def demandee(self, answers: Mapping[str, Any]) -> bool:
        """Asked in the first pass of the interview, given the answers so far."""
        return self.demander if isinstance(self.demander, bool) else self.demander.vraie(answers)

    def applicable(self, answers: Mapping[str, Any]) -> bool:
        return self.quand is None or self.quand.vraie(answers)

    def obligatoire(self, answers: Mapping[str, Any]) -> bool:
        return self.obligatoire_si is not None and self.obligatoire_si.vraie(answers)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("quand", "obligatoire_si"):
            data[key] = getattr(self, key).as_dict() if getattr(self, key) else None
        data["demander"] = self.demander if isinstance(self.demander, bool) else self.demander.as_dict()
        data["apres"] = list(self.apres)
        return data


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, optional, or in a list), or None for a plain value."""
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for c in list(candidates):
        candidates.extend(getattr(c, "__args__", ()))
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)


def _conditions(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Si]]:
    for name, field in model.model_fields.items():
        sub = _submodel(field.annotation)
        if sub is not None:
            yield from _conditions(sub, (*prefix, name))
            continue
        marker = next((m for m in field.metadata if isinstance(m, Saisie)), None)
        if marker is not None and marker.obligatoire_si is not None:
            yield (*prefix, name), marker.obligatoire_si


@cache
def conditionally_required(model: type[BaseModel]) -> tuple[tuple[tuple[str, ...], Si], ...]:
    """The fields of ``model`` (dotted paths) that a condition makes required, walked once per model (every
    dossier validation asks, and a follow-up reads hundreds)."""
    return tuple(sorted(_conditions(model), key=lambda c: c[0][0] == "demarches"))  # démarche fields last


def missing_required(model: type[BaseModel], data: dict) -> list[str]:
    """``chemin : obligatoire …`` for every answer a condition makes required (``obligatoire_si``)."""
    messages = []
    targets: list[tuple[Any, tuple[str, ...], str]]
    for path, si in conditionally_required(model):
        if path[0] == "demarches":
            targets = [(d, path[1:], f"demarches[{i}].{path[1]}") for i, d in enumerate(data.get("demarches") or [], 1)]
        elif isinstance(get(data, path[:-1]), dict):
            targets = [(data, path, ".".join(path))]
        else:
            targets = []
        for context, inner, shown in targets:
            if si.vraie(context) and get(context, inner) in (None, "", []):
                messages.append(f"{shown} : obligatoire {si.raison}".rstrip())
    return messages
