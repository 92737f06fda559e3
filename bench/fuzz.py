"""The long fuzz: the fuzz tests of the suite (tests/test_fuzz.py) with many more examples, new ones each run.

    python bench/fuzz.py               # 50 times the examples of the test command (LETTRES_FUZZ=long)
    python bench/fuzz.py --fois 200    # 200 times: a night's run

A failing example is printed with the line that replays it (@reproduce_failure); keep it as an ordinary
test in tests/test_trouvailles.py once the bug is fixed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fois", type=int, default=50, help="multiplie le nombre d'exemples (par défaut 50)")
    args = parser.parse_args()
    env = {**os.environ, "LETTRES_FUZZ": str(args.fois)}
    commande = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics"]
    sys.exit(subprocess.run([*commande, str(RACINE / "tests" / "test_fuzz.py")], env=env, cwd=RACINE).returncode)


if __name__ == "__main__":
    main()
