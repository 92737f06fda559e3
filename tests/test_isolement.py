"""The suite is hermetic: each test has its own empty home, and the home of the person running the tests
(a configured lettres, another locale, time zone or terminal) changes none of its results."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import AUJOURD_HUI, FUSEAU, HOME_REEL, LOCALE, config_hostile, write_dossier
from lettres.yamlio import dump_yaml

ROOT = Path(__file__).resolve().parent.parent

# the tests that read the configuration when nothing names one: each failed when a configured lettres leaked in
SENSIBLES = [
    "tests/test_cli.py::test_generer_writes_the_documents",
    "tests/test_suivi_agenda.py::test_a_second_parser_reads_it",
    "tests/test_config.py::test_environment_variable_points_to_the_config",
    "tests/test_config.py::test_config_default_location_is_the_user_folder",
    "tests/test_config.py::test_dossier_without_accompagnant_takes_it_from_config",
    "tests/test_isolement.py::test_each_test_has_its_own_empty_home",
    "tests/test_isolement.py::test_today_is_pinned_where_asked",
]


def test_each_test_has_its_own_empty_home(isolement, tmp_path):
    from lettres.config import config_path

    assert Path.home() == isolement and Path.cwd() == isolement
    assert isolement != Path(HOME_REEL) and config_path() != Path(HOME_REEL) / ".config" / "lettres" / "config.yaml"
    assert config_path().is_relative_to(isolement) and not config_path().exists()
    assert not tmp_path.is_relative_to(isolement)  # a test's own files are not mixed with its home
    assert os.environ["TZ"] == FUSEAU and os.environ["LC_ALL"] == LOCALE == os.environ["LANG"]
    assert "LETTRES_CONFIG" not in os.environ
    # what a test starts inherits the same home: `lettres config` there sees an empty configuration
    done = subprocess.run(
        [sys.executable, "-m", "lettres", "config"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"Configuration : {config_path()} (pas encore créée)" in done.stdout
    assert "Aucun réglage" in done.stdout


def test_today_is_pinned_where_asked(aujourd_hui):
    assert aujourd_hui == AUJOURD_HUI == date.today()


def home_hostile(tmp_path: Path) -> dict[str, str]:
    """The environment of a caseworker who configured lettres (in the home and by LETTRES_CONFIG), far
    from Paris, with a terminal of her own: what a test must never see."""
    maison = tmp_path / "maison-reelle"
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir(parents=True)
    (maison / ".config" / "lettres").mkdir(parents=True)
    hostile = config_hostile(ailleurs)
    (maison / ".config" / "lettres" / "config.yaml").write_text(dump_yaml(hostile), encoding="utf-8")
    (ailleurs / "config.yaml").write_text(dump_yaml({**hostile, "rappel_jours": 2}), encoding="utf-8")
    env = {n: v for n, v in os.environ.items() if not n.startswith(("PYTEST_", "XDG_", "LC_", "LETTRES_TESTS_"))}
    return {
        **env,
        "HOME": str(maison),
        "XDG_CONFIG_HOME": str(maison / ".config"),
        "LETTRES_CONFIG": str(ailleurs / "config.yaml"),
        "LETTRES_CACHE": str(ailleurs / "config.yaml"),  # a file, not a folder
        "TZ": "Pacific/Kiritimati",  # UTC+14: another day than in Paris for half the day
        "LC_ALL": "tr_TR.UTF-8",
        "LANG": "tr_TR.UTF-8",
        "COLUMNS": "37",
        "NO_COLOR": "1",
    }


def test_the_hostile_configuration_is_read_by_lettres_itself(tmp_path, data):
    """Out of the tests, lettres does read that configuration: the préfecture's address is filled in."""
    env = home_hostile(tmp_path)
    path = write_dossier(tmp_path / "d", data)
    for extra in ({}, {"LETTRES_CONFIG": ""}):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "lettres",
                "generer",
                str(path),
                "--sortie",
                str(tmp_path / "s"),
                "--date",
                "2026-12-01",
                "--force",
            ],
            capture_output=True,
            text=True,
            env={**env, **extra},
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "Adresse électronique de la préfecture inconnue" not in done.stderr


def test_a_hostile_configuration_in_the_real_home_changes_nothing(tmp_path):
    """The tests that read the configuration, run with that home as the real one: they all pass."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "no:randomly",
            "--basetemp",
            str(tmp_path / "base"),
            *SENSIBLES,
        ],
        capture_output=True,
        text=True,
        env=home_hostile(tmp_path),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    resume = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.fullmatch(rf"{len(SENSIBLES)} passed in [\d.]+s( \([\d:]+\))?", resume), resume


def test_no_test_module_imports_another():
    """Helpers shared by several test files live in the helper modules (aides.py, conftest.py, web_outils.py,
    docx_texte.py…): a test module imported by another would run its module-level code twice and tie them."""
    tests = sorted((ROOT / "tests").glob("test_*.py"))
    modules = {p.stem for p in tests}
    found = []
    for path in tests:
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*(?:from (tests\.)?(\w+) import|import (tests\.)?(\w+))", line)
            if m and (m.group(2) in modules or m.group(4) in modules):
                found.append(f"{path.name} : {line.strip()}")
    assert not found, found
