"""The second wall: races on a parent folder, another person's file named as a pièce, pièces checked by
their content. A thread swaps ``captures/`` with a link to an outside folder in a loop while pièces are
read, downloaded and written thousands of times: not one outside byte may come through."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from aides import LIGNE_LOT
from conftest import AUJOURD_HUI, PNG, Echangeur, write_dossier
from lettres.dossier.pieces import check_piece, kind_of_piece, read_piece
from lettres.erreurs import PieceRefusee
from lettres.web.televersement import Recu, store

SECRET = b"TITRE DE SEJOUR D'UNE AUTRE PERSONNE"


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
        # 4,000 reads at least, and on until the swapping thread has really run (a loaded machine may starve it)
        fin = time.monotonic() + 120
        while lus + refus < 4000 or ((echangeur.swaps <= 100 or not refus) and time.monotonic() < fin):
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
        i, fin = 0, time.monotonic() + 120
        while i < 400 or (echangeur.swaps <= 10 and time.monotonic() < fin):
            i += 1
            try:
                ecrits += len(store([Recu("capture.png", PNG)], dossier, "captures", f"course-{i}", 1 << 20))
            except Exception as exc:  # refused in French, never a traceback
                assert "lien" in str(exc) or "introuvable" in str(exc), exc
    assert sorted(p.name for p in outside.iterdir()) == before
    assert echangeur.swaps > 10 and ecrits > 0
    assert not [p for p in (dossier / "captures").iterdir() if p.name.startswith(".")], "no partial file left"


def test_the_renaming_race_through_the_web_door(tmp_path, data):
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


def test_the_web_batch_refuses_another_persons_dossier_as_a_piece(tmp_path, monkeypatch):
    """Break 2: a cell naming ``AUTRE_Personne/dossier.yaml`` attached that person's whole dossier."""
    from lettres.dossier.questions import schema_columns
    from web_outils import new_web, visible_text

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    autre = web.racine / "AUTRE_Personne"
    (autre / "captures").mkdir(parents=True)
    (autre / "dossier.yaml").write_text("personne:\n  nom: AUTRE\n  numero_etranger: '7512345678'\n", "utf-8")
    (autre / "captures" / "titre.png").write_bytes(PNG + SECRET)
    (web.racine / "lot" / "captures").mkdir(parents=True)
    (web.racine / "lot" / "captures" / "a.png").write_bytes(PNG)
    columns = ["id", *schema_columns()]
    rows = [{**LIGNE_LOT, "id": i} for i in ("A1", "A2", "A3")]
    lines = [";".join(columns)] + [";".join(r.get(c, "") for c in columns) for r in rows]
    demarches = (
        "dossier;type;date;pieces\n"
        "A1;capture_ecran;21/09/2026;AUTRE_Personne/dossier.yaml\n"
        "A2;capture_ecran;21/09/2026;AUTRE_Personne/captures/titre.png\n"
        "A3;capture_ecran;21/09/2026;lot/captures/a.png\n"
    )
    response = web.post(
        "/lot",
        files=[
            ("tableur", ("cas.csv", ("\n".join(lines) + "\n").encode(), "text/csv")),
            ("demarches", ("demarches.csv", demarches.encode(), "text/csv")),
        ],
    )
    assert response.status_code == 303, response.text[:3000]
    suivi = response.headers["location"]
    for _ in range(300):
        page = web.get(suivi)
        if "Lot terminé" in page.text:
            break
        time.sleep(0.1)
    text = visible_text(page.text)
    assert "1 dossier généré, 2 lignes rejetées" in text, text
    assert "La pièce « AUTRE_Personne/dossier.yaml » est dans le dossier d'une autre personne" in text
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"{suivi}/resultats.zip").content))
    for name in archive.namelist():
        contenu = archive.read(name)
        assert SECRET not in contenu and b"7512345678" not in contenu, name


def test_homonyms_never_share_a_folder_a_list_or_a_replacement(tmp_path, monkeypatch, data):
    """Break 3: two « DIALLO Aminata » (born 1990 and 2001): B's Documents page served A's letters."""
    import copy

    from docx_texte import docx_text
    from web_outils import new_web, visible_text

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    autre = copy.deepcopy(data)
    autre["personne"].update(date_naissance="2001-03-05", numero_etranger="7509876543")
    a = web.guichet.ident(write_dossier(web.racine / "diallo-1990", data))
    b = web.guichet.ident(write_dossier(web.racine / "diallo-2001", autre))
    assert "fichiers produits" in web.follow(web.post(f"/dossier/{a}/documents", {"lettres": ["prefecture"]})).text
    jour = AUJOURD_HUI.isoformat()  # the day the tool dates its documents in the tests
    page_b = web.get(f"/dossier/{b}/documents")
    assert f"/dossier/{b}/documents/{jour}" not in page_b.text and "7501234567" not in page_b.text
    assert web.get(f"/dossier/{b}/documents/{jour}/2-courrier-prefecture.docx").status_code == 400
    produit = web.follow(web.post(f"/dossier/{b}/documents", {"lettres": ["prefecture"]}))
    assert "fichiers produits" in produit.text and 'role="alert"' not in produit.text  # not « already »
    repris = web.follow(web.post(f"/dossier/{b}/documents", {"lettres": ["prefecture"], "remplacer": "oui"}))
    assert "fichiers produits" in repris.text
    lettre_a = docx_text(web.get(f"/dossier/{a}/documents/{jour}/2-courrier-prefecture.docx").content)
    lettre_b = docx_text(web.get(f"/dossier/{b}/documents/{jour}/2-courrier-prefecture.docx").content)
    assert "7501234567" in lettre_a and "7509876543" not in lettre_a
    assert "7509876543" in lettre_b and "7501234567" not in lettre_b
    assert "2 dossiers" not in visible_text(page_b.text)
    dossiers = sorted(p.name for p in (web.racine / "sorties").iterdir() if not p.name.startswith("."))
    assert len(dossiers) == 2 and all(n.startswith(f"{jour}_DIALLO_Aminata_") for n in dossiers), dossiers


def test_half_sent_requests_neither_hold_nor_stall_the_server(tmp_path):
    """Break 5: 300 half-sent requests stayed open forever, 1,200 made every page time out, and the terminal
    filled with asyncio tracebacks."""
    import socket
    from urllib.parse import urlsplit

    from web_outils import Serveur

    serveur = Serveur(tmp_path / "dossiers", tmp_path / "config.yaml")
    try:
        netloc = urlsplit(serveur.adresse)
        assert netloc.hostname and netloc.port
        lentes = []
        for _ in range(600):
            s = socket.create_connection((netloc.hostname, netloc.port), timeout=30)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")  # never finished
            lentes.append(s)
        debut = time.monotonic()
        page = socket.create_connection((netloc.hostname, netloc.port), timeout=30)
        page.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{netloc.port}\r\nConnection: close\r\n\r\n".encode())
        assert page.recv(100).startswith(b"HTTP/1.1 "), "a page is still answered"
        assert time.monotonic() - debut < 5
        page.close()
        fermees = 0
        for s in lentes[-50:]:  # the youngest: closed by the deadline on the headers, not only made room for
            s.settimeout(15)
            try:
                fermees += s.recv(100) == b""
            except ConnectionResetError:
                fermees += 1
        assert fermees == 50
        for s in lentes:
            s.close()
    finally:
        code, out, err = serveur.stop()
    assert code == 130 and "Traceback" not in out + err, err[-3000:]


def test_a_spreadsheet_past_the_row_cap_is_refused_in_french(run, tmp_path, monkeypatch):
    """Break 5: a 1-million-row workbook took the server to 6.1 GB; rows are streamed and capped."""
    from aides import row, write_csv

    monkeypatch.setattr("lettres.lot.tableur.LIGNES_MAX", 40)
    source = write_csv(tmp_path / "cas.csv", [row(f"A{i}") for i in range(41)])
    code, out, err = run("lot", str(source), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "« cas.csv » a plus de 40 lignes remplies : découpez-le" in err, out + err
    assert "Traceback" not in err


def test_a_hostile_earlier_calendar_is_refused_at_once(run, tmp_path, data):
    """Break 7: 20,000 nested levels at the --ics path took 33 s."""
    write_dossier(tmp_path / "d", data)
    ics = tmp_path / "agenda.ics"
    ics.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 20_000 + b"END:X\r\n" * 20_000 + b"END:VCALENDAR\r\n")
    debut = time.monotonic()
    code, out, err = run("suivi", str(tmp_path / "d"), "--ics", str(ics))
    assert time.monotonic() - debut < 5
    assert code == 2 and "n'est pas un agenda écrit par lettres suivi" in err and "Traceback" not in err, out + err


def test_folders_are_private_from_their_creation(run, tmp_path, data):
    """Break 7: the dossiers root and the output folders were created 0755 (names listed to other users)."""
    import stat

    from lettres.web.serveur import prepare

    racine = prepare(tmp_path / "a" / "b" / "dossiers", None)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", racine):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "x" / "sorties"))
    assert code == 0, err
    sortie = tmp_path / "x" / "sorties"
    for folder in (tmp_path / "x", sortie, *sortie.iterdir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_web_errors_are_french_without_redirect_elsewhere(tmp_path, monkeypatch, data):
    """Break 7: « /€?jeton=… » gave an English 500, « /%5Cevil.example/ » redirected to « /\\evil.example/ »,
    a full disk showed « Erreur inattendue »."""
    import errno

    from starlette.testclient import TestClient

    from web_outils import PORT, new_web, visible_text

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    for url in ("/%5Cevil.example/", "/%2F%2Fevil.example/", "/%5C%5Cevil.example/"):
        response = web.get(url, follow_redirects=False)
        assert response.status_code == 404 and "location" not in response.headers, url
        assert "Cette page n'existe pas" in visible_text(response.text)
    cles = web.guichet.cles
    browser = TestClient(web.client.app, base_url=f"http://{cles.hote}:{PORT}", raise_server_exceptions=False)
    response = browser.get(f"/€?jeton={cles.jeton}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/%E2%82%AC"
    page = browser.get("/%E2%82%AC")
    assert page.status_code == 404 and "Cette page n'existe pas" in visible_text(page.text)
    assert "Traceback" not in page.text and "Internal Server Error" not in page.text
    browser.get(f"/%5Cevil.example/?jeton={cles.jeton_navigateur}", follow_redirects=False)
    assert browser.get("/%5Cevil.example/", follow_redirects=False).status_code == 404

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    path = write_dossier(web.racine / "diallo", data)
    monkeypatch.setattr("lettres.web.pages.documents.generate_file", full)
    quiet = TestClient(web.client.app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False)
    quiet.cookies.set(cles.cookie, cles.session)
    response = quiet.post(
        f"/dossier/{web.guichet.ident(path)}/documents",
        data={"_csrf": cles.csrf, "lettres": ["dgef"]},
        headers={"origin": "http://127.0.0.1:8765"},
    )
    assert response.status_code == 507 and "Le disque est plein" in visible_text(response.text)
    assert "Erreur inattendue" not in response.text


def test_uploaded_pieces_are_named_after_their_content(tmp_path):
    def archive(entries: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, data in entries.items():
                z.writestr(name, data)
        return buffer.getvalue()

    docx = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    ods = archive({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    webp = b"RIFF\x10\x00\x00\x00WEBPVP8 "
    recus = [Recu("a.png", docx), Recu("b", ods), Recu("c.jpg", webp), Recu("d.pdf", b"%PDF-1.7\n")]
    assert store(recus, tmp_path, "captures", "envoi", 1 << 20) == [
        "captures/envoi-1.docx",
        "captures/envoi-2.ods",
        "captures/envoi-3.webp",
        "captures/envoi-4.pdf",
    ]
    with pytest.raises(Exception, match="n'est pas un fichier accepté ici"):
        store([Recu("x.png", b"personne:\n  nom: X\n")], tmp_path, "captures", "envoi", 1 << 20)


def test_an_upload_killed_midway_leaves_nothing_after_the_next_one(tmp_path):
    """Break 7: uploads killed mid-save left orphan files (a hidden partial file, its data a person's)."""
    captures = tmp_path / "captures"
    captures.mkdir()
    orphelin = captures / ".televersement-0123456789abcdef"
    orphelin.write_bytes(PNG[:10])  # what a server killed by kill -9 during the write leaves
    old = time.time() - 2 * 3600
    os.utime(orphelin, (old, old))
    recent = captures / ".televersement-fedcba9876543210"
    recent.write_bytes(PNG[:10])  # another upload in progress right now: left alone
    assert store([Recu("a.png", PNG)], tmp_path, "captures", "envoi", 1 << 20) == ["captures/envoi-1.png"]
    assert not orphelin.exists() and recent.exists()
    assert (captures / "envoi-1.png").read_bytes() == PNG
