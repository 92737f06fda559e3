"""End-to-end interviews in a real pseudo-terminal (pexpect), read as the user sees the screen (pyte, a
terminal emulator): what a caseworker in Nice sees and types at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest

from aides import Terminal, repondre_naissance_a_titre

pexpect = pytest.importorskip("pexpect")  # POSIX only; the pipe-input tests cover the same engine elsewhere
pyte = pytest.importorskip("pyte")

DOWN, ESC, CTRL_C = "\x1b[B", "\x1b", "\x03"


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        "prefecture: '06'\n"
        "prefectures:\n"
        "  '06':\n"
        "    courriel: etrangers@alpes-maritimes.example.org\n"
        "    adresse: |\n"
        "      Service de l'immigration et des étrangers\n"
        "      147 boulevard du Mercantour\n"
        "      06286 Nice Cedex 3\n",
        encoding="utf-8",
    )
    return path


def test_nice_caseworker_at_80x24(tmp_path):
    """Typos fixed, a file dragged in, the lists and the review fitting 80×24, the documents generated from
    inside « nouveau » with the préfecture's address from the configuration."""
    from conftest import PNG

    config = _config(tmp_path)
    dossiers = tmp_path / "dossiers"
    (dossiers / "captures").mkdir(parents=True)
    (dossiers / "captures" / "erreur-20-09.png").write_bytes(PNG)
    elsewhere = tmp_path / "Téléchargements"
    elsewhere.mkdir()
    (elsewhere / "Capture du 28 sept.png").write_bytes(PNG)
    t = Terminal(["nouveau", "Moussa Keita.yaml"], dossiers, config)
    t.answer("? Civilité", "mons\r")
    t.answer("? Nom de famille", "keita\r")
    # written as the letters write it, once the user says so: one question, before → after, Entrée: yes
    screen = t.wait("? « keita » → « KEITA » : l'écrire ainsi dans les lettres ?", "Entrée : oui")
    assert "Le nom de famille s'écrit en capitales ; n garde « keita » tel quel." in " ".join(screen.split())
    t.send("\r")
    t.answer("? Prénoms", "Moussa\r")
    t.answer("? Date de naissance", "31/02/1985\r")
    t.wait("le 31 février 1985 n'existe pas")
    t.send("\x15" + "3 juin 1985\r")
    repondre_naissance_a_titre(t)
    t.answer("? Préfecture", "nice")
    t.wait("06 — Préfecture des Alpes-Maritimes (Nice)", "1 sur 104")
    t.send("\r")
    t.answer("? Numéro étranger", "7501234567\r")
    t.answer("? Numéro de la demande ANEF", "\r")
    t.answer("? Date de dépôt", "\r")
    t.answer("? Date d'expiration du titre actuel", "15/12/2026\r")
    t.answer("? Qui signe", "pers\r")
    t.answer("Indiquer vos coordonnées", "\r")
    # the list of blocking types fits: the question, the search line and the hint are all on screen
    screen = t.wait("? Types de blocage", "Tapez pour chercher", "↑ ↓ pour parcourir")
    assert len(screen.splitlines()) <= 24
    t.send("valid\r")
    t.answer("? Depuis quand", "03/03/2027\r")
    t.wait("est dans le futur")  # a warning, not a refusal: corrected here
    t.send("\x15" + "20/09/2026\r")
    t.answer("? Message d'erreur affiché", "Une erreur technique est survenue\r")
    t.answer("? Description du blocage", "\r")
    t.answer("? Conséquences concrètes", "\r")
    t.answer("Première démarche : date et type", "capture\r")
    t.answer("? Date", "20/09/2026\r")
    t.answer("? Détail", "Erreur à la validation\r")
    t.answer("? Pièces de cette démarche", "erreur\r")  # the screenshot next to the dossier, found by a word
    # the second démarche in one screen: its date typed before its type, understood before Enter
    t.answer("Démarche n° 2 : date et type", "28/09 capt")
    screen = t.wait("Démarche du 28/09/2026 (sans année : compris ainsi).", "Capture d'écran ANEF")
    assert len(screen.splitlines()) <= 24 and "Aucune autre démarche" not in screen
    t.send("\r")
    screen = t.wait("? Détail")  # the date is not asked again
    assert "? Démarche n° 2 : date et type ? 28/09/2026 — Capture d'écran ANEF (étape 1)" in screen
    t.send("Erreur à la validation\r")
    # the only image next to the dossier is used: the file is asked for, dragged in (quoted by the terminal)
    t.answer("Glissez le fichier dans cette fenêtre", f"'{elsewhere / 'Capture du 28 sept.png'}'\r")
    t.wait("Copié dans le dossier de la personne : captures/Capture du 28 sept.png")
    t.answer("Démarche n° 3 : date et type", "\r")
    t.answer("? Titre de séjour actuel", "\r")
    t.answer("? Passeport", "\r")
    t.answer("Préparer une note d'orientation", "\r")
    screen = t.wait("? Récapitulatif", "Tout est juste : enregistrer le dossier")
    assert "Personne · Nom de famille : KEITA" in screen
    t.send("\r")  # nothing chosen in advance: Enter alone saves nothing
    t.wait("Choisissez une ligne")
    t.send("\x1b[B\r")
    t.wait("[x] 1. Captures d'écran du blocage — prouvée (20/09/2026, 28/09/2026)")
    t.answer("Générer les documents maintenant", "o\r")
    assert t.end() == 0, t.transcript
    saved = (dossiers / "Moussa Keita.yaml").read_text(encoding="utf-8")
    assert "prefecture: '06'" in saved and "captures/Capture du 28 sept.png" in saved
    from docx_texte import docx_text

    (sortie,) = (dossiers / "sorties").iterdir()
    lettre = docx_text((sortie / "2-courrier-prefecture.docx").read_bytes())
    assert "147 boulevard du Mercantour" in lettre and "06286 Nice Cedex 3" in lettre


def test_ctrl_c_in_etape_keeps_the_demarche_and_resumes(tmp_path):
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "moussa keita.yaml")
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("? Type de démarche", "appel au point\r")
    t.answer("? Date", "02/10/2026\r")
    t.answer("? Heure", "9h" + CTRL_C)
    assert t.end() == 130
    assert 'Pour la reprendre :\r\n  lettres etape "moussa keita.yaml"' in t.transcript
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("la reprendre", "\r")
    t.answer("? Heure", "30\r")  # « 9h » was kept: « 9h30 »
    t.answer("? Détail", "Appel au 04 93 72 20 21\r")
    t.answer("? Résultat", "pas de créneau\r")
    t.answer("? Pièces de cette démarche", "\r")
    assert t.end() == 0, t.transcript
    assert "« Appel au point d'accueil numérique (PAN) de la préfecture » du 02/10/2026" in t.transcript.replace(
        "\r\n", " "
    )
    assert "heure: 09:30" in path.read_text(encoding="utf-8")


def _enter_until(t: Terminal, texte: str, fois: int = 25) -> str:
    """Enter on every question (its proposed answer) until ``texte`` is on the screen."""
    for _ in range(fois):
        try:
            return t.wait(texte, timeout=1.5)
        except AssertionError:
            t.send("\r")
    return t.wait(texte)


def test_nouveau_with_a_bare_name_writes_a_yaml_file_that_suivi_lists(tmp_path):
    """« lettres nouveau "Fatou Camara" » (issue 21): the file is « Fatou Camara.yaml », and « suivi » lists it."""
    import copy

    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    reponses = copy.deepcopy(BASE)
    reponses["personne"].update(nom="CAMARA", prenoms="Fatou")
    reponses.update(_demarches_finies=True, _orientation=True, _accompagnant=True)
    write_dossier(tmp_path, reponses, "Fatou Camara.brouillon.yaml")
    t = Terminal(["nouveau", "Fatou Camara"], tmp_path, config)
    t.answer("reprendre là où vous vous", "\r")
    _enter_until(t, "? Récapitulatif")
    t.send("enregistrer\r")
    t.answer("Générer les documents maintenant", "n\r")
    assert t.end() == 0, t.transcript
    assert "Dossier enregistré : Fatou Camara.yaml" in t.transcript
    assert (tmp_path / "Fatou Camara.yaml").is_file() and not (tmp_path / "Fatou Camara").exists()
    assert not (tmp_path / "Fatou Camara.brouillon.yaml").exists()
    t = Terminal(["suivi", "."], tmp_path, config, columns=120)
    assert t.end() == 0, t.transcript
    assert "CAMARA Fatou" in t.transcript and "1 dossier" in t.transcript


def test_review_removes_a_duplicate_step_and_keeps_everything_else(tmp_path):
    """Issue 21: « Revoir et enregistrer » goes straight to the review (no skipped question asked again), a
    word typed searches the review, the duplicate démarche goes, the registered-mail number stays."""
    import copy

    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    data = copy.deepcopy(BASE)
    data["envoi"]["recommande"] = "oui"  # as « lettres etape --recommande » writes it
    data["demarches"].append(copy.deepcopy(data["demarches"][1]))
    path = write_dossier(tmp_path, data, "camara.yaml")
    avant = path.read_text(encoding="utf-8")
    t = Terminal(["nouveau", path.name], tmp_path, config)
    t.answer("Que voulez-vous faire", "revoir\r")
    t.answer("? Récapitulatif", "supprimer")
    t.wait("Supprimer une démarche")
    t.send("\r")
    screen = t.wait("Quelle démarche supprimer", "4. 01/10/2026 — Appel à l'assistance ANEF")
    assert "Document provisoire" not in screen
    t.send("4. 01\r")
    t.answer("Supprimer « 4. 01/10/2026", "o\r")
    t.answer("? Récapitulatif", "enregistrer\r")
    t.answer("Générer les documents maintenant", "n\r")
    assert t.end() == 0, t.transcript
    apres = path.read_text(encoding="utf-8")
    assert "numero_recommande: 1A 234 567 8901 2" in apres and "recommande: oui" in apres
    debut = avant.index("  - type: appel_anef", avant.index("courriel_dgef"))
    assert apres == avant[:debut] + avant[avant.index("accompagnant:") :]


def test_etape_modifier_asks_each_answer_again(tmp_path):
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "camara.yaml")
    avant = path.read_text(encoding="utf-8")
    t = Terminal(["etape", path.name, "--modifier", "2"], tmp_path, config)
    t.wait("Démarche n° 2 — 01/10/2026, Appel à l'assistance ANEF")
    t.answer("? Type de démarche", "\r")
    t.answer("? Date", "\r")
    t.answer("? Heure", "9h30\r")
    t.answer("? Détail", "\r")
    t.answer("? Résultat", "\x15ticket n° 5678\r")
    t.answer("? Pièces de cette démarche", "\r")
    assert t.end() == 0, t.transcript
    apres = path.read_text(encoding="utf-8")
    assert apres == avant.replace("    resultat: ticket n° 1234\n", "    resultat: ticket n° 5678\n").replace(
        "      - captures/journal-appels.png\n", "      - captures/journal-appels.png\n    heure: 09:30\n"
    )


def test_etape_asks_the_registered_mail_number_and_the_acknowledgement(tmp_path):
    """Issue 21: the letter to the préfecture in one go — number and acknowledgement date asked with it."""
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "camara.yaml")
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("? Type de démarche", "LRAR")
    t.wait("Courrier à la préfecture (étape 5)", "1 sur 13")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    t.answer("? Détail", "Courrier n° 2 au service des étrangers\r")  # no time asked for a letter
    t.answer("? Résultat", "\r")
    t.answer("? Ce que ce courrier demandait à la préfecture", "\r")  # a letter: what it asked (none ticked)
    t.answer("? Pièces de cette démarche", "\r")
    t.answer("? Numéro du recommandé", "\x151A 111 222 333 4\r")
    t.answer("? Date de l'avis de réception", "24/11/2026\r")
    assert t.end() == 0, t.transcript
    texte = path.read_text(encoding="utf-8")
    assert "numero_recommande: 1A 111 222 333 4" in texte
    assert "envoye_le: 2026-11-20" in texte and "accuse_reception_le: 2026-11-24" in texte
    # the same letter typed again the same day: completed, never logged twice
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("? Type de démarche", "recommandé\r")
    t.answer("? Date", "20/11/2026\r")
    for question in ("? Détail", "? Résultat", "? Ce que ce courrier demandait", "? Pièces de cette démarche"):
        t.answer(question, "\r")
    t.answer("? Numéro du recommandé", "\r")
    t.answer("? Date de l'avis de réception", "\r")
    t.answer("la compléter (numéro de recommandé", "\r")
    assert t.end() == 0, t.transcript
    assert path.read_text(encoding="utf-8").count("type: courrier_prefecture") == 1


def test_pieces_list_cursor_search_with_spaces_and_a_dropped_file(tmp_path):
    """Issue 21, in a real terminal: the cursor is on the first file from the start, a search keeps its spaces
    and Échap clears it, a file dragged into the list is recognised and attached."""
    from conftest import BASE, PNG, write_dossier

    config = _config(tmp_path)
    dossiers = tmp_path / "dossiers"
    path = write_dossier(dossiers, dict(BASE), "camara.yaml")
    for nom in ("appel 1.png", "appel 2.png"):
        (dossiers / "captures" / nom).write_bytes(PNG)
    ailleurs = tmp_path / "Téléchargements"
    ailleurs.mkdir()
    (ailleurs / "Journal du 2 oct.png").write_bytes(PNG)
    t = Terminal(["etape", path.name], dossiers, config)
    t.answer("? Type de démarche", "appel au point\r")
    t.answer("? Date", "02/10/2026\r")
    t.answer("? Heure", "9h30\r")
    t.answer("? Détail", "Appel au PAN\r")
    t.answer("? Résultat", "pas de créneau\r")
    screen = t.wait("? Pièces de cette démarche", "> [ ] captures/")
    t.send("zzz")
    t.wait("Tapez pour chercher : zzz", "(aucun choix)")
    t.send(ESC)  # clears the search, stays on the question
    screen = t.wait("↑ ↓ pour parcourir, Espace pour cocher", "> [ ] captures/")
    assert "zzz" not in screen and "? Résultat : pas de créneau" in screen
    t.send("appel 2")
    screen = t.wait("Tapez pour chercher : appel 2", "captures/appel 2.png")
    assert "[x]" not in screen  # the space searched, it ticked nothing
    t.send(ESC + f"'{ailleurs / 'Journal du 2 oct.png'}'")
    t.wait("Fichier reconnu")
    t.send("\r")
    assert t.end() == 0, t.transcript
    assert "pieces: [captures/Journal du 2 oct.png]" in path.read_text(encoding="utf-8")


def test_etape_asks_before_replacing_a_registered_mail_number(tmp_path):
    from conftest import BASE, write_dossier
    from lettres.dossier import load_dossier

    config = _config(tmp_path)
    data = {**BASE, "demarches": [*BASE["demarches"], {"type": "courrier_prefecture", "date": "2026-11-20"}]}
    path = write_dossier(tmp_path, data)  # its envoi section has the number 1A 234 567 8901 2
    lettre = ["etape", path.name, "--type", "courrier_prefecture", "--date", "20/11/2026", "--recommande", "1B45"]
    t = Terminal(lettre, tmp_path, config)
    screen = t.wait("Le remplacer ?", "Entrée : non")
    assert "a déjà le recommandé n° 1A 234 567 8901 2 : il serait remplacé par 1B45." in " ".join(screen.split())
    t.send("\r")  # Entrée: kept
    assert t.end() == 0, t.transcript
    assert "Gardé : le recommandé n° 1A 234 567 8901 2." in t.transcript.replace("\r\n", " ")
    assert load_dossier(path).envoi.numero_recommande == "1A 234 567 8901 2"
    t = Terminal(lettre, tmp_path, config)
    t.answer("Le remplacer ?", "o\r")
    assert t.end() == 0, t.transcript
    saved = load_dossier(path)
    assert (
        saved.envoi.numero_recommande == "1B45" and [d.type for d in saved.demarches].count("courrier_prefecture") == 1
    )


ANGLAIS = ("Use arrow keys", "(Y/n)", "(y/N)", "Yes", "to select", "toggle", "invert", "Cancelled")


def test_one_line_text_and_yes_no_on_questionary_keep_the_interview_keys(tmp_path):
    """The one-line text and the oui/non question (questionary): French hints only, « o »/« n » then Entrée,
    any other answer refused with why, Échap back to the question before with its text, Ctrl-C leaving with
    the typed text kept in the draft."""
    config = _config(tmp_path)
    t = Terminal(["nouveau", "keita.yaml"], tmp_path, config)
    t.answer("? Civilité", "mons\r")
    t.answer("? Nom de famille", "keita\r")
    screen = t.wait("l'écrire ainsi dans les lettres ?", "o (oui) ou n (non) ; Entrée : oui")
    assert not any(mot in screen for mot in ANGLAIS), screen
    t.send("x\r")
    t.wait("Répondez o (oui) ou n (non).")
    t.send("\x7f" + "non")
    screen = t.wait("> non")
    assert "Répondez" not in screen  # what was said goes at the next key
    t.send(ESC)  # back to the name, as typed
    screen = t.wait("? Nom de famille", "> keita")
    assert "l'écrire ainsi" not in screen
    t.send("\x15" + "Keïta\r")
    t.answer("? « Keïta » → « KEÏTA »", "n\r")  # kept as typed
    t.answer("? Prénoms", "moussa\r")
    t.answer("? « moussa » → « Moussa »", "o\r")
    t.answer("? Date de naissance", "3 juin 19")
    t.send(ESC)  # the question before: the first name, not the name's confirmation
    t.wait("? Prénoms", "> Moussa")
    t.send("\r")
    t.wait("? Date de naissance", "> 3 juin 19")  # what Échap left typed comes back
    t.send(CTRL_C)
    assert t.end() == 130
    # folded between words, the command on its own line
    assert "keita.brouillon.yaml. Pour\r\nreprendre :\r\n  lettres nouveau keita.yaml" in t.transcript, t.transcript
    t = Terminal(["nouveau", "keita.yaml"], tmp_path, config)
    t.answer("reprendre là où vous vous", "oui\r")
    t.answer("? Date de naissance", "85\r")  # « 3 juin 19 » was kept
    t.wait("? Lieu de naissance")
    t.send(CTRL_C)
    assert t.end() == 130
    assert "? Date de naissance : 03/06/1985" in t.transcript.replace("\r\n", "\n"), t.transcript
    brouillon = (tmp_path / "keita.brouillon.yaml").read_text(encoding="utf-8")
    assert "nom: Keïta" in brouillon and "prenoms: Moussa" in brouillon, brouillon


def test_short_tick_list_on_questionary(tmp_path):
    """« Ce que ce courrier demandait » (8 lines, no search): boxes ticked with ↑ ↓ and Espace, French hints,
    a letter typed only says how the list works (never questionary's « a »: tick all), Échap back, Ctrl-C out."""
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "camara.yaml")
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("? Type de démarche", "LRAR")
    t.wait("Courrier à la préfecture (étape 5)")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    t.answer("? Détail", "Courrier n° 2 au service des étrangers\r")
    t.answer("? Résultat", "\r")
    screen = t.wait("? Ce que ce courrier demandait", "Espace pour la cocher", "> ○ Un rendez-vous")
    assert not any(mot in screen for mot in ANGLAIS) and len(screen.splitlines()) <= 24, screen
    # a long label wraps between words, under its first word
    assert "○ La solution de substitution (enregistrement de la demande hors du\n     téléservice)" in screen
    t.send("api")
    screen = t.wait("Cette liste se parcourt avec ↑ ↓")
    assert "●" not in screen
    t.send(DOWN + " ")
    t.wait("> ● Un accompagnement au point d'accueil numérique")
    t.send(ESC)
    t.answer("? Résultat", "\r")
    t.answer("? Ce que ce courrier demandait", DOWN * 6 + " " + CTRL_C)
    assert t.end() == 130
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("la reprendre", "\r")
    t.answer("? Ce que ce courrier demandait", " " + DOWN * 6 + " \r")
    t.answer("? Pièces de cette démarche", "\r")
    t.answer("? Numéro du recommandé", "\r")
    t.answer("? Date de l'avis de réception", "\r")
    assert t.end() == 0, t.transcript
    texte = path.read_text(encoding="utf-8")
    assert "objet: [rendez_vous, motifs]" in texte, texte


def _row(screen: str, texte: str) -> int:
    """The row (from 1) where ``texte`` starts on the screen."""
    return next(i for i, line in enumerate(screen.splitlines(), 1) if texte in line)


def test_refusals_right_under_the_field_when_the_terminal_reports_its_cursor(tmp_path):
    """A terminal that answers cursor position requests (most do): the reason of a refusal is on the row
    under the field, not on the window's last row, and is a sentence ending with a full stop."""
    config = _config(tmp_path)
    t = Terminal(["nouveau", "keita.yaml"], tmp_path, config, cpr="repond")
    t.answer("? Civilité", "mons\r")
    t.answer("? Nom de famille", "keita\r")
    t.wait("l'écrire ainsi")
    t.send("x\r")
    screen = t.wait("Répondez o (oui) ou n (non).")
    assert _row(screen, "Répondez o (oui)") == _row(screen, "> x") + 1, screen
    t.send("\x15o\r")
    t.answer("? Prénoms", "Moussa\r")
    t.answer("? Date de naissance", "hier\r")
    screen = t.wait("« hier » n'est pas une date")
    assert _row(screen, "n'est pas une date") == _row(screen, "> hier") + 1, screen
    assert "ou 3 juin\n  1986.\n" in screen, screen  # the example beside the question: decades before today
    t.send(CTRL_C)
    assert t.end() == 130


def test_no_english_warning_when_the_terminal_never_answers_cursor_requests(tmp_path):
    """A terminal that never answers where its cursor is: prompt_toolkit would print, two seconds after a
    question, « WARNING: your terminal doesn't support cursor position requests (CPR). »"""
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "camara.yaml")
    t = Terminal(["etape", path.name], tmp_path, config, cpr="muet")
    t.answer("? Type de démarche", "LRAR")
    t.wait("Courrier à la préfecture (étape 5)")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    t.answer("? Détail", "Courrier n° 2\r")
    t.answer("? Résultat", "\r")
    t.answer("? Ce que ce courrier demandait", " \r")  # the tick list, on questionary
    t.wait("? Pièces de cette démarche")
    t._pump(3)  # prompt_toolkit waits 2 s for an answer before warning
    t.send("\r")
    t.wait("? Numéro du recommandé")
    t._pump(3)
    t.send(CTRL_C)
    assert t.end() == 130
    assert "WARNING" not in t.transcript and "CPR" not in t.transcript, t.transcript


def test_a_list_of_long_labels_fits_80x24_and_says_where_the_rest_is(tmp_path):
    """The pièces of a first carte de résident (CR 1): 8 labels of 2 to 5 lines do not fit as tick boxes;
    the list shown fits 80×24 with its question and help, says that it goes on, and shows the whole
    highlighted label."""
    from conftest import BASE, write_dossier

    data = {**BASE, "demande": {**BASE["demande"], "nature": "premiere_demande", "categorie": "CR 1"}}
    data["demande"].pop("titre_actuel_expiration")
    path = write_dossier(tmp_path, data, "diallo.yaml")
    t = Terminal(["nouveau", path.name], tmp_path, _config(tmp_path))
    t.answer("Que voulez-vous faire", DOWN + "\r")  # Modifier une section
    t.answer("? Quelle section", "pièces de la\r")
    screen = t.wait("? Pièces de la demande réunies", "… la liste continue plus bas (↓).", "Entrée pour valider")
    assert len(screen.splitlines()) <= 24 and "> [ ] copie intégrale d'acte de naissance" in screen, screen
    t.send(DOWN * 7 + " ")
    screen = t.wait("… la liste continue plus haut (↑).", "> [x] justificatif du niveau de français")
    assert "(dispenses à vérifier)" in screen and "? Pièces de la demande réunies" in screen, screen
    t.send("\r")
    screen = t.wait("? Récapitulatif", "… la liste continue plus bas (↓).")  # the review says it too
    assert len(screen.splitlines()) <= 24, screen
    t.send(CTRL_C)
    t.end()
    assert "? Pièces de la demande réunies : justificatif du niveau de français" in t.transcript


def test_etape_without_a_file_says_once_that_it_proves_nothing_yet_and_no_word_is_cut(tmp_path):
    """A letter to the préfecture logged without its copy: « faite, sans pièce », never « elle prouve
    l'étape 5 » as well; what is printed is folded between words (no line fills the 80 columns, where the
    terminal would cut a word), the command to copy on its own line."""
    from conftest import BASE, write_dossier

    config = _config(tmp_path)
    path = write_dossier(tmp_path, dict(BASE), "camara.yaml")
    t = Terminal(["etape", path.name], tmp_path, config)
    t.answer("? Type de démarche", "LRAR")
    t.wait("Courrier à la préfecture (étape 5)")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    for question in ("? Détail", "? Résultat", "? Ce que ce courrier demandait", "? Pièces de cette démarche"):
        t.answer(question, "\r")
    t.answer("? Numéro du recommandé", "\r")
    t.answer("? Date de l'avis de réception", "\r")
    assert t.end() == 0, t.transcript
    screen = t.text()
    assert "Elle prouve" not in screen and "Faite, sans pièce : elle ne prouvera l'étape 5" in screen, screen
    assert "Le point complet :\n  lettres verifier camara.yaml" in screen, screen
    assert all(len(line) < 80 for line in screen.splitlines()), screen
    assert "avis de réception" in " ".join(screen.split()), screen
