"""``lettres suivi --ics``: a calendar that imports, updates instead of duplicating, and names no one."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import AUJOURD_HUI, write_dossier
from lettres.suivi import build_suivi
from lettres.yamlio import dump_yaml, parse_yaml
from suivi_cas import CAS, write_structure

JOUR = "27/11/2026"


@pytest.fixture
def structure(tmp_path) -> Path:
    return write_structure(tmp_path / "dossiers")


def events(path: Path) -> dict[str, dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and "lettres" in str(calendar["PRODID"])
    found = {}
    for ev in calendar.walk("VEVENT"):
        alarms = ev.walk("VALARM")
        found[str(ev["UID"])] = {
            "debut": ev.decoded("DTSTART"),
            "fin": ev.decoded("DTEND"),
            "resume": str(ev["SUMMARY"]),
            "description": str(ev["DESCRIPTION"]),
            "sequence": int(ev["SEQUENCE"]),
            "modifie": ev.decoded("LAST-MODIFIED"),
            "statut": str(ev.get("STATUS", "")),
            "rappels": [(str(a["ACTION"]), a.decoded("TRIGGER"), str(a["DESCRIPTION"])) for a in alarms],
        }
    return found


def test_every_deadline_on_its_day_with_a_reminder(run, structure, tmp_path):
    ics = tmp_path / "echeances.ics"
    code, out, err = run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics), "--rappel", "5")
    assert code == 1 and f"Écrit : {ics}" in out, err
    found = events(ics)
    attendu = [(e.date, e.libelle) for ligne in build_suivi([structure], AUJOURD_HUI).lignes for e in ligne.echeances]
    lus = [(ev["debut"], ev["resume"].split(" — ")[0].removesuffix(" (au plus tôt)")) for ev in found.values()]
    assert sorted(lus) == sorted(attendu)
    for ev in found.values():
        assert type(ev["debut"]) is date and ev["fin"] == ev["debut"] + timedelta(days=1)  # all-day
        assert ev["rappels"] == [("DISPLAY", timedelta(days=-5), f"Dans 5 jours : {ev['resume']}")]
        assert ev["sequence"] == 0
    keita = [ev for ev in found.values() if ev["resume"] == "Fin de l'API — M. K. (13)"]
    assert [ev["debut"] for ev in keita] == [date(2026, 11, 20)]
    assert (
        "L'attestation de prolongation de l'instruction (API) de M. K. expire le 20 novembre 2026."
        in keita[0]["description"]
    )
    assert any(ev["resume"] == "Rejet implicite (au plus tôt) — Y. H. (13)" for ev in found.values())
    (refere,) = [ev for ev in found.values() if ev["resume"] == "Référé possible — T. L. N. (13)"]
    assert refere["debut"] == date(2026, 11, 8)
    assert (
        "pour répondre au courrier envoyé pour T. L. N. a pris fin la veille : référé possible à partir du 8 novembre 2026."
        in (refere["description"])
    )
    # initials only: no name, no file name (it often is the name)
    texte = ics.read_text(encoding="utf-8")
    for data, *_ in CAS.values():
        assert data["personne"]["nom"] not in texte and data["personne"]["prenoms"] not in texte
    assert "recours-expire" not in texte
    assert oct(ics.stat().st_mode & 0o777) == "0o600"


def test_full_names_only_when_asked(run, structure, tmp_path):
    ics = tmp_path / "noms.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics), "--noms-complets")
    resumes = {ev["resume"] for ev in events(ics).values()}
    assert "Fin de l'API — Moussa KEITA (13)" in resumes
    assert any("lettres verifier" in ev["description"] for ev in events(ics).values())


def test_reimport_updates_the_same_events(run, structure, tmp_path):
    """Same UIDs from one run to the next, after a move and after an edit; SEQUENCE rises only on a change."""
    ics = tmp_path / "echeances.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    premier = events(ics)
    run("suivi", str(structure), "--date-du-jour", "28/11/2026", "--ics", str(ics))
    assert events(ics) == premier  # another day, nothing changed: the very same events
    # the dossier moves to another folder and its API is renewed
    source = structure / "api-expiree.yaml"
    data = parse_yaml(source.read_text(encoding="utf-8"))
    data["demande"]["document_provisoire_fin"] = date(2027, 2, 20)
    (structure / "2026").mkdir()
    (structure / "2026" / "keita.yaml").write_text(dump_yaml(data), encoding="utf-8")
    source.unlink()
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    second = events(ics)
    assert set(second) == set(premier)
    (uid,) = [u for u, ev in premier.items() if ev["resume"] == "Fin de l'API — M. K. (13)"]
    assert (second[uid]["debut"], second[uid]["sequence"]) == (date(2027, 2, 20), 1)
    assert second[uid]["modifie"] >= premier[uid]["modifie"]
    inchanges = [u for u in premier if u != uid]
    assert all(second[u] == premier[u] for u in inchanges)


def test_a_deadline_gone_is_cancelled(run, structure, tmp_path):
    ics = tmp_path / "echeances.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    premier = events(ics)
    (structure / "loin.yaml").unlink()
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    second = events(ics)
    (uid,) = [u for u, ev in premier.items() if ev["resume"] == "Fin du titre — I. P. (13)"]
    assert (second[uid]["statut"], second[uid]["sequence"], second[uid]["rappels"]) == ("CANCELLED", 1, [])
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    assert events(ics)[uid]["sequence"] == 1  # cancelled once, not again at every run


def test_avant_never_shrinks_the_calendar(run, structure, tmp_path):
    ics = tmp_path / "echeances.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics), "--avant", "5")
    assert not any(ev["statut"] for ev in events(ics).values())


def test_a_second_parser_reads_it(run, structure, tmp_path):
    import vobject

    ics = tmp_path / "echeances.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    calendar = vobject.readOne(ics.read_text(encoding="utf-8"))
    vevents = list(calendar.vevent_list)
    assert len(vevents) == len(events(ics))
    for ev in vevents:
        assert isinstance(ev.dtstart.value, date) and ev.dtstart.params.get("VALUE") == ["DATE"]
        assert ev.valarm.trigger.value == timedelta(days=-7) and ev.valarm.action.value == "DISPLAY"


def test_configured_reminder_and_a_file_that_is_not_a_calendar(run, structure, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("rappel_jours: 2\n", encoding="utf-8")
    ics = tmp_path / "echeances.ics"
    run("--config", str(config), "suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    assert {ev["rappels"][0][1] for ev in events(ics).values()} == {timedelta(days=-2)}
    dossier = structure / "loin.yaml"
    avant = dossier.read_bytes()
    code, _, err = run("suivi", str(structure), "--ics", str(dossier))
    assert code == 2 and "n'est pas un agenda écrit par lettres suivi" in err
    assert dossier.read_bytes() == avant


def test_same_person_in_two_files_gets_two_events(structure, tmp_path):
    from lettres.suivi.agenda import events as calendar_events

    write_dossier(structure / "double", copy.deepcopy(CAS["loin.yaml"][0]), "loin.yaml")
    evenements = calendar_events(build_suivi([structure], AUJOURD_HUI), 7)
    assert len({e.uid for e in evenements}) == len(evenements)


def test_a_dossier_broken_for_a_while_keeps_its_events(run, structure, tmp_path):
    ics = tmp_path / "echeances.ics"
    run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    premier = events(ics)
    loin = structure / "loin.yaml"
    texte = loin.read_text(encoding="utf-8")
    loin.write_text(texte.replace("date_naissance:", "date_naissance: [", 1), encoding="utf-8")  # a typo
    code, _, err = run("suivi", str(structure), "--date-du-jour", JOUR, "--ics", str(ics))
    assert code == 1 and "Illisible" in err
    assert events(ics) == premier  # nothing cancelled while it cannot be read
