"""Issue 23: the terminal and the web follow one interview model (``dossier/entretien.py``). One script of
answers, typed as a caseworker types them, drives the terminal interview (its real loop, with an asker that
reads the script) and the web form (the same answers posted page by page): the same questions are asked in
the same order, and the two dossier files saved are the same."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI
from lettres.dossier import load_dossier, read_dossier_data
from lettres.dossier.entretien import AUCUNE_AUTRE, NOUVELLE, Contexte
from lettres.dossier.parcours import SECTIONS, section_of
from lettres.prompts.asker import Avertissement, Option, TexteLibre
from lettres.prompts.entretien import Entretien
from lettres.prompts.nouveau import NouveauDossier
from lettres.prompts.revue import ENREGISTRER
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


# the same dossier, with a préfecture whose addresses the configuration knows (not asked: the terminal offers
# them in its review, the web under « Autres informations »), and two démarches: a call, a letter to the préfecture
CONFIGURATION = (
    "prefectures:\n"
    "  '13':\n"
    "    courriel: etrangers@bouches-du-rhone.example.org\n"
    "    adresse: |\n"
    "      Service des étrangers\n"
    "      66 bis rue Saint-Sébastien\n"
    "      13006 Marseille\n"
)
SCRIPT_CONFIGURE = {k: v for k, v in SCRIPT.items() if not k.startswith("envoi.")}
DEMARCHES: list[dict[str, str | list[str]]] = [
    {
        "type": "appel_anef",
        "date": "01/10/2026",
        "heure": "09:30",
        "detail": "Appel au 0 806 001 620",
        "resultat": "Aucune solution proposée",
        "pieces": [],
    },
    {
        "type": "courrier_prefecture",
        "date": "15/10/2026",
        "detail": "Lettre recommandée au préfet",
        "resultat": "Sans réponse",
        "objet": ["api"],
        "pieces": [],
    },
]


class Script:
    """An ``Asker`` that answers from a script the question the interview is on (``current``), as the
    widgets would return it; a refused answer fails the test. The démarches are typed as « 01/10/2026 » with
    their type, then each of their questions; the review saves at once."""

    def __init__(self, script: dict, demarches: list[dict]) -> None:
        self.script = script
        self.demarches = demarches
        self.current = ""

    def _answer(self) -> str | list[str]:
        if ".envoi." in self.current:  # a letter's registered number and receipt (« demarches.2.envoi.… »)
            return ""
        if self.current.startswith("demarches."):
            _, number, name = self.current.split(".")
            return self.demarches[int(number) - 1][name]
        assert self.current in self.script, f"question hors script : {self.current}"
        return self.script[self.current]

    def text(self, label, *, aide="", default="", check=None, multiline=False, shown=None, echo=True) -> str:
        script = self._answer()
        answer = " ".join(script) if isinstance(script, list) else script  # files: their paths, or nothing
        verdict = check(answer) if check else None
        assert verdict is None or isinstance(verdict, Avertissement), (self.current, verdict)
        return answer

    def choose(self, label, options: Sequence[Option], *, aide="", default=None) -> str:
        if label == "Récapitulatif":
            return ENREGISTRER
        answer = str(self._answer())
        assert answer in [o.value for o in options], (self.current, answer)
        return answer

    def choose_dated(self, label, options, *, aide="", default=None, devant, shown) -> tuple[str, str]:
        assert self.current == NOUVELLE
        done = sum(1 for i in self.asked if i == NOUVELLE) - 1
        if done >= len(self.demarches):
            return AUCUNE_AUTRE, ""
        demarche = self.demarches[done]
        return str(demarche["type"]), str(demarche["date"])

    def choose_many(self, label, options, *, aide="", checked=(), allow_empty=False, chemin=None) -> list[str]:
        return list(self._answer())

    def choose_or_type(self, label, options, *, aide="", default=None, texte="") -> str | TexteLibre:
        answer = str(self._answer())
        return answer if answer in [o.value for o in options] else TexteLibre(answer)

    def confirm(self, label, *, aide="", default=None) -> bool:
        return self._answer() == "oui"

    def say(self, text="") -> None:
        pass

    def answered(self, label, answer) -> None:
        pass


class EntretienScripte(Entretien):
    """The terminal's interview, each question it asks noted and answered from the script."""

    def ask_step(self, step) -> None:
        self.asker.asked.append(step.ident)  # type: ignore[attr-defined]
        self.asker.current = step.ident  # type: ignore[attr-defined]
        super().ask_step(step)


def _as_form(idents: list[str]) -> list[str]:
    """The terminal's steps named as the web's fields: « démarche n° 2, date and type » (one line typed) is
    the type and the date of the form; the last « another démarche? » (« no other ») is no question."""
    last = max((i for i, ident in enumerate(idents) if ident == NOUVELLE), default=-1)
    fields: list[str] = []
    for i, ident in enumerate(idents):
        if ident == NOUVELLE:
            fields += ["demarches.type", "demarches.date"] if i != last else []
        else:
            fields.append(re.sub(r"^demarches\.\d+\.", "demarches.", ident))
    return fields


def by_terminal(folder: Path, script: dict, demarches: list[dict], monkeypatch) -> tuple[Path, list[str]]:
    """``lettres nouveau`` without a file name, started in ``folder``: the dossier named by the model."""
    from lettres.config import load_config

    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setattr("lettres.prompts.nouveau.Entretien", EntretienScripte)
    asker = Script(script, demarches)
    asker.asked = []  # type: ignore[attr-defined]
    _, path = NouveauDossier(None, asker, load_config(), AUJOURD_HUI).run()  # type: ignore[arg-type]
    return folder / path, _as_form(asker.asked)  # type: ignore[attr-defined]


def _form(script: dict, keys: list[str]) -> dict:
    return {k: script[k] for k in keys if not isinstance(script[k], list) or script[k]}


def _shown(html: str) -> list[str]:
    """The questions a page shows, in order (not those hidden by the answers, nor « Autres informations »)."""
    html = html.split('<details class="complements"')[0]
    return re.findall(r'data-cle="([^"]+)">', html)


def _demarches(web, ident: str, demarches: list[dict]) -> list[str]:
    """Each démarche added with the form of the démarches page; the fields it shows for its type."""
    shown: list[str] = []
    for demarche in demarches:
        form = web.get(f"/dossier/{ident}/demarches?type={demarche['type']}").text
        shown += [*_shown(form.split('id="titre-ajout"')[1]), *(["demarches.pieces"] if "champ-pieces" in form else [])]
        posted = {f"demarches.{k}": v for k, v in demarche.items() if k != "pieces"}
        response = web.post(f"/dossier/{ident}/demarches", posted)
        assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
    return shown


def by_web(racine: Path, script: dict, demarches: list[dict]) -> tuple[Path, list[str]]:
    web = new_web(racine)
    response = web.post("/nouveau")
    ident = ident_in(response.headers["location"])
    shown: list[str] = []
    for code in (s.code for s in SECTIONS):
        if code == "demarches":  # a list, and a form to add one
            shown += _demarches(web, ident, demarches)
            continue
        keys = [k for k in script if code in (_gate(k), getattr(section_of(k), "code", None))]
        if not keys:
            continue
        response = web.post(f"/dossier/{ident}/page/{code}", _form(script, keys))
        assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
        ident = ident_in(response.headers["location"])
        shown += _shown(web.get(f"/dossier/{ident}/page/{code}").text)  # with the questions the answers opened
    return web.guichet.chemin(ident), shown


def _gate(key: str) -> str:
    return next((s.code for s in SECTIONS if s.porte is not None and s.porte.cle == key), "")


def _same_through_both_doors(tmp_path, monkeypatch, script: dict, demarches: list[dict]) -> tuple[Path, Path]:
    terminal, posees = by_terminal(tmp_path / "terminal", script, demarches, monkeypatch)
    web, montrees = by_web(tmp_path / "web", script, demarches)
    # after a letter to the préfecture both doors ask its registered number and receipt (left empty here): the
    # terminal as two more questions, the web's démarche form in two fields of its own
    lettres = [d for d in demarches if d["type"] == "courrier_prefecture"]
    envois = [k for k in posees if k.startswith("demarches.envoi.")]
    assert envois == ["demarches.envoi.numero_recommande", "demarches.envoi.accuse_reception_le"] * len(lettres)
    du_courrier = {k.removeprefix("demarches.") for k in envois}
    assert [k for k in montrees if k in du_courrier] == [k.removeprefix("demarches.") for k in envois]
    posees = [k for k in posees if not k.startswith("demarches.envoi.")]
    montrees = [k for k in montrees if k not in du_courrier]
    # the préfet's civilité: the terminal offers it in its review, the web with the préfecture's addresses
    # (where a caseworker looks for it) — left unanswered, the same file
    from lettres.web.parcours import D_EMBLEE

    montrees = [k for k in montrees if k not in D_EMBLEE]
    # the terminal asks the script's questions, in its order, and each démarche's
    assert [k for k in posees if not k.startswith("demarches.")] == list(script)
    assert [k for k in posees if k.startswith("demarches.")] == [f"demarches.{k}" for d in demarches for k in d]
    assert montrees == posees  # the web shows the same questions, in the same order
    # one layout: a folder named after the person, the file inside; the same file
    assert terminal.relative_to(tmp_path / "terminal") == web.relative_to(tmp_path / "web")
    assert terminal.relative_to(tmp_path / "terminal") == Path("DIALLO_Aminata", "dossier.yaml")
    assert read_dossier_data(web) == read_dossier_data(terminal)
    assert web.read_text(encoding="utf-8") == terminal.read_text(encoding="utf-8")
    return terminal, web


def test_one_script_gives_the_same_questions_and_the_same_file_through_both_doors(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    terminal, _ = _same_through_both_doors(tmp_path, monkeypatch, SCRIPT, [])
    assert load_dossier(terminal).personne.nom == "DIALLO"


def test_with_demarches_and_a_configured_prefecture_both_doors_still_agree(tmp_path, monkeypatch):
    (tmp_path / "config.yaml").write_text(CONFIGURATION, encoding="utf-8")
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    _, web = _same_through_both_doors(tmp_path, monkeypatch, SCRIPT_CONFIGURE, DEMARCHES)
    dossier = load_dossier(web)
    assert [(d.type, d.heure) for d in dossier.demarches] == [("appel_anef", "09:30"), ("courrier_prefecture", "")]
    assert dossier.envoi.prefecture_courriel == ""  # the configuration's address is used, not copied
    # the web offers the address under « Autres informations », as the terminal does in its review
    porte = new_web(tmp_path / "web")
    page = porte.get(f"/dossier/{porte.guichet.ident(web)}/page/envoi").text
    assert 'data-cle="envoi.prefecture_courriel"' in page.split('<details class="complements"')[1]
    # the démarche form asks the time, and what a letter asked, for the types the model asks them for; the
    # registered-mail number and the receipt for a letter, as the terminal asks them after it
    ident = porte.guichet.ident(web)
    for type_code, heure, objet in (
        ("capture_ecran", False, False),
        ("courriel_dgef", False, False),
        ("visite_pan", True, False),
        ("courrier_prefecture", False, True),
    ):
        reponse = porte.post(f"/dossier/{ident}/demarches/visibles", {"demarches.type": type_code})
        lettre = type_code == "courrier_prefecture"
        envoi = {"envoi.numero_recommande": lettre, "envoi.accuse_reception_le": lettre}
        assert reponse.json() == {"demarches.heure": heure, "demarches.objet": objet, **envoi}


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
