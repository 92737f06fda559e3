"""Benchmark: ``lettres lot`` against the plain docxtpl loop, side by side in one run, on the same templates.

    python bench/bench_lot.py                      # 200 then 1,000 rows, both cores; the two ratios
    python bench/bench_lot.py --repetitions 3      # the same three times, median ratios (shared machine)
    python bench/bench_lot.py --lignes 1000 --echantillon 50 --jobs 1
    python bench/bench_lot.py --dossier /dev/shm   # both sides write to memory: the disk left out
    python bench/bench_lot.py --memoire            # peak RSS of « lettres lot » for 1,000 and 10,000 rows

The plain loop is what a script would do: for each letter, a new ``DocxTemplate``, ``render`` and
``save``, on a sample of the rows (half of it before the batch, half after, so that a change in the
machine's load weighs on both sides). Times are per Word document. ``lettres lot`` produces more than
the three Word documents of each row (e-mail drafts, text, pièces): all of it is counted against it,
and its start too: it runs in a fresh process (imports, reading the spreadsheet, preparing the
templates, starting the workers), after one two-row batch not counted, as on the machine of a user who
has run the tool before: Python's compiled modules kept (even where ``PYTHONDONTWRITEBYTECODE`` is set),
the prepared templates in the cache folder of the run. The load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
COLUMNS = [
    "id",
    "signataire",
    "consentement.date",
    "consentement.transmission_tiers",
    "personne.civilite",
    "personne.nom",
    "personne.prenoms",
    "personne.date_naissance",
    "personne.nationalite",
    "personne.adresse",
    "personne.courriel",
    "personne.numero_etranger",
    "demande.nature",
    "demande.titre",
    "demande.prefecture",
    "demande.date_depot",
    "demande.titre_actuel_expiration",
    "blocage.types",
    "blocage.depuis",
    "blocage.message_erreur",
    "blocage.consequences",
    "accompagnant.nom",
    "accompagnant.prenom",
    "accompagnant.structure",
    "orientation.vers",
    "orientation.structure",
    "orientation.courriel",
]


def write_input(folder: Path, rows: int) -> tuple[Path, Path]:
    """A realistic spreadsheet: every row with three démarches and one screenshot."""
    (folder / "captures").mkdir(parents=True, exist_ok=True)
    (folder / "captures" / "erreur.png").write_bytes(PNG)
    dossiers, demarches = folder / "cas.csv", folder / "cas-demarches.csv"
    with (
        open(dossiers, "w", encoding="utf-8-sig", newline="") as f_d,
        open(demarches, "w", encoding="utf-8-sig", newline="") as f_m,
    ):
        w_d, w_m = csv.writer(f_d, delimiter=";"), csv.writer(f_m, delimiter=";")
        w_d.writerow(COLUMNS)
        w_m.writerow(["dossier", "type", "date", "heure", "detail", "resultat", "pieces"])
        for i in range(rows):
            ident = f"D{i:05d}"
            w_d.writerow(
                [
                    ident,
                    "accompagnant",
                    "01/10/2026",
                    "oui",
                    "madame" if i % 2 else "monsieur",
                    f"NOM{i}",
                    "Aminata Fatou",
                    "12/04/1990",
                    "guinéenne",
                    "12 rue des Lilas\n13003 Marseille",
                    "personne@example.org",
                    f"{7500000000 + i}",
                    "renouvellement",
                    "carte de séjour pluriannuelle « salarié »",
                    "13",
                    "20/09/2026",
                    "15/12/2026",
                    "erreur_validation",
                    "20/09/2026",
                    "Une erreur technique est survenue",
                    "Risque de perdre son emploi.",
                    "MARTIN",
                    "Paul",
                    "Association Exemple",
                    "juriste",
                    "ESPACE",
                    "juridique@espace.asso.fr",
                ]
            )
            w_m.writerow(
                [ident, "capture_ecran", "20/09/2026", "10:42", "Erreur à la validation", "", "captures/erreur.png"]
            )
            w_m.writerow([ident, "appel_anef", "01/10/2026", "09:15", "Appel au 0 806 001 620", "ticket n° 1234", ""])
            w_m.writerow([ident, "demande_rdv", "08/10/2026", "", "Formulaire du PAN", "aucun créneau", ""])
    return dossiers, demarches


def run_lot(source: Path, sortie: Path, jobs: int) -> tuple[float, int]:
    """``lettres lot`` as the command runs it: its imports and start are counted (call it in a fresh process)."""
    start = time.perf_counter()
    from lettres.config import Configuration
    from lettres.lot import Options, run_batch

    bilan = run_batch(
        source, Options(sortie=sortie, jobs=jobs, aujourd_hui=date(2026, 11, 27)), Configuration(sortie / "aucune.yaml")
    )
    elapsed = time.perf_counter() - start
    assert not bilan.rejets, bilan.rejets[:3]
    return elapsed, bilan.generes


def installed_env(folder: Path) -> dict[str, str]:
    """The environment of a user's machine: Python keeps its compiled modules (an installed package has them;
    ``PYTHONDONTWRITEBYTECODE``, set on some development machines, would compile every module at each start),
    here in a folder of the run, and the template cache is the run's own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(folder / "pycache"), "LETTRES_CACHE": str(folder / "cache")}


def warm_up(folder: Path, jobs: int) -> None:
    """One small batch before the measure, as a user has run the tool before: modules compiled, templates cached."""
    source, _ = write_input(folder / "echauffement", 2)
    run_lot_cold(source, folder / "echauffement" / "sorties", jobs, installed_env(folder))


def run_lot_cold(source: Path, sortie: Path, jobs: int, env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """run_lot in a new Python process: nothing imported or loaded beforehand by the plain loop's side. Also the
    processor time of that process and its workers (Python's own start included)."""
    code = (
        "import json, resource, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from bench_lot import run_lot; r = run_lot(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]));"
        "u, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps([*r, u.ru_utime + u.ru_stime + c.ru_utime + c.ru_stime]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(source), str(sortie), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    elapsed, count, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return elapsed, count, cpu


def plain_contexts(source: Path, sample: int, sortie: Path) -> list[dict]:
    """The contexts of the first ``sample`` rows, built outside the timed loop."""
    from lettres.documents.contexte import build_context
    from lettres.dossier import validate_dossier
    from lettres.dossier.questions import DEMARCHE_COLUMNS, schema_columns
    from lettres.lot.demarches import DemarchesIndex
    from lettres.lot.execution import _column_map, _row_data
    from lettres.lot.tableur import open_table

    sortie.mkdir(parents=True, exist_ok=True)
    feuille = open_table(source)
    headers, rows = feuille.headers, feuille.rows()
    mapping = _column_map(headers, ["id", *schema_columns()], "dossiers", [])
    index = DemarchesIndex()
    feuille_d = open_table(source.with_name("cas-demarches.csv"))
    d_headers, d_rows = feuille_d.headers, feuille_d.rows()
    index.load(d_rows, _column_map(d_headers, DEMARCHE_COLUMNS, "demarches", []), source.parent)
    contexts = []
    for row in rows:
        ident, data = _row_data(row, mapping)
        data["demarches"] = [d for _, d in index.of(ident)]
        contexts.append(build_context(validate_dossier(data), date(2026, 11, 27), source.parent))
        if len(contexts) == sample:
            break
    index.close()
    return contexts


def run_plain_loop(contexts: list[dict], sortie: Path) -> tuple[float, int]:
    """The plain docxtpl loop: new DocxTemplate, render, save, per letter."""
    from docxtpl import DocxTemplate

    from lettres.documents.generation import DOCUMENTS
    from lettres.documents.rendu import docx_template_path, jinja_env

    # the letters a batch row writes (the référé draft only appears when the row's situation calls for it)
    templates = [d.docx for d in DOCUMENTS if d.docx and d.code != "refere"]

    env = jinja_env()
    start = time.perf_counter()
    count = 0
    for i, ctx in enumerate(contexts):
        for name in templates:
            template = DocxTemplate(docx_template_path(name))
            template.render(ctx, env)
            template.save(sortie / f"{i}-{name}")
            count += 1
    return time.perf_counter() - start, count


def compare(rows: int, sample: int, jobs: int, where: str | None = None) -> float:
    """One side by side run; prints it and returns how many times faster per Word document."""
    with tempfile.TemporaryDirectory(prefix="lettres-bench-", dir=where) as tmp:
        folder = Path(tmp)
        source, _ = write_input(folder, rows)
        contexts = plain_contexts(source, sample, folder / "boucle")
        half = len(contexts) // 2
        warm_up(folder, jobs)
        plain_cpu = time.process_time()
        before_seconds, before_docs = run_plain_loop(contexts[:half], folder / "boucle")
        plain_cpu = time.process_time() - plain_cpu
        lot_seconds, dossiers, lot_cpu = run_lot_cold(source, folder / "lot", jobs, installed_env(folder))
        plain_cpu -= time.process_time()
        after_seconds, after_docs = run_plain_loop(contexts[half:], folder / "boucle")
        plain_cpu += time.process_time()
        plain_seconds, plain_docs = before_seconds + after_seconds, before_docs + after_docs
        lot_docs = dossiers * 3
        per_lot = lot_seconds / lot_docs * 1000
        per_plain = plain_seconds / plain_docs * 1000
        size = sum(f.stat().st_size for f in (folder / "lot").rglob("*") if f.is_file())
        print(f"charge moyenne   : {os.getloadavg()[0]:.2f} (2 cœurs ; au-delà de 0,5 la machine n'est pas au repos)")
        print(
            f"lettres lot      : {dossiers} dossiers, {lot_docs} documents Word (et {dossiers * 3} brouillons .eml, "
            f"{dossiers} .txt, pièces) en {lot_seconds:.1f} s avec {jobs} processus — {per_lot:.2f} ms par document Word"
        )
        print(
            f"boucle docxtpl   : {plain_docs} documents Word en {plain_seconds:.1f} s — {per_plain:.2f} ms par document"
        )
        print(
            f"rapport          : lettres lot est {per_plain / per_lot:.1f} fois plus rapide par document ; sortie {size / 1e6:.0f} Mo"
        )
        print(
            f"processeur       : lot {lot_cpu:.1f} s (processus principal et de rendu, démarrage de Python compris), "
            f"boucle {plain_cpu:.1f} s — {plain_cpu / plain_docs * lot_docs / lot_cpu:.1f} fois moins par document"
        )
        return per_plain / per_lot


def peak_rss(rows: int, jobs: int) -> dict:
    """Run the batch in a fresh process; report its peak RSS and its workers' (MiB)."""
    code = (
        "import json, resource, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from bench_lot import write_input, run_lot; folder = Path(sys.argv[2]);"
        "source, _ = write_input(folder, int(sys.argv[3]));"
        "t, n = run_lot(source, folder / 'sorties', int(sys.argv[4]));"
        "print(json.dumps({'lignes': n, 'secondes': round(t, 1),"
        "'rss_principal_mio': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),"
        "'rss_max_processus_fils_mio': round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}))"
    )
    with tempfile.TemporaryDirectory(prefix="lettres-bench-") as folder:
        done = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent), folder, str(rows), str(jobs)],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, nargs="+", default=[200, 1000], help="rows of each run")
    parser.add_argument("--echantillon", type=int, default=100, help="rows rendered by the plain docxtpl loop")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memoire", action="store_true", help="peak RSS for 1,000 and 10,000 rows")
    parser.add_argument(
        "--dossier", help="where both sides write (default: the temporary folder), e.g. /dev/shm to leave the disk out"
    )
    parser.add_argument("--repetitions", type=int, default=1, help="runs of each size; the median ratio is kept")
    args = parser.parse_args()
    if args.memoire:
        for rows in (1000, 10000):
            print(json.dumps(peak_rss(rows, args.jobs), ensure_ascii=False))
        return
    ratios: dict[int, list[float]] = {}
    for _ in range(args.repetitions):
        for rows in args.lignes:
            ratios.setdefault(rows, []).append(compare(rows, min(args.echantillon, rows), args.jobs, args.dossier))
    print(
        "en résumé        : "
        + " ; ".join(f"{r} lignes : {statistics.median(x):.1f} fois" for r, x in ratios.items())
        + (f" (médianes de {args.repetitions} mesures)" if args.repetitions > 1 else "")
    )


if __name__ == "__main__":
    main()
