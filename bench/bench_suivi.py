"""Benchmark: ``lettres suivi`` on a structure's caseload (500 dossiers by default), cold and in-process.

    python bench/bench_suivi.py                       # 500 dossiers, 5 cold runs: median, best, peak RSS
    python bench/bench_suivi.py --dossiers 2000       # memory should stay flat
    python bench/bench_suivi.py --repetitions 9

« Cold » is a fresh process each time (``lettres suivi DIR --json``: Python's start, the imports, the data
files, every dossier read, validated and evaluated); the files themselves are in the system's cache, as
they are for a caseworker who runs it twice. The in-process figure is the library call alone
(``build_suivi``), what the web page pays once its process is up. Dossiers vary: situations, démarches
(3 to 12), long texts, API or récépissé, letter 2 sent or not, a few in sub-folders, plus drafts and a
configuration file that must be left aside.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AUJOURD_HUI = date(2026, 11, 27)
NOMS = ["DIALLO", "KEITA", "NGUYEN", "BENALI", "SOW", "TRAORE", "MENDES", "OKAFOR", "HADDAD", "DIOP", "N'DIAYE"]
PRENOMS = ["Aminata", "Moussa", "Thi Lan", "Karim", "Mariama", "Awa", "Ana Paula", "Chinedu", "Yasmine", "Jean-Marc"]
TYPES = ["capture_ecran", "formulaire_contact", "courriel_dgef", "appel_anef", "demande_rdv", "visite_pan"]
BLOCAGES = ["erreur_validation", "televersement", "compte_creation", "pas_api", "api_expiree", "instruction_bloquee"]


def dossier_yaml(i: int, rng: random.Random) -> str:
    """One dossier as a caseworker's file: comments, multi-line texts, dates in both notations."""
    jour = lambda n: (AUJOURD_HUI + timedelta(days=n)).isoformat()  # noqa: E731
    depot = rng.random() < 0.7
    lines = [
        "# dossier suivi par l'association",
        "version: 1",
        "signataire: personne",
        "consentement:",
        f"  date: {jour(-rng.randint(30, 300))}",
        "  transmission_tiers: oui",
        "personne:",
        f"  civilite: {rng.choice(['madame', 'monsieur'])}",
        f'  nom: "{rng.choice(NOMS)}-{i}"',
        f"  prenoms: {rng.choice(PRENOMS)}",
        f"  date_naissance: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1960, 2004)}",
        "  lieu_naissance: Bamako (Mali)",
        "  nationalite: malienne",
        "  adresse: |",
        f"    {i} rue des Lilas",
        "    13003 Marseille",
        f"  courriel: personne{i}@example.org",
        '  telephone: "06 12 34 56 78"',
        f'  numero_etranger: "{7500000000 + i}"',
        "demande:",
        "  nature: renouvellement",
        "  titre: carte de séjour pluriannuelle « salarié »",
        f'  prefecture: "{rng.choice(["13", "06", "83", "84", "04", "05", "2A", "2B"])}"',
        f"  titre_actuel_expiration: {jour(rng.randint(-200, 300))}",
    ]
    if depot:
        lines.append(f"  date_depot: {jour(-rng.randint(5, 250))}")
        if rng.random() < 0.4:
            lines += [
                f"  document_provisoire: {rng.choice(['api', 'recepisse'])}",
                f"  document_provisoire_fin: {jour(rng.randint(-40, 90))}",
            ]
    lines += [
        "blocage:",
        f"  types: [{rng.choice(BLOCAGES)}]",
        f"  depuis: {jour(-300)}",
        "  message_erreur: Une erreur technique est survenue",
        "  description: >",
        "    "
        + "Le téléversement échoue à chaque tentative avec le même message, si bien que la demande reste incomplète. "
        * rng.randint(1, 4),
        "  consequences: |",
        "    Son employeur ne pourra pas la maintenir dans son poste sans titre valable.",
        "demarches:",
    ]
    for n in range(rng.randint(3, 12)):
        lines += [
            f"  - type: {rng.choice(TYPES)}",
            f"    date: {jour(-290 + n * 9)}",
            f'    heure: "{rng.randint(8, 17)}:{rng.randint(0, 59):02d}"',
            "    detail: Nouvelle tentative, même message d'erreur",
            "    resultat: aucun créneau disponible",
        ]
    if rng.random() < 0.4:
        envoi = jour(-rng.randint(1, 60))
        lines += [
            f"  - type: courrier_prefecture\n    date: {envoi}\n    detail: LRAR",
            "envoi:",
            f"  envoye_le: {envoi}",
        ]
    lines += [
        "accompagnant:",
        "  civilite: monsieur",
        "  nom: MARTIN",
        "  prenom: Paul",
        "  structure: Association Exemple",
        "  courriel: paul.martin@exemple.org",
        "orientation:",
        "  vers: juriste",
        "  structure: ESPACE",
        "  courriel: juridique@espace.asso.fr",
    ]
    return "\n".join(lines) + "\n"


def write_caseload(folder: Path, n: int) -> None:
    rng = random.Random(42)
    for i in range(n):
        sub = folder / (f"{2020 + i % 7}" if i % 3 == 0 else "")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"dossier-{i:04d}.yaml").write_text(dossier_yaml(i, rng), encoding="utf-8")
        if i % 50 == 0:
            (sub / f"dossier-{i:04d}.brouillon.yaml").write_text("personne:\n  nom: X\n", encoding="utf-8")
    (folder / "config.yaml").write_text("prefecture: '13'\n", encoding="utf-8")


COLD = """
import resource, sys, time
t = time.perf_counter()
sys.argv = ["lettres", "suivi", sys.argv[1], "--json", "--date-du-jour", "27/11/2026"]
code = 0
try:
    import runpy
    runpy.run_module("lettres", run_name="__main__")
except SystemExit as exc:
    code = exc.code
finally:
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stderr.write(f"\\nMESURE {wall} {me.ru_utime + me.ru_stime} {child.ru_utime + child.ru_stime} {me.ru_maxrss} {code}\\n")
"""


def cold_run(folder: Path) -> tuple[float, float, float, int]:
    """One fresh process running ``lettres suivi``: wall time; processor time of the main process (what
    the wall time would be on an idle machine: the second process reads its share at the same time) and
    of both processes; peak RSS of the main process in KiB."""
    out = subprocess.run([sys.executable, "-c", COLD, str(folder)], capture_output=True, text=True)
    mesure = out.stderr.rsplit("MESURE ", 1)[-1].split()
    wall, me, child, rss, code = mesure
    if code not in ("0", "1"):
        raise SystemExit(f"lettres suivi a échoué ({code}) : {out.stderr}")
    return float(wall), float(me), float(me) + float(child), int(rss)


def library_call(folder: Path, processus: int) -> tuple[float, float]:
    """``build_suivi`` in this process (already started): best wall time of three, and its processor time,
    the workers' included."""
    from lettres.suivi import build_suivi

    best = (float("inf"), 0.0)
    for _ in range(3):
        avant = resource.getrusage(resource.RUSAGE_CHILDREN)
        t, c = time.perf_counter(), time.process_time()
        build_suivi([folder], AUJOURD_HUI, processus=processus)
        apres = resource.getrusage(resource.RUSAGE_CHILDREN)
        enfants = (apres.ru_utime + apres.ru_stime) - (avant.ru_utime + avant.ru_stime)
        best = min(best, (time.perf_counter() - t, time.process_time() - c + enfants))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=500)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dossiers"
        write_caseload(folder, args.dossiers)
        runs = [cold_run(folder) for _ in range(args.repetitions)]
        times = [r[0] for r in runs]
        principal = [r[1] for r in runs]
        cpus = [r[2] for r in runs]
        rss = max(r[3] for r in runs)
        from lettres.suivi import build_suivi

        suivi = build_suivi([folder], AUJOURD_HUI)
        assert len(suivi.lignes) == args.dossiers and not suivi.problemes, (len(suivi.lignes), suivi.problemes[:3])
        appels = {n: library_call(folder, n) for n in (1, 2)}
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{args.dossiers} dossiers, lettres suivi --json dans un processus neuf ({args.repetitions} fois) :")
    print(
        f"  temps réel : médiane {statistics.median(times):.2f} s, meilleur {min(times):.2f} s (charge de la machine : "
        f"{os.getloadavg()[0]:.1f})"
    )
    print(
        f"  temps processeur du processus principal (le temps réel d'une machine au repos) : médiane "
        f"{statistics.median(principal):.2f} s, meilleur {min(principal):.2f} s ; des deux processus : médiane "
        f"{statistics.median(cpus):.2f} s"
    )
    print(f"  pic de mémoire du processus principal : {rss / 1024:.0f} Mio")
    for n, (reel, cpu) in appels.items():
        print(
            f"appel de la bibliothèque (build_suivi, {n} processus) : {reel:.2f} s de temps réel, {cpu:.2f} s de "
            f"processeur ({1000 * cpu / args.dossiers:.2f} ms par dossier)"
        )
    print(f"  pic de mémoire de ce processus : {peak / 1024:.0f} Mio")


if __name__ == "__main__":
    main()
