"""Benchmark: how long the everyday commands take, each in a fresh process, as a user types them.

    python bench/bench_demarrage.py                # 5 runs of each command: median and best
    python bench/bench_demarrage.py --fois 9
    python bench/bench_demarrage.py --imports      # the slowest imports of « lettres lot » (python -X importtime)
    python bench/bench_demarrage.py --premiere-lettre --fois 10   # a one-row batch up to its first letter begun
    python bench/bench_demarrage.py --instructions   # the same, in instructions (valgrind): load-independent

Measured: ``lettres --help``, ``lettres lot --help``, ``lettres lot`` of a one-row spreadsheet (three
démarches, one screenshot: the start of any batch, up to its first and only letters) and ``lettres generer``
of the demo dossier (every letter, the e-mail drafts, the bordereau, no PDF). Each run has its own output
folder; Python's compiled modules and the template cache (``LETTRES_CACHE``) are kept between runs, as on a
user's machine, after one run not counted. The machine's load average is printed with the figures: on a shared machine, compare runs
made under the same load; the processor time (median, the command and its worker processes) depends less on it.

``--premiere-lettre`` times ``lettres lot`` of the one-row spreadsheet from the moment the process is started to
the moment its row's generation begins (``generate`` called: spreadsheet read, row validated) and to the moment
its first Word letter begins (``render_docx`` called), and to its end. The command runs unchanged; a hook placed
in front of Python's import system (no module imported for it) notes the time when those two functions are called.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lot import installed_env, write_input


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall-clock seconds, processor seconds of the command and its children)."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} : code {done.returncode}\n{done.stdout}\n{done.stderr}")
    return elapsed, cpu


def commands(folder: Path, env: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The measured commands; the inputs they need are written in ``folder``."""
    lettres = [sys.executable, "-m", "lettres"]
    source, _ = write_input(folder / "tableur", 1)
    subprocess.run(
        [*lettres, "demo", "--sortie", str(folder / "demo")], env=env, cwd=folder, check=True, capture_output=True
    )
    demo = next((folder / "demo").rglob("dossier.yaml"))
    return [
        ("lettres --help", [*lettres, "--help"]),
        ("lettres lot --help", [*lettres, "lot", "--help"]),
        ("lettres lot (une ligne)", [*lettres, "lot", str(source), "--silencieux", "--sortie", "{sortie}"]),
        ("lettres generer (dossier de démo)", [*lettres, "generer", str(demo), "--sortie", "{sortie}"]),
    ]


def measure(fois: int) -> list[tuple[str, list[tuple[float, float]]]]:
    with tempfile.TemporaryDirectory(prefix="bench-demarrage-") as tmp:
        folder = Path(tmp)
        env = {**installed_env(folder), "LETTRES_CONFIG": str(folder / "config.yaml"), "HOME": str(folder)}
        rows = []
        for label, command in commands(folder, env):
            times = []
            for i in range(fois + 1):  # the first run fills the template cache: not counted
                run = [part.replace("{sortie}", str(folder / "sorties" / f"{len(rows)}-{i}")) for part in command]
                elapsed = timed(run, env, folder)
                if i:
                    times.append(elapsed)
            rows.append((label, times))
        return rows


# run in the child process: the command unchanged, the clock read when the row's generation and its first Word
# letter begin; nothing is imported for the hook (a duck-typed finder, runpy is what « python -m » uses)
HOOK = """
import os, sys, time, runpy
from importlib.machinery import PathFinder
start = float(sys.argv.pop(1))
marks = {}
def note(name):
    marks.setdefault(name, time.time() - start)
class Hook:
    def find_spec(self, fullname, path, target=None):
        if fullname not in ("lettres.documents.generation", "lettres.documents.rendu"):
            return None
        spec = PathFinder.find_spec(fullname, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            for name in ("generate", "render_docx"):
                if hasattr(module, name):
                    def noted(*args, _f=getattr(module, name), _name=name, **kwargs):
                        note(_name)
                        return _f(*args, **kwargs)
                    setattr(module, name, noted)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Hook())
sys.argv[0] = "lettres"
try:
    runpy.run_module("lettres", run_name="__main__", alter_sys=True)
finally:
    note("fin")
    sys.stderr.write("MARQUES " + " ".join(f"{k}={v:.4f}" for k, v in marks.items()) + "\\n")
"""


def first_letter(fois: int) -> list[dict[str, float]]:
    """Seconds from the start of « lettres lot » (one row) to its row's generation, its first Word letter, its end."""
    with tempfile.TemporaryDirectory(prefix="bench-premiere-") as tmp:
        folder = Path(tmp)
        env = {**installed_env(folder), "LETTRES_CONFIG": str(folder / "config.yaml"), "HOME": str(folder)}
        source, _ = write_input(folder / "tableur", 1)
        runs = []
        for i in range(fois + 1):  # the first run compiles the modules and fills the template cache: not counted
            command = [sys.executable, "-c", HOOK, "", "lot", str(source), "--silencieux"]
            command += ["--sortie", str(folder / "sorties" / str(i))]
            command[3] = repr(time.time())
            done = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True)
            line = next((x for x in done.stderr.splitlines() if x.startswith("MARQUES ")), "")
            if done.returncode != 0 or "render_docx" not in line:
                raise SystemExit(f"lettres lot : code {done.returncode}\n{done.stdout}\n{done.stderr}")
            if i:
                runs.append({k: float(v) for k, v in (m.split("=") for m in line.split()[1:])})
        return runs


# run under valgrind: the same command, stopped (os._exit) when its first Word letter begins
STOP = HOOK.replace(
    "                        note(_name)\n",
    "                        note(_name)\n                        if _name == 'render_docx':\n"
    "                            os._exit(0)\n",
)
assert "os._exit" in STOP, "the hook above changed: say where the command stops"


def instructions() -> float:
    """Millions of instructions from the start of « lettres lot » (one row) to its first Word letter begun, counted
    by ``valgrind --tool=callgrind``: the same from one run to the next, whatever the machine's load."""
    import re
    import shutil

    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind est introuvable : installez-le (paquet valgrind) pour compter les instructions.")
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        folder = Path(tmp)
        env = {**installed_env(folder), "LETTRES_CONFIG": str(folder / "config.yaml"), "HOME": str(folder)}
        source, _ = write_input(folder / "tableur", 1)
        command = [sys.executable, "-c", STOP, "0", "lot", str(source), "--silencieux", "--sortie"]
        for i in range(2):  # modules compiled, templates and caches filled: not counted
            subprocess.run([*command, str(folder / f"s{i}")], env=env, cwd=folder, capture_output=True, check=True)
        out = folder / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command, str(folder / "s")],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
        )
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"valgrind : {done.stderr[-2000:]}")
        return int(found.group(1)) / 1e6


def imports() -> None:
    """The twenty slowest imports (cumulative) of ``lettres lot --help``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lettres", "lot", "--help"], capture_output=True, text=True
    )
    lines = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    parsed = [(int(cumul), name.rstrip()) for _, cumul, name in (line for line in lines[1:] if len(line) == 3)]
    for cumul, name in sorted(parsed, reverse=True)[:20]:
        print(f"{cumul / 1000:8.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fois", type=int, default=5, help="runs of each command (median and best kept)")
    parser.add_argument("--imports", action="store_true", help="the slowest imports of « lettres lot --help »")
    parser.add_argument(
        "--premiere-lettre", action="store_true", help="a one-row batch up to its row's generation and first letter"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="instructions of a one-row batch up to its first letter (valgrind --tool=callgrind)",
    )
    args = parser.parse_args()
    if args.instructions:
        print(f"lettres lot (une ligne) jusqu'à la première lettre Word : {instructions():.0f} millions d'instructions")
        return
    if args.imports:
        imports()
        return
    if args.premiere_lettre:
        load = os.getloadavg()[0]
        runs = first_letter(args.fois)
        print(f"{os.cpu_count()} cœurs, charge moyenne {load:.2f} avant, {os.getloadavg()[0]:.2f} après ; {args.fois} mesures")
        for key, label in (("generate", "ligne validée, génération commencée"), ("render_docx", "première lettre Word commencée"), ("fin", "lot terminé")):
            times = sorted(r[key] for r in runs)
            print(f"{label:36} médiane {statistics.median(times):.3f} s, meilleure {times[0]:.3f} s, pire {times[-1]:.3f} s")
        return
    load = os.getloadavg()[0]
    rows = measure(args.fois)
    print(
        f"{os.cpu_count()} cœurs, charge moyenne {load:.2f} avant, {os.getloadavg()[0]:.2f} après ; {args.fois} mesures"
    )
    print(f"{'':36} {'médiane':>10} {'meilleure':>10} {'processeur':>11}")
    for label, times in rows:
        wall, cpu = [t for t, _ in times], [c for _, c in times]
        print(f"{label:36} {statistics.median(wall):>9.2f}s {min(wall):>9.2f}s {statistics.median(cpu):>10.2f}s")


if __name__ == "__main__":
    main()
