"""The interview: asks, section by section, only what the answers do not hold yet; then a review
screen where any answer can be corrected before the dossier is saved.

Answers are kept as raw dossier data (nested dict). Keys starting with ``_`` are the interview's own
(e.g. « orientation wanted? ») and are stripped before validation. Questions, labels, help, choices
and checks come from the schema (``questions.py``); this module only says in which order and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier import Dossier, validate_dossier
from lettres.dossier.questions import Question, drop, get, has, put, question
from lettres.erreurs import DossierInvalide
from lettres.francais import date_courte
from lettres.prompts.asker import Asker
from lettres.referentiel import charger_referentiel

Answers = dict[str, Any]


def _always(_: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Champ:
    """One question of the interview: a schema path, or a private yes/no question (``_…``)."""

    key: str
    when: Callable[[Answers], bool] = _always
    required: Callable[[Answers], bool] | None = None
    label: str = ""  # for private questions only

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def private(self) -> bool:
        return self.key.startswith("_")


@dataclass(frozen=True)
class Section:
    code: str
    titre: str
    champs: tuple[Champ, ...] = field(default_factory=tuple)


def _value(a: Answers, key: str) -> Any:
    return get(a, tuple(key.split(".")))


def _accompagnant_wanted(a: Answers) -> bool:
    return _value(a, "signataire") == "accompagnant" or bool(a.get("_accompagnant"))


def _orientation_wanted(a: Answers) -> bool:
    return bool(a.get("_orientation")) and bool(_value(a, "consentement.transmission_tiers"))


def _filed(a: Answers) -> bool:
    return bool(_value(a, "demande.date_depot"))


def _lawyer(a: Answers) -> bool:
    return _orientation_wanted(a) and _value(a, "orientation.vers") == "avocat"


def _letter_sent(a: Answers) -> bool:
    return any(
        isinstance(d, dict) and d.get("type") in ("courrier_prefecture", "courriel_prefecture")
        for d in a.get("demarches") or []
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "accompagnant",
        "Vous (accompagnant ou accompagnante)",
        (
            Champ("signataire"),
            Champ(
                "_accompagnant",
                when=lambda a: _value(a, "signataire") == "personne",
                label="Indiquer vos coordonnées d'accompagnant ou d'accompagnante (copie des courriels, note d'orientation) ?",
            ),
            *(
                Champ(f"accompagnant.{k}", when=_accompagnant_wanted)
                for k in ("civilite", "nom", "prenom", "fonction", "structure", "adresse", "courriel", "telephone")
            ),
        ),
    ),
    Section(
        "personne",
        "La personne accompagnée",
        (
            Champ("consentement.date"),
            *(
                Champ(f"personne.{k}")
                for k in (
                    "civilite",
                    "nom",
                    "prenoms",
                    "date_naissance",
                    "lieu_naissance",
                    "nationalite",
                    "adresse",
                    "courriel",
                    "telephone",
                )
            ),
        ),
    ),
    Section(
        "demande",
        "La demande de titre de séjour",
        (
            Champ("demande.nature"),
            Champ("demande.titre"),
            Champ("demande.prefecture"),
            Champ("personne.numero_etranger", required=lambda a: _value(a, "demande.nature") != "premiere_demande"),
            Champ("demande.numero_anef"),
            Champ("demande.date_depot"),
            Champ("demande.titre_actuel_expiration", when=lambda a: _value(a, "demande.nature") == "renouvellement"),
            # what the situation needs (docs/situations.md), asked only once the demande was filed
            Champ("demande.document_provisoire", when=_filed),
            Champ("demande.document_provisoire_debut", when=lambda a: bool(_value(a, "demande.document_provisoire"))),
            Champ("demande.document_provisoire_fin", when=lambda a: bool(_value(a, "demande.document_provisoire"))),
            Champ("demande.piece_demandee", when=_filed),
            Champ("demande.piece_demandee_le", when=lambda a: bool(_value(a, "demande.piece_demandee"))),
            Champ("demande.complet", when=lambda a: _filed(a) and not _value(a, "demande.document_provisoire")),
            Champ("demande.decision", when=_filed),
            Champ("demande.decision_le", when=lambda a: bool(_value(a, "demande.decision"))),
        ),
    ),
    Section(
        "blocage",
        "Le blocage",
        tuple(Champ(f"blocage.{k}") for k in ("types", "depuis", "message_erreur", "description", "consequences")),
    ),
    Section("demarches", "Les démarches déjà faites"),
    Section(
        "justificatifs",
        "Les justificatifs (numérotés avec les pièces des démarches)",
        (
            Champ(
                "justificatifs.titre_sejour",
                when=lambda a: (
                    _value(a, "demande.nature") != "premiere_demande"
                    or bool(_value(a, "demande.titre_actuel_expiration"))
                ),
            ),
            Champ("justificatifs.document_provisoire", when=lambda a: bool(_value(a, "demande.document_provisoire"))),
            Champ("justificatifs.passeport"),
            Champ("justificatifs.attestation_depot", when=_filed),
            Champ("justificatifs.demande_piece", when=lambda a: bool(_value(a, "demande.piece_demandee"))),
            Champ("justificatifs.consequences", when=lambda a: bool(_value(a, "blocage.consequences"))),
            Champ("justificatifs.mandat", when=lambda a: _value(a, "signataire") == "accompagnant"),
        ),
    ),
    Section(
        "orientation",
        "L'orientation (note d'orientation)",
        (
            Champ(
                "_orientation",
                label="Orienter la personne vers un ou une juriste, le Défenseur des droits ou un avocat ?",
            ),
            Champ("consentement.transmission_tiers", when=lambda a: bool(a.get("_orientation"))),
            *(
                Champ(f"orientation.{k}", when=_orientation_wanted)
                for k in ("vers", "nom", "structure", "courriel", "objet")
            ),
            # « Maître » needs no civilité; a named jurist or delegate is greeted by it
            Champ(
                "orientation.civilite",
                when=lambda a: (
                    _orientation_wanted(a)
                    and bool(_value(a, "orientation.nom"))
                    and _value(a, "orientation.vers") != "avocat"
                ),
            ),
            Champ("personne.interprete", when=_lawyer),
            Champ("recours.aide_juridictionnelle", when=_lawyer),
        ),
    ),
    Section(
        "envoi",
        "L'envoi",
        (
            Champ("envoi.recommande"),
            Champ("envoi.numero_recommande", when=lambda a: bool(_value(a, "envoi.recommande"))),
            Champ("envoi.prefecture_courriel"),
            Champ("envoi.accuse_reception_le", when=_letter_sent),
            Champ("envoi.delai_prefecture_jours", when=_letter_sent),
        ),
    ),
)

# Long free texts are typed on several lines; other texts on one line (Entrée validates).
MULTILIGNE = {"personne.adresse", "accompagnant.adresse", "blocage.description", "blocage.consequences"}
DEMARCHE_CHAMPS = tuple(f"demarches.{k}" for k in ("type", "date", "heure", "detail", "resultat"))
CONSENT_LABEL = "La personne accepte-t-elle que son dossier soit transmis à ce ou cette destinataire ?"
# Text the user types is inserted as such: it must speak with the voice of whoever signs letter 2.
VOIX = {"blocage.description", "blocage.consequences"}
VOIX_PERSONNE = "écrivez à la première personne (« je ») : c'est la personne qui signe"
VOIX_ACCOMPAGNANT = "écrivez à la troisième personne (« Mme DIALLO… ») : vous signez le courrier"


def strip_private(data: Any) -> Any:
    """The answers as dossier data: without the interview's own keys."""
    if isinstance(data, dict):
        return {k: strip_private(v) for k, v in data.items() if not str(k).startswith("_")}
    if isinstance(data, list):
        return [strip_private(v) for v in data]
    return data


def _input_text(q: Question, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return date_courte(value)
    return str(value)


class Entretien:
    """Fills ``answers`` by asking only what is missing; ``review`` lets the user correct anything."""

    def __init__(
        self,
        answers: Answers,
        asker: Asker,
        base: Path,
        defaults: dict[str, Any] | None = None,
        on_answer: Callable[[], None] | None = None,
    ):
        self.answers = answers
        self.asker = asker
        self.base = base
        self.defaults = defaults or {}
        self.questions_posees = 0
        self._on_answer = on_answer or (lambda: None)  # e.g. save the draft: nothing typed is lost

    # -- asking one field ------------------------------------------------------------------------

    def _default(self, champ: Champ) -> Any:
        if has(self.answers, champ.path):
            return get(self.answers, champ.path)
        if champ.key in self.defaults:
            return self.defaults[champ.key]
        if champ.key == "envoi.prefecture_courriel":
            code = _value(self.answers, "demande.prefecture")
            configured = (self.defaults.get("_contacts_prefecture") or {}).get(code) or {}
            return configured.get("courriel") or charger_referentiel().prefectures.get(code, {}).get("courriel", "")
        return None

    def ask(self, champ: Champ, target: dict | None = None, path: tuple[str, ...] | None = None) -> None:
        """Ask one question and store the checked answer (in ``target`` at ``path``)."""
        self._ask(champ, target, path)
        self._on_answer()

    def _ask(self, champ: Champ, target: dict | None, path: tuple[str, ...] | None) -> None:
        target = self.answers if target is None else target
        path = path or champ.path
        self.questions_posees += 1
        if champ.private:
            current = target.get(champ.key)
            put(target, path, self.asker.confirm(champ.label, default=True if current is None else bool(current)))
            return
        q = question(champ.key)
        default = get(target, path) if has(target, path) else self._default(champ)
        required = champ.required(self.answers) if champ.required else q.required
        label = CONSENT_LABEL if champ.key == "consentement.transmission_tiers" else q.label
        if q.kind == "choix" and q.choices is not None:
            options = list(q.choices().items())
            choices = [(code, title) for code, title in options if code or not required]
            if champ.key == "demande.prefecture":
                choices = [(code, f"{code} — {title}") for code, title in choices]
            if champ.key == "demarches.type":
                choices = _types_with_steps()
            put(target, path, self.asker.select(label, choices, default=default if default is not None else None))
        elif q.kind == "choix_multiple" and q.choices is not None:
            choices = list(q.choices().items())
            checked = self.asker.checkbox(
                label,
                choices,
                default=list(default or []),
                validate=lambda v: True if v else "choisissez au moins une réponse",
            )
            put(target, path, checked)
        elif q.kind == "booleen":
            put(target, path, self.asker.confirm(label, default=True if default is None else bool(default)))
        else:

            def validate(text: str) -> Any:
                if required and not text.strip():
                    return "réponse obligatoire"
                return True if q.check(text)[1] is None else q.check(text)[1]

            multiline = champ.key in MULTILIGNE
            hint = q.help if q.help else ""
            if champ.key in VOIX:
                voix = VOIX_ACCOMPAGNANT if _value(self.answers, "signataire") == "accompagnant" else VOIX_PERSONNE
                hint = f"{hint} — {voix}" if hint else voix
            if q.kind == "fichiers":
                self._ask_paths(q, label, default, target, path, hint)
                return
            if not required:
                passer = "facultatif" if multiline else "facultatif, Entrée pour passer"
                hint = f"{hint} — {passer}" if hint else passer
            text = self.asker.text(
                label,
                default=_input_text(q, default),
                validate=validate,
                multiline=multiline,
                instruction=f"({hint})" if hint else None,
            )
            value, _ = q.check(text)
            put(target, path, value if value is not None else "")

    # -- the démarches loop ----------------------------------------------------------------------

    def _ask_pieces(self, demarche: dict) -> None:
        pieces = demarche.setdefault("pieces", [])
        while not demarche.get("_pieces_finies"):
            self.questions_posees += 1
            chemin = self.asker.path(
                f"Pièce n° {len(pieces) + 1} de cette démarche (chemin du fichier ; Entrée sans rien pour terminer)",
                validate=self._check_piece,
                base=str(self.base),
            )
            if not chemin.strip():
                demarche["_pieces_finies"] = True
            else:
                pieces.append(self._relative(chemin.strip()))
            self._on_answer()

    def _ask_paths(self, q: Question, label: str, default: Any, target: dict, path: tuple[str, ...], hint: str) -> None:
        """File paths separated by « ; », each checked, stored relative to the dossier."""

        def validate(text: str) -> Any:
            for item in [x.strip() for x in text.split(";") if x.strip()]:
                ok = self._check_piece(item)
                if ok is not True:
                    return ok
            return True

        text = self.asker.text(
            label,
            default="; ".join(default or []),
            validate=validate,
            instruction=f"({hint} ; plusieurs fichiers séparés par « ; », Entrée pour passer)",
        )
        put(target, path, [self._relative(x.strip()) for x in text.split(";") if x.strip()])

    def _check_piece(self, text: str) -> Any:
        if not text.strip():
            return True
        path = Path(text.strip()).expanduser()
        path = path if path.is_absolute() else self.base / path
        return True if path.is_file() else f"fichier introuvable : {path}"

    def _relative(self, text: str) -> str:
        path = Path(text).expanduser()
        absolute = (path if path.is_absolute() else self.base / path).resolve()
        try:
            return absolute.relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return str(absolute)

    def complete_demarche(self, demarche: dict) -> None:
        # a démarche read from a file only lacks what is required; one being typed lacks anything
        from_file = bool(demarche.get("_pieces_finies"))
        for key in DEMARCHE_CHAMPS:
            name = key.split(".")[1]
            if name not in demarche and (not from_file or question(key).required):
                self.ask(Champ(key), demarche, (name,))
        self._ask_pieces(demarche)

    def add_demarche(self) -> None:
        demarche: dict = {}
        self.answers.setdefault("demarches", []).append(demarche)
        self.complete_demarche(demarche)

    def _demarches(self) -> None:
        demarches = self.answers.setdefault("demarches", [])
        for demarche in demarches:
            self.complete_demarche(demarche)
        while not self.answers.get("_demarches_finies"):
            self.questions_posees += 1
            label = (
                "Ajouter une démarche (capture, appel, courriel, rendez-vous…) ?"
                if not demarches
                else f"Ajouter une autre démarche ? ({len(demarches)} enregistrée{'s' if len(demarches) > 1 else ''})"
            )
            if self.asker.confirm(label, default=not demarches):
                self.add_demarche()
            else:
                self.answers["_demarches_finies"] = True
                self._on_answer()

    # -- whole interview -------------------------------------------------------------------------

    def applicable(self, champ: Champ) -> bool:
        return champ.when(self.answers)

    def prune(self) -> None:
        """Forget answers to questions that no longer apply (e.g. titre expiry for a first application)."""
        for section in SECTIONS:
            for champ in section.champs:
                if not self.applicable(champ):
                    drop(self.answers, champ.path)
        if not _orientation_wanted(self.answers):
            self.answers.pop("orientation", None)
        if not _accompagnant_wanted(self.answers):
            self.answers.pop("accompagnant", None)

    def fill_section(self, section: Section, again: bool = False) -> None:
        if section.code == "demarches":
            if again:
                self.answers.pop("_demarches_finies", None)
            self._demarches()
            return
        header = False
        for champ in section.champs:
            # conditions are evaluated as answers come in (an answer may open the next question)
            if self.applicable(champ) and (again or not has(self.answers, champ.path)):
                if not header:
                    self.asker.say(f"\n— {section.titre} —")
                    header = True
                self.ask(champ)
        self.prune()

    def fill(self) -> None:
        """Ask, in order, every applicable question that has no answer yet."""
        for section in SECTIONS:
            if section.code == "demarches" and not self.answers.get("_demarches_finies"):
                self.asker.say(f"\n— {section.titre} —")
            self.fill_section(section)

    # -- review ----------------------------------------------------------------------------------

    def _rows(self) -> list[tuple[str, str, Champ, dict, tuple[str, ...]]]:
        """(section, « label : value », champ, target, path) for every answered question."""
        rows: list[tuple[str, str, Champ, dict, tuple[str, ...]]] = []
        for section in SECTIONS:
            if section.code == "demarches":
                for i, d in enumerate(self.answers.get("demarches", []), 1):
                    for key in DEMARCHE_CHAMPS:
                        q = question(key)
                        name = key.split(".")[1]
                        rows.append((f"Démarche {i}", f"{q.label} : {q.display(d.get(name))}", Champ(key), d, (name,)))
                    rows.append(
                        (
                            f"Démarche {i}",
                            f"Pièces : {', '.join(d.get('pieces', [])) or '—'}",
                            Champ("_pieces"),
                            d,
                            ("pieces",),
                        )
                    )
                continue
            for champ in section.champs:
                if champ.private or not self.applicable(champ) or not has(self.answers, champ.path):
                    continue
                q = question(champ.key)
                label = CONSENT_LABEL if champ.key == "consentement.transmission_tiers" else q.label
                rows.append(
                    (
                        section.titre,
                        f"{label} : {q.display(get(self.answers, champ.path))}",
                        champ,
                        self.answers,
                        champ.path,
                    )
                )
        return rows

    def summary(self) -> str:
        lines, current = [], None
        for section, text, *_ in self._rows():
            if section != current:
                lines.append(f"\n{section}")
                current = section
            lines.append(f"  {text}")
        if not self.answers.get("demarches"):
            lines.append("\nAucune démarche enregistrée.")
        return "\n".join(lines)

    def validate(self) -> Dossier:
        return validate_dossier(strip_private(self.answers))

    def review(self) -> Dossier:
        """Show the answers; let the user correct any of them; return the valid dossier to save."""
        while True:
            self.asker.say("\nRécapitulatif :" + self.summary())
            action = self.asker.select(
                "Que voulez-vous faire ?",
                [
                    ("enregistrer", "Enregistrer le dossier"),
                    ("corriger", "Corriger une réponse"),
                    ("ajouter", "Ajouter une démarche"),
                    ("supprimer", "Supprimer une démarche"),
                ],
                default="enregistrer",
            )
            if action == "enregistrer":
                try:
                    return self.validate()
                except DossierInvalide as exc:
                    self.asker.say(
                        "\nLe dossier ne peut pas encore être enregistré :\n"
                        + "\n".join(f"  - {e}" for e in exc.erreurs)
                    )
                    continue
            if action == "corriger":
                self.correct()
            elif action == "ajouter":
                self.add_demarche()
            elif action == "supprimer":
                self.remove_demarche()

    def correct(self) -> None:
        rows = self._rows()
        choice = self.asker.select(
            "Quelle réponse corriger ?", [(str(i), f"{s} — {t}") for i, (s, t, *_) in enumerate(rows)]
        )
        _, _, champ, target, path = rows[int(choice)]
        if champ.key == "_pieces":
            target["pieces"] = []
            target.pop("_pieces_finies", None)
            self._ask_pieces(target)
        else:
            self.ask(champ, target, path)
        # conditional questions are evaluated again: ask what now applies, forget what no longer does
        self.prune()
        for section in SECTIONS:
            if section.code != "demarches":
                for c in section.champs:
                    if self.applicable(c) and not has(self.answers, c.path):
                        self.ask(c)
        self.prune()

    def remove_demarche(self) -> None:
        demarches = self.answers.get("demarches", [])
        if not demarches:
            self.asker.say("Aucune démarche à supprimer.")
            return
        types = charger_referentiel().types_demarche
        choice = self.asker.select(
            "Quelle démarche supprimer ?",
            [
                (
                    str(i),
                    f"{question('demarches.date').display(d.get('date'))} — {types.get(d.get('type'), d.get('type', '?'))}",
                )
                for i, d in enumerate(demarches)
            ],
        )
        del demarches[int(choice)]


def _types_with_steps() -> list[tuple[str, str]]:
    """Démarche types labelled with the step of the fiche they prove."""
    referentiel = charger_referentiel()
    choices = []
    for etape in referentiel.etapes:
        choices += [(code, f"{label} (étape {etape.numero})") for code, label in etape.types.items()]
    return choices + list(referentiel.autres_types.items())


def ask_demarche(asker: Asker, base: Path) -> dict:
    """One démarche asked in the terminal (``lettres etape`` without options), as dossier data."""
    entretien = Entretien({}, asker, base)
    entretien.add_demarche()
    return strip_private(entretien.answers["demarches"][0])
