"""PDF copies of the documents (Word letters and the DGEF report), made by LibreOffice (``soffice --headless --convert-to pdf``).

Batched (one call converts many files: about 60 ms a document instead of 0.8 s), with an isolated
profile (concurrent calls sharing the default profile fail, docs/bibliotheques.md), a timeout, and a
check that every PDF exists (LibreOffice may exit 0 without writing it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection
from functools import cache
from pathlib import Path

from lettres.erreurs import LettresError

# LibreOffice loads what a document links to (an image, a font) when it opens it: in the profile, the
# links are blocked and never updated; on Linux it also runs without any network (unshare)
PROFIL = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseOpenCL" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

TIMEOUT = 300
BATCH = 200
WINDOWS_PATHS = [
    Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
    for v in ("PROGRAMFILES", "PROGRAMFILES(X86)")
    if os.environ.get(v)
]
INSTALL = (
    "LibreOffice est nécessaire pour les PDF : sous Debian ou Ubuntu, « sudo apt-get install "
    "libreoffice-writer-nogui » ; sous Windows ou macOS, téléchargez-le sur libreoffice.org. "
    "Les documents Word ont bien été produits."
)


class PdfImpossible(LettresError):
    pass


@cache
def without_network() -> tuple[str, ...]:
    """The command prefix that runs LibreOffice in a network namespace of its own (no interface but a
    loopback that is down): Linux with ``unshare``; empty elsewhere, where the profile blocks links."""
    import sys

    unshare = shutil.which("unshare") if sys.platform.startswith("linux") else None
    if unshare is None:
        return ()
    prefixes: list[tuple[str, ...]] = [(unshare, "--user", "--map-root-user", "--net")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefixes.insert(0, (unshare, "--net"))
    for prefix in prefixes:
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            continue
    return ()


def find_soffice() -> str | None:
    """LibreOffice's command, on PATH or in its usual Windows folder."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(p) for p in WINDOWS_PATHS if p.is_file()), None)


# plain-text documents (the DGEF report) are read as UTF-8, in the letters' font
TEXT_FILTER = "--infilter=Text (encoded):UTF8,LF,Liberation Sans,fr-FR"


def convert(documents: list[Path]) -> list[Path]:
    """Write ``X.pdf`` beside each ``X.docx`` (or ``X.txt``); few LibreOffice calls, each with its own profile."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfImpossible(INSTALL)
    written = []
    # Word documents (and the other formats Writer reads: the référé's pièces), then plain text with its filter
    for suffix in ("", ".txt"):
        group = [d for d in documents if (d.suffix == ".txt") == (suffix == ".txt")]
        for start in range(0, len(group), BATCH):
            written += _convert_batch(soffice, group[start : start + BATCH], [TEXT_FILTER] if suffix == ".txt" else [])
    return written


def convert_folders(folders: list[Path], noms: Collection[str] | None = None) -> list[Path]:
    """PDF copies of the letters and of the DGEF report of each output folder (``noms``: of these files
    only, the others' copies left as they are)."""
    documents = sorted(
        d
        for folder in folders
        for d in [*folder.glob("*.docx"), *folder.glob("1-signalement-dgef.txt")]
        if noms is None or d.name in noms
    )
    written = convert(documents) if documents else []
    joindre_pdf(written)
    return written


def joindre_pdf(written: list[Path]) -> None:
    """The drafts to the préfecture (``2-*.eml``) carry the PDF copy of the letter and of the bordereau, once
    written, instead of the editable .docx (a préfecture receives what was signed, not a file to edit)."""
    from lettres.documents.courriel import remplacer_piece_jointe

    for folder in {p.parent for p in written}:
        copies = {p.stem: p for p in written if p.parent == folder and p.suffix == ".pdf"}
        for eml in sorted(folder.glob("2-*.eml")):
            data = original = eml.read_bytes()
            for stem, pdf in copies.items():
                if (folder / f"{stem}.docx").is_file():
                    data = remplacer_piece_jointe(data, f"{stem}.docx", pdf.name, pdf.read_bytes())
            if data != original:
                eml.write_bytes(data)


# the work folders of LibreOffice (copies of the letters): one left by a killed run is removed by the next
PROVISOIRE = re.compile(r"^lettres-pdf-[A-Za-z0-9_]{8}$")


def _convert_batch(soffice: str, documents: list[Path], options: list[str]) -> list[Path]:
    from lettres.fichiers import dossier_provisoire, nettoyer

    temporaire = Path(tempfile.gettempdir())
    nettoyer(temporaire, PROVISOIRE)
    with dossier_provisoire(temporaire, "lettres-pdf-") as tmp:
        work, out = Path(tmp) / "entree", Path(tmp) / "sortie"
        work.mkdir()
        # unique names: every output folder has its own 2-courrier-prefecture.docx
        sources = {}
        for i, document in enumerate(documents):
            name = f"{i:05d}_{document.name}"
            shutil.copyfile(document, work / name)
            sources[name] = document
        (Path(tmp) / "profil" / "user").mkdir(parents=True)
        (Path(tmp) / "profil" / "user" / "registrymodifications.xcu").write_text(PROFIL, encoding="utf-8")
        profile = (Path(tmp) / "profil").as_uri()
        command = [
            *without_network(),
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            *options,
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *[str(work / n) for n in sources],
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfImpossible(
                f"LibreOffice n'a pas terminé la conversion en {TIMEOUT} secondes : fermez les fenêtres "
                "LibreOffice ouvertes et recommencez. Les documents Word ont bien été produits."
            ) from None
        except OSError as exc:
            from lettres.erreurs import raison_systeme

            raise PdfImpossible(f"LibreOffice ne démarre pas ({raison_systeme(exc)}). {INSTALL}") from None
        written, missing = [], []
        for name, document in sources.items():
            pdf = out / (Path(name).stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                target = document.with_suffix(".pdf")
                shutil.move(str(pdf), str(target))
                os.chmod(target, 0o600)
                written.append(target)
            else:
                missing.append(document.name)
        if missing:  # LibreOffice's own message is in English: its exit code only
            raise PdfImpossible(
                f"LibreOffice n'a pas produit le PDF de {', '.join(missing[:5])}"
                f"{' …' if len(missing) > 5 else ''} (code {done.returncode}) : ouvrez ce document dans LibreOffice "
                "pour voir ce qui l'en empêche. Les documents Word ont bien été produits."
            )
        return written
