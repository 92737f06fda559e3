"""Times ``lettres bilan`` as a user runs it (a new process each time): the demo situations plus 300 generated
dossiers, then the merge of two exports of 50,000 invented records each.

    python bench/bench_bilan.py [--nombre 300] [--fiches 50000] [--fois 5]

Prints the median and best wall-clock time, and the processor time of the command and its children.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _lancer(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and processor time (user + system, children included) of one run."""
    avant = resource.getrusage(resource.RUSAGE_CHILDREN)
    debut = time.perf_counter()
    subprocess.run([sys.executable, "-m", "lettres", *args], env=env, cwd=cwd, check=True, capture_output=True)
    reel = time.perf_counter() - debut
    apres = resource.getrusage(resource.RUSAGE_CHILDREN)
    return reel, (apres.ru_utime - avant.ru_utime) + (apres.ru_stime - avant.ru_stime)


def _mesurer(nom: str, args: list[str], env: dict[str, str], cwd: Path, fois: int) -> None:
    mesures = [_lancer(args, env, cwd) for _ in range(fois)]
    reels = [m[0] for m in mesures]
    cpu = [m[1] for m in mesures]
    print(
        f"{nom} : {statistics.median(reels):.2f} s réel en médiane de {fois} ({min(reels):.2f} s au mieux), "
        f"{statistics.median(cpu):.2f} s de processeur ; charge {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nombre", type=int, default=300)
    parser.add_argument("--fiches", type=int, default=50000)
    parser.add_argument("--fois", type=int, default=5)
    args = parser.parse_args(argv)

    import generer_dossiers

    from lettres.demo import demo_folder, situations_demo

    with tempfile.TemporaryDirectory(prefix="bench-bilan-") as tmp:
        racine = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "LETTRES_CONFIG": str(racine / "config.yaml")}
        essai = racine / "essai"
        (essai / "demo").mkdir(parents=True)
        for situation in situations_demo():
            source = demo_folder() / "situations" / f"{situation}.yaml"
            if source.is_file():
                shutil.copy(source, essai / "demo" / f"{situation}.yaml")
        generer_dossiers.generer(essai / "generes", args.nombre)
        _mesurer(
            f"lettres bilan ({args.nombre} dossiers générés + démo)", ["bilan", str(essai)], env, racine, args.fois
        )
        for graine in (1, 2):
            generer_dossiers.export_fictif(racine / f"export-{graine}.json", args.fiches, graine)
        fusion = ["bilan", "--fusionner", str(racine / "export-1.json"), str(racine / "export-2.json")]
        _mesurer(f"lettres bilan --fusionner (2 × {args.fiches} fiches)", fusion, env, racine, max(1, args.fois // 2))


if __name__ == "__main__":
    main()
