"""``lettres bilan``: figures checked against a generated caseload with known answers, small numbers hidden,
outputs (terminal, XLSX with charts, offline HTML, JSON, export) without one personal datum, and the merge of
exports equal to the bilan of the union."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import zipfile
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import AUJOURD_HUI

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))

import generer_dossiers

from lettres.bilan import calculer
from lettres.bilan.calcul import vue
from lettres.bilan.fiche import DUREES
from lettres.bilan.lecture import lire_fiches
from lettres.demo import demo_folder, situations_demo
from lettres.yamlio import parse_yaml

JOUR = AUJOURD_HUI.strftime("%d/%m/%Y")


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    chemin = tmp_path / "config.yaml"
    chemin.write_text("bilan:\n  sel: sel-de-test-0123456789abcdef\n", encoding="utf-8")
    monkeypatch.setenv("LETTRES_CONFIG", str(chemin))
    return chemin


@pytest.fixture(scope="module")
def caseload(tmp_path_factory) -> tuple[Path, list]:
    """120 fictitious dossiers over twelve months in three préfectures, and what the bilan must find."""
    dossier = tmp_path_factory.mktemp("caseload") / "dossiers"
    return dossier, generer_dossiers.generer(dossier, 120, AUJOURD_HUI, graine=7)


def _cellules(v) -> dict[str, str]:
    return {c.code: c.affiche for c in v.cellules}


def test_the_figures_are_those_of_the_generated_dossiers(caseload):
    dossiers, attendus = caseload
    lecture = lire_fiches([dossiers], AUJOURD_HUI, "sel", processus=1)
    assert len(lecture.fiches) == 120 and not lecture.problemes and lecture.doublons == 0
    b = calculer(lecture.fiches, AUJOURD_HUI)
    assert b.dossiers == 120
    for code, attendu in (
        ("prefectures", Counter(a.prefecture for a in attendus)),
        ("mois", Counter(a.mois_blocage for a in attendus)),
        ("courriers", Counter(a.courrier for a in attendus if a.courrier)),
        ("issues", Counter(a.cloture for a in attendus)),
        ("blocages", Counter(t for a in attendus for t in a.blocages)),
        ("etapes", Counter(str(e) for a in attendus for e in a.etapes)),
    ):
        cellules = _cellules(b.vue(code))
        for cle, n in attendu.items():
            assert cellules[cle] in (str(n), "< 5", "masqué") or cellules[cle].startswith(">"), (code, cle)
            if n >= 5 and cellules[cle] != "masqué" and not cellules[cle].startswith(">"):
                assert cellules[cle] == str(n), (code, cle)
    assert b.vue("prefectures").total == 120
    assert b.vue("courriers").total == sum(1 for a in attendus if a.courrier)
    for i, code in enumerate(DUREES):
        valeurs = sorted(a.durees[code] for a in attendus if code in a.durees)
        d = b.durees[i]
        if len(valeurs) >= 5:
            assert d.n == len(valeurs)
            assert d.mediane == round(statistics.median(valeurs), 1)
            q1, _, q3 = statistics.quantiles(valeurs, n=4, method="inclusive")
            assert (d.q1, d.q3) == (round(q1, 1), round(q3, 1))
    echus = [a.courrier for a in attendus if a.courrier in ("reponse_a_temps", "reponse_tardive", "sans_reponse")]
    manque = sum(1 for c in echus if c != "reponse_a_temps")
    assert b.sans_reponse == f"{round(100 * manque / len(echus))} %"


def test_the_period_keeps_the_months_asked(caseload):
    dossiers, attendus = caseload
    fiches = lire_fiches([dossiers], AUJOURD_HUI, "sel", processus=1).fiches
    b = calculer(fiches, AUJOURD_HUI, du="2026-03", au="2026-06")
    assert b.dossiers == sum(1 for a in attendus if "2026-03" <= a.mois_blocage <= "2026-06")
    assert [c.code for c in b.vue("mois").cellules] == ["2026-03", "2026-04", "2026-05", "2026-06"]


def test_a_small_count_is_hidden_and_cannot_be_recomputed_from_the_total():
    v = vue("t", "T", "", [("a", "A", 20), ("b", "B", 3), ("c", "C", 7), ("d", "D", 0)], 30, 5)
    assert _cellules(v) == {"a": "20", "b": "< 5", "c": "masqué", "d": "0"}
    assert v.total_affiche == "30"
    assert [c.effectif for c in v.cellules] == [20, None, None, 0]
    # two small cells: they protect each other, nothing more is hidden
    v = vue("t", "T", "", [("a", "A", 20), ("b", "B", 3), ("c", "C", 2)], 25, 5)
    assert _cellules(v) == {"a": "20", "b": "< 5", "c": "< 5"}
    # a dossier counting in several cells: the few who lack a step are hidden too
    v = vue("t", "T", "", [("1", "1", 28), ("2", "2", 15), ("3", "3", 2)], 30, 5, partition=False)
    assert _cellules(v) == {"1": "> 25", "2": "15", "3": "< 5"}
    # a total under the threshold hides its whole view
    v = vue("t", "T", "", [("a", "A", 3), ("b", "B", 1)], 4, 5)
    assert v.total is None and v.total_affiche == "< 5" and _cellules(v) == {"a": "< 5", "b": "< 5"}
    # a higher threshold hides more
    v = vue("t", "T", "", [("a", "A", 20), ("b", "B", 8), ("c", "C", 12)], 40, 10)
    assert _cellules(v) == {"a": "20", "b": "< 10", "c": "masqué"}


def test_a_duration_over_too_few_dossiers_is_not_given(caseload):
    dossiers, _ = caseload
    fiches = lire_fiches([dossiers], AUJOURD_HUI, "sel", processus=1).fiches
    b = calculer(fiches[:3], AUJOURD_HUI)
    assert b.dossiers is None and b.dossiers_affiche == "< 5"
    assert all(d.mediane is None for d in b.durees)
    assert b.sans_reponse == "—"


# --- the outputs, and no personal datum in any of them ----------------------------------------------------


def _demo_dossiers(cible: Path) -> list[Path]:
    """The demo's example dossiers, copied as a caseworker would keep them."""
    cible.mkdir(parents=True, exist_ok=True)
    chemins = []
    for situation in situations_demo():
        source = demo_folder() / "situations" / f"{situation}.yaml"
        if source.is_file():
            chemins.append(Path(shutil.copy(source, cible / f"{situation}.yaml")))
    return chemins


def _personal_values(dossier: dict) -> set[str]:
    """Every personal value of a dossier as it could be written out: names, birth date in both writings,
    address lines, phone, e-mail, numbers, free text, every exact date."""
    found: set[str] = set()

    def add(value, minimum: int = 4) -> None:
        """A value; free text only from a phrase long enough to be the person's own (not « sans réponse »)."""
        if isinstance(value, date):
            found.update({value.isoformat(), value.strftime("%d/%m/%Y")})
        elif isinstance(value, str):
            found.update(line.strip() for line in value.splitlines() if len(line.strip()) >= minimum)

    p = dossier["personne"]
    for key in ("nom", "prenoms", "date_naissance", "lieu_naissance", "adresse", "courriel", "telephone"):
        add(p.get(key))
    add(str(p.get("numero_etranger") or ""))
    for key in ("message_erreur", "description", "consequences", "depuis"):
        add(dossier["blocage"].get(key), 16)
    add(str(dossier["demande"].get("numero_anef") or ""))
    for key in ("date_depot", "titre_actuel_expiration"):
        add(dossier["demande"].get(key))
    for d in dossier.get("demarches") or []:
        for key in ("detail", "resultat", "date"):
            add(d.get(key), 16)
    return found


def _text_of(chemin: Path) -> str:
    if chemin.suffix == ".xlsx":
        with zipfile.ZipFile(chemin) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return chemin.read_text(encoding="utf-8")


def test_every_output_is_written_and_no_person_can_be_found_in_it(caseload, tmp_path, run, config):
    dossiers, _ = caseload
    demos = _demo_dossiers(tmp_path / "demo")
    sorties = {ext: tmp_path / f"bilan.{ext}" for ext in ("xlsx", "html", "json")}
    export = tmp_path / "export.json"
    code, out, err = run(
        "bilan", str(dossiers), str(tmp_path / "demo"), "--date-du-jour", JOUR, "--nationalites",
        "--xlsx", str(sorties["xlsx"]), "--html", str(sorties["html"]), "--json", str(sorties["json"]),
        "--export", str(export), "--structure", "Association Exemple",
    )  # fmt: skip
    assert code == 0, err
    assert "Dossiers par préfecture" in out and "Préfecture des Bouches-du-Rhône" in out
    assert f"Écrit : {sorties['xlsx']}" in out and f"Écrit : {export}" in out
    personnels: set[str] = set()
    for chemin in [*sorted(dossiers.glob("*.yaml")), *demos]:
        personnels |= _personal_values(parse_yaml(chemin.read_text(encoding="utf-8")))
    assert "MARTIN-0000" in personnels and len(personnels) > 1000
    textes = {"terminal": out + err, **{str(c): _text_of(c) for c in [*sorties.values(), export]}}
    for nom, texte in textes.items():
        trouves = sorted(v for v in personnels if v in texte)
        assert not trouves, (nom, trouves[:5])
    # the salt of the hash stays in the configuration
    assert "sel-de-test" not in textes[str(export)]
    # nationalities only as regions of the world
    assert "Afrique du Nord" in textes[str(sorties["html"])] and "malienne" not in textes[str(sorties["html"])]


def test_the_spreadsheet_has_one_sheet_per_view_with_its_chart(caseload, tmp_path, run, config):
    from openpyxl import load_workbook

    dossiers, _ = caseload
    classeur = tmp_path / "bilan.xlsx"
    code, _, err = run("bilan", str(dossiers), "--date-du-jour", JOUR, "--xlsx", str(classeur))
    assert code == 0, err
    wb = load_workbook(classeur)
    assert wb.sheetnames[0] == "Synthèse" and "Durées" in wb.sheetnames
    feuille = wb["Dossiers par préfecture"]
    assert feuille["A3"].value == "Catégorie" and feuille["B3"].value == "Dossiers"
    valeurs = {feuille.cell(r, 1).value: feuille.cell(r, 2).value for r in range(4, feuille.max_row + 1)}
    assert valeurs["Total"] == 120
    with zipfile.ZipFile(classeur) as archive:
        graphiques = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(graphiques) == len(wb.sheetnames) - 1  # every sheet but the summary
        xml = b"".join(archive.read(n) for n in graphiques).decode("utf-8")
        assert xml.count("<barChart>") == len(graphiques)
        assert "'Dossiers par préfecture'!$B$4:$B$6" in xml and "<title>" in xml


class _Balises(HTMLParser):
    """Checks that every element is closed in order, and collects the addresses the page would fetch."""

    VIDES: ClassVar[set[str]] = {"meta", "br", "img", "input", "link", "hr", "rect", "line"}

    def __init__(self) -> None:
        super().__init__()
        self.pile: list[str] = []
        self.erreurs: list[str] = []
        self.adresses: list[str] = []
        self.balises: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.balises[tag] += 1
        self.adresses += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action", "data")]
        if tag not in self.VIDES:
            self.pile.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.balises[tag] += 1
        self.adresses += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_endtag(self, tag):
        if tag in self.VIDES:
            return
        if not self.pile or self.pile[-1] != tag:
            self.erreurs.append(f"</{tag}> ferme {self.pile[-1:] or 'rien'}")
        else:
            self.pile.pop()


def test_the_html_page_stands_alone_offline_and_prints_on_a4(caseload, tmp_path, run, config):
    dossiers, _ = caseload
    page = tmp_path / "bilan.html"
    code, _, err = run("bilan", str(dossiers), "--date-du-jour", JOUR, "--html", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    balises = _Balises()
    balises.feed(html)
    balises.close()
    assert not balises.erreurs and balises.pile == []
    assert balises.adresses == []
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert balises.balises["script"] == 0 and balises.balises["link"] == 0 and balises.balises["img"] == 0
    assert balises.balises["svg"] >= 14
    assert "@page { size: A4" in html and "@media print" in html
    assert "Dossiers par préfecture" in html and "Préfecture des Bouches-du-Rhône" in html


def test_two_exports_merged_give_the_bilan_of_the_union(caseload, tmp_path, run, config):
    dossiers, _ = caseload
    fichiers = sorted(dossiers.glob("*.yaml"))
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for i, f in enumerate(fichiers):
        shutil.copy(f, (a if i % 2 else b) / f.name)
    shutil.copy(fichiers[0], a / "doublon.yaml")  # one person followed by both structures
    sorties = {}
    for nom, dossier in (("a", a), ("b", b)):
        sorties[nom] = tmp_path / f"export-{nom}.json"
        code, _, err = run("bilan", str(dossier), "--date-du-jour", JOUR, "--export", str(sorties[nom]),
                           "--structure", f"Structure {nom.upper()}")  # fmt: skip
        assert code == 0, err
    data = json.loads(sorties["a"].read_text(encoding="utf-8"))
    assert data["format"] == "lettres-bilan" and data["version"] == 1 and data["structure"] == "Structure A"
    assert data["outil"].startswith("lettres ") and data["periode"]["du"] <= data["periode"]["au"]
    assert len(data["fiches"]) == 61 and "2026-" in data["fiches"][0]["mois_blocage"]
    fusion, union = tmp_path / "fusion.json", tmp_path / "union.json"
    code, out, err = run("bilan", "--fusionner", str(sorties["a"]), str(sorties["b"]), "--date-du-jour", JOUR,
                         "--json", str(fusion))  # fmt: skip
    assert code == 0, err
    assert "Structure A, 61 fiches" in out
    code, _, err = run("bilan", str(a), str(b), "--date-du-jour", JOUR, "--json", str(union))
    assert code == 0, err
    chiffres_fusion = json.loads(fusion.read_text(encoding="utf-8"))
    chiffres_union = json.loads(union.read_text(encoding="utf-8"))
    assert len(chiffres_fusion.pop("sources")) == 2 and chiffres_union.pop("sources") == []
    assert chiffres_fusion == chiffres_union
    assert chiffres_union["dossiers"] == 120 and chiffres_union["doublons_ecartes"] == 1


def test_a_file_that_is_no_export_is_refused_in_one_sentence(tmp_path, run, config):
    faux = tmp_path / "faux.json"
    faux.write_text('{"format": "autre"}', encoding="utf-8")
    code, _, err = run("bilan", "--fusionner", str(faux))
    assert code == 2
    assert err.strip() == (
        f"Erreur : « {faux} » n'est pas un export de lettres bilan (format inconnu) : fusionnez les fichiers "
        "écrits par « lettres bilan --export »."
    )


def test_an_export_creates_the_salt_once_and_keeps_it_in_the_configuration(tmp_path, run, monkeypatch, caseload):
    dossiers, _ = caseload
    chemin = tmp_path / "config.yaml"
    monkeypatch.setenv("LETTRES_CONFIG", str(chemin))
    premier, second = tmp_path / "1.json", tmp_path / "2.json"
    code, _, err = run("bilan", str(dossiers), "--date-du-jour", JOUR, "--export", str(premier))
    assert code == 0 and "Sel des exports créé dans la configuration" in err
    sel = parse_yaml(chemin.read_text(encoding="utf-8"))["bilan"]["sel"]
    assert len(sel) == 32 and sel not in premier.read_text(encoding="utf-8")
    code, _, err = run("bilan", str(dossiers), "--date-du-jour", JOUR, "--export", str(second))
    assert code == 0 and "Sel" not in err
    ids = [{f["id"] for f in json.loads(p.read_text(encoding="utf-8"))["fiches"]} for p in (premier, second)]
    assert ids[0] == ids[1]


# --- the outcome of a dossier -----------------------------------------------------------------------------


def test_a_closed_dossier_is_shown_closed_and_no_longer_alerts(tmp_path, run, data, config):
    from conftest import write_dossier

    data["envoi"] = {"envoye_le": "2026-10-01", "accuse_reception_le": "2026-10-03"}
    chemin = write_dossier(tmp_path / "d", data)
    code, out, _ = run("suivi", str(chemin), "--date-du-jour", JOUR)
    assert code == 1 and "en retard" in out
    code, out, err = run("etape", str(chemin), "--reponse-prefecture", "rendez_vous, api", "--date", "20/10/2026")
    assert code == 0, err
    assert "Réponse de la préfecture du 20/10/2026 enregistrée" in out and "API ou récépissé délivré" in out
    code, out, err = run("etape", str(chemin), "--cloture", "api obtenue", "--date", "02/11/2026")
    assert code == 0, err
    assert "Dossier clos le 02/11/2026 (API obtenue)" in out
    texte = chemin.read_text(encoding="utf-8")
    assert "issue:\n  reponse_prefecture_le: 2026-10-20\n  reponse_prefecture: [rendez_vous, api]\n" in texte
    assert "  cloture_le: 2026-11-02\n  cloture: api\n" in texte
    code, out, _ = run("suivi", str(chemin), "--date-du-jour", JOUR, "--json")
    ligne = json.loads(out)["lignes"][0]
    assert code == 0 and ligne["situation"] == "Clos : API obtenue" and ligne["cloture"] == "api"
    assert ligne["en_retard"] is False and ligne["echeances"] == [] and ligne["cloture_le"] == "2026-11-02"
    assert ligne["prochaine_action"]["court"] == "Aucune (dossier clos le 02/11/2026)"


def test_an_unknown_outcome_is_refused_with_the_accepted_codes(tmp_path, run, data, config):
    from conftest import write_dossier

    chemin = write_dossier(tmp_path / "d", data)
    avant = chemin.read_bytes()
    code, _, err = run("etape", str(chemin), "--cloture", "gagné")
    assert code == 2
    assert "« gagné » n'est pas une valeur acceptée" in err and "refere_accorde" in err
    assert chemin.read_bytes() == avant


def test_an_outcome_date_without_its_code_is_an_error(tmp_path, run, data, config):
    from conftest import write_dossier

    data["issue"] = {"cloture_le": "2026-11-02"}
    chemin = write_dossier(tmp_path / "d", data)
    code, out, err = run("verifier", str(chemin))
    assert code == 2
    assert "issue.cloture : obligatoire quand une date de clôture est indiquée" in out + err


def test_an_empty_folder_gives_an_empty_bilan_and_says_what_to_check(tmp_path, run, config):
    (tmp_path / "vide").mkdir()
    code, out, _ = run("bilan", str(tmp_path / "vide"))
    assert code == 0
    assert "Aucun dossier à compter : vérifiez le répertoire donné" in " ".join(out.split())


def test_the_outcome_is_asked_by_every_door():
    from lettres.dossier.parcours import section_of
    from lettres.dossier.questions import question, schema_columns

    colonnes = schema_columns()
    for cle in ("issue.reponse_prefecture_le", "issue.reponse_prefecture", "issue.cloture_le", "issue.cloture"):
        assert cle in colonnes  # a column of the lot spreadsheet, a field of the web form
        assert section_of(cle).titre == "L'issue du dossier"
    reponse = question("issue.reponse_prefecture_le")
    # asked in the interview once letter 2 has been sent; the close from the review screen
    assert not reponse.saisie.demandee({"envoi": {}})
    assert reponse.saisie.demandee({"envoi": {"envoye_le": "2026-10-01"}})
    assert question("issue.cloture").saisie.demander is False
    assert question("issue.cloture").choices()["refere_accorde"] == "Référé accordé"


def test_an_output_never_replaces_a_file_lettres_bilan_did_not_write(caseload, tmp_path, run, config):
    dossiers, _ = caseload
    dossier = tmp_path / "dossier.yaml"
    shutil.copy(sorted(dossiers.glob("*.yaml"))[0], dossier)
    avant = dossier.read_bytes()
    code, _, err = run("bilan", str(dossiers), "--html", str(dossier))
    assert code == 2 and dossier.read_bytes() == avant
    assert err.strip() == (
        f"Erreur : « {dossier} » existe et n'a pas été écrit par lettres bilan : choisissez un autre nom de fichier "
        "pour --html, ou supprimez celui-ci."
    )
    sorties = ["--html", tmp_path / "b.html", "--xlsx", tmp_path / "b.xlsx", "--json", tmp_path / "b.json",
               "--export", tmp_path / "e.json"]  # fmt: skip
    for _ in range(2):  # a bilan of last month is replaced by this month's
        code, _, err = run("bilan", str(dossiers), *map(str, sorties))
        assert code == 0, err
    code, _, err = run("bilan", str(dossiers), "--export", str(tmp_path / "b.json"))
    assert code == 2 and "pour --export" in err


@pytest.mark.parametrize(
    "fiche",
    [{"id": "a", "prefecture": "13", "mois_blocage": "mars"}, {"id": "a", "prefecture": "13"},
     {"id": "a", "prefecture": "13", "mois_blocage": "2026-03", "etapes": "1,2"}],
)  # fmt: skip
def test_an_export_with_a_damaged_record_is_refused(tmp_path, run, config, fiche):
    export = tmp_path / "abime.json"
    export.write_text(json.dumps({"format": "lettres-bilan", "version": 1, "fiches": [fiche]}), encoding="utf-8")
    code, _, err = run("bilan", "--fusionner", str(export))
    assert code == 2
    assert err.strip() == (
        f"Erreur : « {export} » n'est pas un export de lettres bilan (une fiche est incomplète) : fusionnez les "
        "fichiers écrits par « lettres bilan --export »."
    )


def test_a_salt_that_is_not_text_is_refused_in_the_configuration(tmp_path, run, monkeypatch):
    chemin = tmp_path / "config.yaml"
    chemin.write_text("bilan: [1, 2]\n", encoding="utf-8")
    monkeypatch.setenv("LETTRES_CONFIG", str(chemin))
    code, _, err = run("bilan", str(tmp_path))
    assert code == 2 and "bilan accepte la seule clé sel" in err


def test_a_record_reads_the_one_analysis_of_its_dossier(monkeypatch, data):
    """The bilan's record takes the situation and the steps from ``analyser``, as verifier/suivi/generer:
    the steps and the pièces are checked once per dossier (they were checked twice)."""
    import lettres.procedure.analyse as analyse
    from lettres.bilan.fiche import build_fiche
    from lettres.dossier import validate_dossier
    from lettres.procedure.situation import compute_situation

    appels: Counter[str] = Counter()
    for nom in ("etat_etapes", "controler_pieces"):
        original = getattr(analyse, nom)

        def compte(*args, _nom=nom, _original=original, **kwargs):
            appels[_nom] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(analyse, nom, compte)
    monkeypatch.setattr("lettres.procedure.situation.etat_etapes", lambda *_: pytest.fail("étapes recalculées"))
    monkeypatch.setattr("lettres.procedure.situation.controler_pieces", lambda *_: pytest.fail("pièces revues"))
    dossier = validate_dossier(data)
    fiche = build_fiche(dossier, AUJOURD_HUI, "sel")
    assert appels == {"etat_etapes": 1, "controler_pieces": 1}
    monkeypatch.undo()
    assert fiche.situation == compute_situation(dossier, AUJOURD_HUI).principale
    assert fiche.etapes == (1, 2, 3)
