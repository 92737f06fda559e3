"""The second wall: races on a parent folder, another person's file named as a pièce, pièces checked by
their content. A thread swaps ``captures/`` with a link to an outside folder in a loop while pièces are
read, downloaded and written thousands of times: not one outside byte may come through."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from conftest import PNG
from lettres.dossier.pieces import check_piece, kind_of_piece, read_piece
from lettres.erreurs import PieceRefusee
from lettres.web.televersement import Recu, store

SECRET = b"TITRE DE SEJOUR D'UNE AUTRE PERSONNE"


class Echangeur:
    """Swaps ``folder`` with a link to ``outside`` (and back) in a loop, in a thread."""

    def __init__(self, folder: Path, outside: Path):
        self.folder, self.outside = folder, outside
        self.real = folder.with_name(folder.name + ".vrai")
        self.stop = threading.Event()
        self.swaps = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                os.rename(self.folder, self.real)
                os.symlink(self.outside, self.folder, target_is_directory=True)
                time.sleep(0)
                os.unlink(self.folder)
            except OSError:
                pass  # the tool created a folder of its own meanwhile: set aside by _restore
            self._restore()
            self.swaps += 1

    def _restore(self) -> None:
        for k in range(1000):
            if not self.real.exists():
                return
            try:
                os.rename(self.real, self.folder)
                return
            except OSError:
                with contextlib.suppress(OSError):
                    os.rename(self.folder, self.folder.with_name(f"cree-{self.swaps}-{k}"))

    def __enter__(self) -> Echangeur:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


@pytest.fixture
def lieux(tmp_path) -> tuple[Path, Path]:
    """(dossier folder with captures/ok.png, outside folder with ok.png holding another person's data)."""
    dossier = tmp_path / "d"
    (dossier / "captures").mkdir(parents=True)
    (dossier / "captures" / "ok.png").write_bytes(PNG)
    outside = tmp_path / "autre"
    outside.mkdir()
    (outside / "ok.png").write_bytes(PNG + SECRET)  # a valid image: only its place keeps it out
    return dossier, outside


def test_the_renaming_race_never_reads_an_outside_byte(lieux):
    dossier, outside = lieux
    lus, refus, dehors = 0, 0, 0
    with Echangeur(dossier / "captures", outside) as echangeur:
        for _ in range(4000):
            try:
                data = read_piece("captures/ok.png", dossier)
            except PieceRefusee as exc:
                assert "Traceback" not in exc.message
                refus += 1
                continue
            lus += 1
            dehors += SECRET in data
    assert dehors == 0
    assert echangeur.swaps > 100 and lus > 0 and refus > 0, (echangeur.swaps, lus, refus)  # the race did run


def test_the_renaming_race_never_writes_outside(lieux):
    dossier, outside = lieux
    before = sorted(p.name for p in outside.iterdir())
    ecrits = 0
    with Echangeur(dossier / "captures", outside) as echangeur:
        for i in range(400):
            try:
                ecrits += len(store([Recu("capture.png", PNG)], dossier, "captures", f"course-{i}", 1 << 20))
            except Exception as exc:  # refused in French, never a traceback
                assert "lien" in str(exc) or "introuvable" in str(exc), exc
    assert sorted(p.name for p in outside.iterdir()) == before
    assert echangeur.swaps > 10 and ecrits > 0
    assert not [p for p in (dossier / "captures").iterdir() if p.name.startswith(".")], "no partial file left"


def test_the_renaming_race_through_the_web_door(tmp_path, data):
    from conftest import write_dossier
    from web_outils import new_web

    web = new_web(tmp_path / "dossiers")
    data["demarches"] = [{"type": "capture_ecran", "date": "2026-09-20", "pieces": ["captures/ok.png"]}]
    path = write_dossier(web.racine / "DIALLO", data)
    outside = tmp_path / "autre"
    outside.mkdir()
    (outside / "ok.png").write_bytes(PNG + SECRET)
    ident = web.guichet.ident(path)
    codes: dict[int, int] = {}
    dehors = 0
    with Echangeur(path.parent / "captures", outside):
        for _ in range(600):
            response = web.get(f"/dossier/{ident}/piece/0/0")
            codes[response.status_code] = codes.get(response.status_code, 0) + 1
            dehors += SECRET in response.content
            assert "Traceback" not in response.text[:2000] if response.status_code != 200 else True
    assert dehors == 0
    assert codes.get(200, 0) > 0 and set(codes) <= {200, 400}, codes


def test_a_link_at_any_level_is_refused_even_towards_the_inside(tmp_path):
    (tmp_path / "captures" / "sous").mkdir(parents=True)
    (tmp_path / "captures" / "sous" / "a.png").write_bytes(PNG)
    (tmp_path / "raccourci").symlink_to(tmp_path / "captures", target_is_directory=True)
    assert read_piece("captures/sous/a.png", tmp_path) == PNG
    with pytest.raises(PieceRefusee, match=r"passe par un lien \(« raccourci »\) que lettres ne suit pas"):
        read_piece("raccourci/sous/a.png", tmp_path)


def test_another_persons_folder_and_dossier_files_are_never_pieces(tmp_path):
    racine = tmp_path / "dossiers"
    (racine / "AUTRE_Personne" / "captures").mkdir(parents=True)
    (racine / "AUTRE_Personne" / "dossier.yaml").write_text("personne:\n  nom: AUTRE\n", encoding="utf-8")
    (racine / "AUTRE_Personne" / "captures" / "titre.png").write_bytes(PNG)
    (racine / "fiche.yaml").write_text("personne:\n  nom: MOI\n", encoding="utf-8")
    for chemin in ("AUTRE_Personne/dossier.yaml", "AUTRE_Personne/captures/titre.png"):
        with pytest.raises(PieceRefusee, match="est dans le dossier d'une autre personne"):
            check_piece(chemin, racine)
    with pytest.raises(PieceRefusee, match="est un fichier de dossier, pas une pièce"):
        check_piece("fiche.yaml", racine)


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        (b"GIF89a" + b"0" * 20, "gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
        (b"%PDF-1.7\n", "pdf"),
        (b"personne:\n  nom: DIALLO\n", None),
        (b"#!/bin/sh\nrm -rf ~\n", None),
        (b"PK\x03\x04not really a zip", None),
    ],
)
def test_a_piece_is_recognised_by_its_content(contenu, attendu):
    assert kind_of_piece(contenu) == attendu


def test_office_documents_are_pieces_other_archives_are_not():
    def archive(entries: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, data in entries.items():
                z.writestr(name, data)
        return buffer.getvalue()

    docx = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    odt = archive({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    autre = archive({"secret.txt": b"x"})
    assert kind_of_piece(docx) == kind_of_piece(odt) == "office"
    assert kind_of_piece(autre) is None
