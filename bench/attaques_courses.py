"""The attacks of issue #22 (« La forteresse, seconde enceinte »), for bench/attaques.py: races on a parent
folder, another person's file in a batch, homonyms, the web door's key, idle connections and a
million-row workbook, hostile templates and calendars, and the smaller breaks.

Each family works in its own temporary folder; « octets dehors » counts the runs that returned or wrote
bytes of the outside folder, « lettres étrangères » the letters or pages that showed another person's
data, « blocages » the runs (or pages) that waited past their limit."""

from __future__ import annotations

import copy
import os
import re
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from attaques_cas import LIGNE, config, copie_demo, demo_data, ecrire_csv
from attaques_mesure import RACINE, Famille, Mesure, lancer

sys.path.insert(0, str(RACINE / "tests"))

SECRET = b"TITRE-DE-SEJOUR-D-UNE-AUTRE-PERSONNE"
NUMERO_AUTRE = "7509876543"


def Echangeur(folder: Path, outside: Path):
    from conftest import Echangeur as Attaquant

    return Attaquant(folder, outside, pause=0.001)


def _png() -> bytes:
    from conftest import PNG

    return PNG


def _mesure_ici(famille: Famille, fonction, *args) -> object:
    """One call in this process, counted as a run: a Python exception out of it is a traceback."""
    import resource
    import traceback

    debut = time.monotonic()
    erreurs, code, resultat = "", 0, None
    try:
        resultat = fonction(*args)
    except Exception as exc:  # what a user would see
        from lettres.erreurs import LettresError

        if isinstance(exc, LettresError):
            code = 2
        else:
            erreurs, code = traceback.format_exc(), 1
    memoire = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    famille.compter(Mesure(code, "", erreurs, time.monotonic() - debut, memoire))
    return resultat


def _outside(racine: Path) -> Path:
    dehors = racine / "autre-personne"
    dehors.mkdir(parents=True)
    for nom in os.listdir(racine / "demo" / "captures"):
        (dehors / nom).write_bytes(_png() + SECRET)
    return dehors


# --- 1. the renaming race: generer, direct reads, web downloads and uploads ---------------------------------


def course_generer(dossier: Path, args, strace: bool) -> Famille:
    from lettres.config import Configuration
    from lettres.documents.generation import generate_file

    famille = Famille(f"course : captures/ ↔ lien dehors pendant {args.courses} « generer »")
    fichier = copie_demo(dossier / "demo")
    dehors = _outside(dossier)
    configuration = Configuration(Path(config(fichier.parent)))
    with Echangeur(fichier.parent / "captures", dehors) as echangeur:
        for n in range(args.courses):
            sortie = dossier / "sorties" / str(n)
            resultat = _mesure_ici(famille, generate_file, fichier, configuration, sortie)
            famille.cas += 1
            if resultat is not None:
                contenu = b"".join(p.read_bytes() for p in sortie.rglob("*") if p.is_file())
                famille.octets_dehors += SECRET in contenu
    famille.notes.append(f"{echangeur.swaps} échanges du dossier captures/ pendant les générations")
    return famille


def course_lectures(dossier: Path, args, strace: bool) -> Famille:
    from lettres.dossier.pieces import read_piece
    from lettres.erreurs import PieceRefusee

    famille = Famille(f"course : captures/ ↔ lien dehors pendant {args.lectures} lectures de pièce")
    fichier = copie_demo(dossier / "demo")
    dehors = _outside(dossier)
    piece = "captures/" + sorted(os.listdir(fichier.parent / "captures"))[0]
    lues = refusees = 0
    debut = time.monotonic()
    with Echangeur(fichier.parent / "captures", dehors) as echangeur:
        for _ in range(args.lectures):
            try:
                famille.octets_dehors += SECRET in read_piece(piece, fichier.parent)
                lues += 1
            except PieceRefusee:
                refusees += 1
    famille.executions, famille.cas = args.lectures, 1
    famille.codes.update({0: lues, 2: refusees})
    famille.duree = time.monotonic() - debut
    famille.notes.append(f"{echangeur.swaps} échanges ; {lues} lectures de la vraie pièce, {refusees} refusées")
    return famille


def _web(racine: Path):
    from web_outils import new_web

    os.environ["LETTRES_CONFIG"] = str(racine.parent / "config-web.yaml")
    return new_web(racine)


def course_web(dossier: Path, args, strace: bool) -> Famille:
    from conftest import write_dossier

    famille = Famille(f"course web : {args.telechargements} téléchargements et 300 envois de pièce")
    web = _web(dossier / "dossiers")
    data = copy.deepcopy(demo_data())
    nom = sorted(os.listdir(copie_demo(dossier / "demo").parent / "captures"))[0]
    data["demarches"] = [{"type": "capture_ecran", "date": "2026-09-20", "pieces": [f"captures/{nom}"]}]
    path = write_dossier(web.racine / "DIALLO", data)
    dehors = _outside(dossier)
    avant = sorted(os.listdir(dehors))
    ident = web.guichet.ident(path)
    debut = time.monotonic()
    with Echangeur(path.parent / "captures", dehors):
        for _ in range(args.telechargements):
            reponse = web.get(f"/dossier/{ident}/piece/0/0")
            famille.codes[reponse.status_code] += 1
            famille.octets_dehors += SECRET in reponse.content
            famille.tracebacks += "Traceback" in reponse.text[:5000] if reponse.status_code != 200 else 0
        for n in range(300):
            envoi = web.post(
                f"/dossier/{ident}/demarches",
                {"demarches.type": "capture_ecran", "demarches.date": "21/09/2026"},
                files=[("pieces", (f"c{n}.png", _png(), "image/png"))],
            )
            famille.codes[envoi.status_code] += 1
    famille.octets_dehors += sorted(os.listdir(dehors)) != avant  # a file written outside
    famille.executions = sum(famille.codes.values())
    famille.cas, famille.duree = 2, time.monotonic() - debut
    return famille


# --- 2. another person's dossier named in a web batch; 3. homonyms --------------------------------------------


def _attendre_lot(web, suivi: str) -> str:
    for _ in range(600):
        page = web.get(suivi)
        if "Lot terminé" in page.text:
            return page.text
        time.sleep(0.1)
    return ""


def lot_autre_personne(dossier: Path, args, strace: bool) -> Famille:
    import io

    famille = Famille("lot web : pièce « AUTRE_Personne/dossier.yaml » et capture d'une autre personne")
    web = _web(dossier / "dossiers")
    autre = web.racine / "AUTRE_Personne"
    (autre / "captures").mkdir(parents=True)
    (autre / "dossier.yaml").write_text(f"personne:\n  nom: AUTRE\n  numero_etranger: '{NUMERO_AUTRE}'\n", "utf-8")
    (autre / "captures" / "titre.png").write_bytes(_png() + SECRET)
    source = ecrire_csv(dossier / "cas.csv", [{"id": i, **LIGNE} for i in ("A1", "A2")])
    demarches = (
        "dossier;type;date;pieces\nA1;capture_ecran;21/09/2026;AUTRE_Personne/dossier.yaml\n"
        "A2;capture_ecran;21/09/2026;AUTRE_Personne/captures/titre.png\n"
    )
    debut = time.monotonic()
    reponse = web.post(
        "/lot",
        files=[
            ("tableur", ("cas.csv", source.read_bytes(), "text/csv")),
            ("demarches", ("demarches.csv", demarches.encode(), "text/csv")),
        ],
    )
    page = _attendre_lot(web, reponse.headers.get("location", "/lot"))
    famille.blocages += not page
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"{reponse.headers['location']}/resultats.zip").content))
    for nom in archive.namelist():
        contenu = archive.read(nom)
        famille.etrangeres += SECRET in contenu or NUMERO_AUTRE.encode() in contenu
    famille.codes[reponse.status_code] += 1
    famille.executions, famille.cas, famille.duree = 1, 2, time.monotonic() - debut
    from web_outils import visible_text

    if "est dans le dossier d'une autre personne" not in visible_text(page):
        famille.notes.append("raison française absente du rapport")
    return famille


def homonymes(dossier: Path, args, strace: bool) -> Famille:

    from conftest import write_dossier
    from docx_texte import docx_text

    famille = Famille("homonymes « DIALLO Aminata » nés en 1990 et 2001 : documents, liste, « remplacer »")
    web = _web(dossier / "dossiers")
    a = copy.deepcopy(demo_data())
    b = copy.deepcopy(a)
    a["personne"].update(nom="DIALLO", prenoms="Aminata", date_naissance="1990-04-12", numero_etranger="7501234567")
    b["personne"].update(nom="DIALLO", prenoms="Aminata", date_naissance="2001-03-05", numero_etranger=NUMERO_AUTRE)
    for nom in ("a", "b"):
        copie_demo(web.racine / nom)
    ia = web.guichet.ident(write_dossier(web.racine / "a", a))
    ib = web.guichet.ident(write_dossier(web.racine / "b", b))
    from lettres.jour import date_du_jour

    jour = date_du_jour().isoformat()  # the day the tool dates its documents (the tests' conftest fixes it)
    debut = time.monotonic()
    for ident, remplacer in ((ia, False), (ib, False), (ib, True)):
        donnees = {"lettres": ["prefecture"], **({"remplacer": "oui"} if remplacer else {})}
        famille.codes[web.post(f"/dossier/{ident}/documents", donnees).status_code] += 1
    page_b = web.get(f"/dossier/{ib}/documents").text
    lettre_a = docx_text(web.get(f"/dossier/{ia}/documents/{jour}/2-courrier-prefecture.docx").content)
    lettre_b = docx_text(web.get(f"/dossier/{ib}/documents/{jour}/2-courrier-prefecture.docx").content)
    famille.etrangeres += "7501234567" in page_b or "7501234567" in lettre_b
    famille.etrangeres += NUMERO_AUTRE in lettre_a or "7501234567" not in lettre_a
    famille.executions, famille.cas, famille.duree = 6, 3, time.monotonic() - debut
    return famille


# --- 4. the door's key ----------------------------------------------------------------------------------------


def porte(dossier: Path, args, strace: bool) -> Famille:
    from starlette.testclient import TestClient

    from lettres.web import serveur
    from web_outils import PORT

    famille = Famille("porte web : jeton sur une ligne de commande, rejoué, cookie pour 127.0.0.1, historique")
    web = _web(dossier / "dossiers")
    cles = web.guichet.cles
    ouverts: list[str] = []
    import webbrowser

    original = webbrowser.open
    webbrowser.open = lambda url, *a, **k: ouverts.append(url) or True  # type: ignore[assignment]
    try:
        serveur._open_browser(cles.adresse_navigateur())
    finally:
        webbrowser.open = original  # type: ignore[assignment]
    fuites = []
    if any(cles.jeton_navigateur in u or cles.jeton in u for u in ouverts):
        fuites.append("jeton sur la ligne de commande du navigateur")
    local = TestClient(web.client.app, base_url=f"http://127.0.0.1:{PORT}")
    premier = local.get(f"/?jeton={cles.jeton}", follow_redirects=False)
    if "set-cookie" in premier.headers:
        fuites.append("cookie donné à 127.0.0.1 (partagé par les autres serveurs locaux)")
    navigateur = TestClient(web.client.app, base_url=f"http://{cles.hote}:{PORT}")
    echange = navigateur.get(f"/?jeton={cles.jeton}", follow_redirects=False)
    cookie = echange.headers.get("set-cookie", "")
    if "Max-Age" not in cookie:
        fuites.append("cookie sans limite de temps")
    rejoue = TestClient(web.client.app, base_url=f"http://{cles.hote}:{PORT}").get(
        f"/?jeton={cles.jeton}", follow_redirects=False
    )
    if rejoue.status_code != 403:
        fuites.append("jeton rejoué accepté")
    if 'method="get" action="/" role="search"' in navigateur.get("/").text:
        fuites.append("recherche dans l'adresse")
    autre_port = TestClient(web.client.app, base_url=f"http://127.0.0.1:{PORT}").get("/", follow_redirects=False)
    if autre_port.status_code == 200:
        fuites.append("page d'accueil servie sans cookie")
    for page in ouverts:
        import shutil

        shutil.rmtree(Path(page[len("file://") :]).parent, ignore_errors=True)
    famille.etrangeres = len(fuites)
    famille.notes += fuites
    famille.executions, famille.cas = 6, 6
    famille.codes.update({premier.status_code: 1, echange.status_code: 1, rejoue.status_code: 1})
    return famille


# --- 5. idle connections; a million-row workbook on the Lot page ------------------------------------------


class Serveur:
    """``lettres web`` in a process of its own, logged in as its browser would be (cookie on its host name)."""

    def __init__(self, dossiers: Path):
        env = {**os.environ, "LETTRES_CONFIG": str(dossiers.parent / "config-serveur.yaml"), "PYTHONUNBUFFERED": "1"}
        self.erreurs_fichier = open(dossiers.parent / "serveur.err", "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lettres", "web", "--dossiers", str(dossiers), "--sans-navigateur"],
            stdout=subprocess.PIPE,
            stderr=self.erreurs_fichier,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        adresse = self.process.stdout.readline().strip()
        trouve = re.match(r"http://127\.0\.0\.1:(\d+)/\?jeton=(.+)$", adresse)
        assert trouve, adresse
        self.port, jeton = int(trouve[1]), trouve[2]
        premier = self.requete(f"/?jeton={jeton}")
        self.hote = re.search(rb"location: http://([^/:]+):", premier, re.I)[1].decode()  # type: ignore[index]
        echange = self.requete(f"/?jeton={jeton}", hote=self.hote)
        self.cookie = re.search(rb"set-cookie: ([^;]+);", echange, re.I)[1].decode()  # type: ignore[index]
        self.csrf = ""

    def requete(self, chemin: str, hote: str = "127.0.0.1", corps: bytes = b"", entetes: str = "", limite=30.0):
        with socket.create_connection(("127.0.0.1", self.port), timeout=limite) as s:
            methode = "POST" if corps else "GET"
            cookie = f"Cookie: {self.cookie}\r\n" if getattr(self, "cookie", "") else ""
            s.sendall(
                f"{methode} {chemin} HTTP/1.1\r\nHost: {hote}:{self.port}\r\n{cookie}{entetes}"
                f"Content-Length: {len(corps)}\r\nConnection: close\r\n\r\n".encode()
                + corps
            )
            morceaux = []
            while morceau := s.recv(65536):
                morceaux.append(morceau)
        return b"".join(morceaux)

    def memoire(self) -> int:
        """Peak resident memory of the server so far (KiB)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))

    def arreter(self) -> str:
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.erreurs_fichier.seek(0)
        return self.erreurs_fichier.read()


def _temps_de_page(serveur: Serveur, n: int = 10) -> list[float]:
    durees = []
    for _ in range(n):
        debut = time.monotonic()
        try:
            serveur.requete("/", hote=serveur.hote, limite=60)
        except OSError:
            durees.append(60.0)
            continue
        durees.append(time.monotonic() - debut)
    return durees


def connexions(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille(f"{args.connexions} requêtes à moitié envoyées, puis des pages")
    dossier.mkdir(parents=True)
    serveur = Serveur(dossier / "dossiers")
    lentes = []
    debut = time.monotonic()
    try:
        for _ in range(args.connexions):
            try:
                s = socket.create_connection(("127.0.0.1", serveur.port), timeout=5)
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")
                lentes.append(s)
            except OSError:
                famille.notes.append("connexion refusée par le système")
                break
        durees = _temps_de_page(serveur)
        time.sleep(12)  # past the deadline on the headers
        fermees = 0
        for s in lentes:
            s.settimeout(0.5)
            try:
                fermees += s.recv(10) == b""
            except ConnectionResetError:
                fermees += 1
            except OSError:
                pass
            s.close()
        famille.memoire = serveur.memoire()
    finally:
        erreurs = serveur.arreter()
    famille.executions, famille.cas = len(durees) + len(lentes), 1
    famille.codes.update({"page": len(durees)})
    famille.blocages = sum(d > 5 for d in durees)
    famille.tracebacks = erreurs.count("Traceback")
    famille.duree = time.monotonic() - debut
    famille.notes.append(
        f"pages en {max(durees):.2f} s au pire ; {fermees}/{len(lentes)} connexions fermées par le serveur"
    )
    return famille


def classeur_geant(chemin: Path, lignes: int) -> Path:
    """An XLSX of ``lignes`` filled rows, its texts shared as Excel writes them (about 10 Mo for a million
    rows), written part by part (openpyxl would take minutes)."""
    colonnes = ["id", *LIGNE]
    textes = [*colonnes, *LIGNE.values()]
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in _parties_classeur(textes).items():
            archive.writestr(nom, contenu)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as feuille:
            feuille.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            entete = "".join(f'<c t="s"><v>{i}</v></c>' for i in range(len(colonnes)))
            feuille.write(f'<row r="1">{entete}</row>'.encode())
            valeurs = "".join(f'<c t="s"><v>{len(colonnes) + i}</v></c>' for i in range(len(LIGNE)))
            for r in range(2, lignes + 2):
                feuille.write(f'<row r="{r}"><c><v>{r}</v></c>{valeurs}</row>'.encode())
            feuille.write(b"</sheetData></worksheet>")
    return chemin


def _parties_classeur(textes: list[str]) -> dict[str, str]:
    from html import escape

    principal = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    paquet = "http://schemas.openxmlformats.org/package/2006/relationships"
    type_ = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    partages = "".join(f"<si><t>{escape(t)}</t></si>" for t in textes)
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{type_}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{type_}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{type_}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{paquet}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{principal}" xmlns:r="{relations}"><sheets>'
            '<sheet name="dossiers" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{paquet}">'
            f'<Relationship Id="rId1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{relations}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0"?><sst xmlns="{principal}" count="{len(textes)}" uniqueCount="{len(textes)}">'
            f"{partages}</sst>"
        ),
    }


def million_de_lignes(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille(f"classeur de {args.lignes:,} lignes sur la page Lot, et dans le terminal".replace(",", " "))
    dossier.mkdir(parents=True)
    classeur = classeur_geant(dossier / "geant.xlsx", args.lignes)
    famille.notes.append(f"classeur de {classeur.stat().st_size / 1024 / 1024:.1f} Mo")
    # the terminal
    sortie = dossier / "sortie"
    mesure = famille.compter(lancer(["lot", str(classeur), "--sortie", str(sortie)], [dossier], strace, limite=300))
    famille.notes.append(f"terminal : code {mesure.code} en {mesure.duree:.1f} s, {mesure.memoire / 1024:.0f} Mio")
    # the Lot page, while another page is asked for
    serveur = Serveur(dossier / "dossiers")
    try:
        page = serveur.requete("/lot", hote=serveur.hote).decode("utf-8", "replace")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page)[1]  # type: ignore[index]
        limite = "----lettres"
        corps = (
            (
                f'--{limite}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{csrf}\r\n'
                f'--{limite}\r\nContent-Disposition: form-data; name="tableur"; filename="geant.xlsx"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + classeur.read_bytes()
            + f"\r\n--{limite}--\r\n".encode()
        )
        entetes = (
            f"Content-Type: multipart/form-data; boundary={limite}\r\nOrigin: http://{serveur.hote}:{serveur.port}\r\n"
        )
        debut = time.monotonic()
        reponse = serveur.requete("/lot", hote=serveur.hote, corps=corps, entetes=entetes, limite=120)
        suivi = re.search(rb"location: (/lot/\d+)", reponse, re.I)
        # refused at once: said on the page itself
        fini = "" if suivi else re.sub(r"<[^>]+>", " ", reponse.decode("utf-8", "replace"))
        durees: list[float] = []
        while suivi and time.monotonic() - debut < 300:
            durees += _temps_de_page(serveur, 1)
            etat = serveur.requete(suivi[1].decode(), hote=serveur.hote).decode("utf-8", "replace")
            if "Lot terminé" in etat:
                fini = re.sub(r"<[^>]+>", " ", etat)
                break
            time.sleep(0.5)
        famille.blocages += (not fini) + sum(d > 5 for d in durees)
        famille.memoire = max(famille.memoire, serveur.memoire())
        message = re.search(r"(plus de [\d\u202f ]+ lignes remplies|est refusé)[^.]*", fini)
        famille.notes.append(
            f"page Lot : {message[0] if message else 'pas de message'} ; autres pages en "
            f"{max(durees or [0]):.2f} s au pire ; serveur {serveur.memoire() / 1024:.0f} Mio au plus"
        )
        famille.executions += 1 + len(durees)
        famille.cas = 2
    finally:
        famille.tracebacks += serveur.arreter().count("Traceback")
    return famille


# --- 6. templates; 7. the smaller breaks ------------------------------------------------------------------------

MODELES_22 = {
    "30 {% for %} imbriqués": "".join(f"{{% for i{n} in [1] %}}" for n in range(30)) + "x" + "{% endfor %}" * 30,
    "liste de 10 000 textes de 1 Mo": (
        "{% set l = [] %}{% for i in range(10000) %}{% set _ = l.append('x' * 999999 ~ i) %}{% endfor %}{{ l|length }}"
    ),
}


def modeles_22(dossier: Path, args, strace: bool) -> Famille:
    sys.path.insert(0, str(RACINE / "tests"))
    from test_modeles_limites import broken

    famille = Famille("modèles : SVG file:, champs en minuscules ou coupés, 30 boucles, 10 Go de texte")
    fichier = copie_demo(dossier / "demo")
    cas = [*MODELES_22, "SVG file:", "champ includepicture", "champ DDEAUTO coupé", "entités après un long commentaire"]
    for numero, nom in enumerate(cas):
        dossier_modeles = dossier / f"modeles-{numero}"
        lancer(["modeles", "exporter", str(dossier_modeles)], [dossier], False)
        if nom in MODELES_22:
            (dossier_modeles / "email" / "1-signalement-dgef.corps.txt").write_text(MODELES_22[nom], encoding="utf-8")
        else:
            broken(nom, dossier_modeles / "docx" / "2-courrier-prefecture.docx")
        verifie = famille.compter(lancer(["modeles", "verifier", str(dossier_modeles)], [dossier], False))
        sortie = dossier / f"sortie-{numero}"
        commande = ["--config", config(fichier.parent), "generer", str(fichier), "--modeles", str(dossier_modeles)]
        mesure = famille.compter(lancer([*commande, "--sortie", str(sortie)], [dossier], strace))
        famille.notes.append(
            f"{nom} : verifier {verifie.code}, generer {mesure.code} en {mesure.duree:.1f} s, "
            f"{mesure.memoire / 1024:.0f} Mio"
        )
        famille.cas += 1
    return famille


def petites(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("petites : droits des dossiers, /€?jeton=, /%5Cevil.example/, .ics de 20 000 niveaux")
    fichier = copie_demo(dossier / "demo")
    sortie = dossier / "nouveau" / "sorties"
    famille.compter(
        lancer(["--config", config(fichier.parent), "generer", str(fichier), "--sortie", str(sortie)], [dossier], False)
    )
    ouverts = [p for p in (dossier / "nouveau", sortie, *sortie.iterdir()) if stat.S_IMODE(p.stat().st_mode) & 0o077]
    famille.etrangeres += len(ouverts)
    famille.notes += [f"dossier lisible par les autres : {p.name}" for p in ouverts]
    ics = dossier / "agenda.ics"
    ics.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 20_000 + b"END:X\r\n" * 20_000 + b"END:VCALENDAR\r\n")
    mesure = famille.compter(lancer(["suivi", str(fichier.parent), "--ics", str(ics)], [dossier], strace, limite=30))
    famille.notes.append(f".ics hostile : code {mesure.code} en {mesure.duree:.1f} s")
    serveur = Serveur(dossier / "dossiers")
    try:
        for chemin in ("/%E2%82%AC?jeton=x", "/%5Cevil.example/", "/%E2%82%AC"):
            reponse = serveur.requete(chemin, hote=serveur.hote)
            statut = int(reponse.split(b" ", 2)[1])
            famille.codes[statut] += 1
            famille.executions += 1
            if b"location: /\\" in reponse.lower() or b"evil.example" in reponse.split(b"\r\n\r\n")[0]:
                famille.etrangeres += 1
                famille.notes.append(f"{chemin} : redirection dehors")
            if statut >= 500 or b"Traceback" in reponse:
                famille.tracebacks += 1
        famille.notes.append(
            "/€, /%5Cevil.example/ : "
            + ", ".join(f"{n} × {c}" for c, n in famille.codes.items() if isinstance(c, int) and c >= 300)
        )
    finally:
        famille.tracebacks += serveur.arreter().count("Traceback")
    famille.cas = 3
    return famille


ATTAQUES_22 = {
    "course-generer": course_generer,
    "course-lectures": course_lectures,
    "course-web": course_web,
    "lot-autre-personne": lot_autre_personne,
    "homonymes": homonymes,
    "porte": porte,
    "connexions": connexions,
    "million": million_de_lignes,
    "modeles-22": modeles_22,
    "petites": petites,
}
