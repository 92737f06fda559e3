"""Issue 23: the terminal and the web follow one interview model (``dossier/entretien.py``). One script of
answers, typed as a caseworker types them, drives the terminal interview (its real loop, with an asker that
reads the script) and the web form (the same answers posted page by page): the same questions are asked in
the same order, and the two dossier files saved are the same."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from lettres.dossier import load_dossier, read_dossier_data, save_dossier
from lettres.dossier.entretien import AUCUNE_AUTRE, NOUVELLE, Contexte, initial_answers
from lettres.dossier.parcours import SECTIONS, section_of
from lettres.prompts.asker import Avertissement, Option, TexteLibre
from lettres.prompts.entretien import Entretien
from web_outils import ident_in, new_web, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")

# what a caseworker types, question by question, in the order of the parcours (empty: left blank)
SCRIPT: dict[str, str | list[str]] = {
    "personne.civilite": "madame",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata Fatou",
    "personne.date_naissance": "12/04/1990",
    "personne.lieu_naissance": "Conakry (Guinée)",
    "personne.nationalite": "guinéenne",
    "personne.adresse": "12 rue des Lilas\n13003 Marseille",
    "personne.courriel": "aminata@example.org",
    "personne.telephone": "06 12 34 56 78",
    "demande.nature": "renouvellement",
    "demande.titre": "autre titre écrit à la main",
    "demande.prefecture": "13",
    "personne.numero_etranger": "75 0123 4567",
    "demande.numero_anef": "",
    "demande.date_depot": "",
    "demande.titre_actuel_expiration": "15/12/2026",
    "signataire": "personne",
    "_accompagnant": "non",
    "blocage.types": ["erreur_validation"],
    "blocage.depuis": "20/09/2026",
    "blocage.message_erreur": "Une erreur technique est survenue",
    "blocage.description": "Le bouton « Valider » renvoie une erreur.",
    "blocage.consequences": "Risque de perdre son emploi.",
    "justificatifs.titre_sejour": [],
    "justificatifs.passeport": [],
    "justificatifs.consequences": [],  # asked since the blocage has consequences
    "envoi.prefecture_courriel": "",
    "envoi.prefecture_adresse": "",
    "_orientation": "non",
}


class Script:
    """An ``Asker`` that answers from ``SCRIPT`` the question the interview is on (``current``), as the
    widgets would return it; a refused answer fails the test."""

    def __init__(self) -> None:
        self.current = ""

    def _answer(self) -> str | list[str]:
        assert self.current in SCRIPT, f"question hors script : {self.current}"
        return SCRIPT[self.current]

    def text(self, label, *, aide="", default="", check=None, multiline=False, shown=None) -> str:
        script = self._answer()
        answer = " ".join(script) if isinstance(script, list) else script  # files: their paths, or nothing
        verdict = check(answer) if check else None
        assert verdict is None or isinstance(verdict, Avertissement), (self.current, verdict)
        return answer

    def choose(self, label, options: Sequence[Option], *, aide="", default=None) -> str:
        answer = str(self._answer())
        assert answer in [o.value for o in options], (self.current, answer)
        return answer

    def choose_dated(self, label, options, *, aide="", default=None, devant, shown) -> tuple[str, str]:
        assert self.current == NOUVELLE
        return AUCUNE_AUTRE, ""

    def choose_many(self, label, options, *, aide="", checked=(), allow_empty=False, chemin=None) -> list[str]:
        return list(self._answer())

    def choose_or_type(self, label, options, *, aide="", default=None, texte="") -> str | TexteLibre:
        answer = str(self._answer())
        return answer if answer in [o.value for o in options] else TexteLibre(answer)

    def confirm(self, label, *, aide="", default=None) -> bool:
        return self._answer() == "oui"

    def say(self, text="") -> None:
        pass


class EntretienScripte(Entretien):
    """The terminal's interview, each question it asks noted and answered from the script."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.posees: list[str] = []

    def ask_step(self, step) -> None:
        self.posees.append(step.ident)
        self.asker.current = step.ident  # type: ignore[attr-defined]
        super().ask_step(step)


def by_terminal(folder: Path) -> tuple[Path, list[str]]:
    from lettres.jour import date_du_jour

    entretien = EntretienScripte(initial_answers(None), Script(), folder, Contexte(aujourd_hui=date_du_jour()))
    entretien.fill()
    path = folder / "terminal.yaml"
    save_dossier(entretien.validate(), path)
    return path, [i for i in entretien.posees if i != NOUVELLE]


def _form(keys: list[str]) -> dict:
    return {k: SCRIPT[k] for k in keys if not isinstance(SCRIPT[k], list) or SCRIPT[k]}


def _shown(html: str) -> list[str]:
    """The questions a page shows, in order (not those hidden by the answers, nor « Autres informations »)."""
    html = html.split('<details class="complements"')[0]
    return re.findall(r'data-cle="([^"]+)">', html)


def by_web(racine: Path) -> tuple[Path, list[str]]:
    web = new_web(racine)
    response = web.post("/nouveau")
    ident = ident_in(response.headers["location"])
    pages = [s.code for s in SECTIONS]
    for code in pages:
        keys = [k for k in SCRIPT if code in (_gate(k), getattr(section_of(k), "code", None))]
        if not keys:
            continue
        response = web.post(f"/dossier/{ident}/page/{code}", _form(keys))
        assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
        ident = ident_in(response.headers["location"])
    path = web.guichet.chemin(ident)
    # the démarches have a page of their own (a list, and a form to add one): none in this script
    shown = [k for code in pages if code != "demarches" for k in _shown(web.get(f"/dossier/{ident}/page/{code}").text)]
    return path, shown


def _gate(key: str) -> str:
    return next((s.code for s in SECTIONS if s.porte is not None and s.porte.cle == key), "")


def test_one_script_gives_the_same_questions_and_the_same_file_through_both_doors(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    terminal, posees = by_terminal(tmp_path)
    web, montrees = by_web(tmp_path / "dossiers")
    assert posees == list(SCRIPT)  # the terminal asks the script's questions, in its order
    assert montrees == posees  # the web shows the same questions, in the same order
    assert read_dossier_data(web) == read_dossier_data(terminal)
    assert web.read_text(encoding="utf-8") == terminal.read_text(encoding="utf-8")
    assert load_dossier(web).personne.nom == "DIALLO"


def test_the_model_says_what_to_ask_next_without_asking():
    from datetime import date

    from lettres.dossier.entretien import FINIES, Modele

    answers: dict = {"personne": {"civilite": "madame"}}
    modele = Modele(answers, Contexte(aujourd_hui=date(2026, 11, 27), prefecture="13"))
    assert modele.next_step().ident == "personne.nom"
    # the démarches: a screenshot asks no time, a call does; « no other » ends the loop
    demarches = Modele({"demarches": [{"type": "capture_ecran", "date": date(2026, 10, 1)}]})
    assert [demarches.next_demarche_step().ident] == ["demarches.1.detail"]
    demarches.answers["demarches"] = [{"type": "appel_anef", "date": date(2026, 10, 1)}]
    assert demarches.next_demarche_step().ident == "demarches.1.heure"
    demarches.answers["demarches"] = [{"type": "appel_anef", "date": date(2026, 10, 1), "_du_fichier": True}]
    assert demarches.next_demarche_step().ident == NOUVELLE  # read from the file: only its required fields
    demarches.answers[FINIES] = True
    assert demarches.next_demarche_step() is None
    # a value proposed: the configuration's préfecture; none for a legal choice (the nature of the demande)
    from lettres.dossier.entretien import Pas
    from lettres.dossier.questions import question

    def step(key: str) -> Pas:
        return Pas(key, answers, question(key).path, question(key))

    assert modele.default_value(step("demande.prefecture")) == "13"
    assert modele.default_value(step("demande.nature")) is None
    assert modele.default_value(step("personne.civilite")) == "madame"  # the answer given
    # pruning: a first application forgets the expiry of the titre
    answers["demande"] = {"nature": "premiere_demande", "titre_actuel_expiration": date(2026, 12, 15)}
    modele.prune()
    assert "titre_actuel_expiration" not in answers["demande"]
