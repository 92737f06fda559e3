"""One end-to-end interview in a real pseudo-terminal (pexpect): what a caseworker sees and types."""

from __future__ import annotations

import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")  # POSIX only; the pipe-input tests cover the same engine elsewhere


def test_nouveau_in_a_real_terminal(tmp_path):
    env = {
        **os.environ,
        "LETTRES_CONFIG": str(tmp_path / "config.yaml"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "lettres", "nouveau", "kone.yaml"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 160),
    )
    answers = [
        ("Qui signe", "pers\r"),
        ("Indiquer vos coordonnées", "n\r"),
        ("Date du consentement", "\r"),
        ("Civilité", "Monsieur\r"),
        ("Nom de famille", "KONÉ\r"),
        ("Prénoms", "Moussa\r"),
        ("Date de naissance", "03/06/1985\r"),
        ("Lieu de naissance", "Bamako (Mali)\r"),
        ("Nationalité", "malienne\r"),
        ("Adresse postale", "5 rue du Port\r06300 Nice\x1b\r"),
        ("Adresse électronique", "moussa.kone@example.org\r"),
        ("Téléphone", "\r"),
        ("Nature de la demande", "Premi\r"),
        ("Titre de séjour demandé", "carte de séjour temporaire\r"),
        ("Préfecture", "06\r"),
        ("Numéro étranger", "\r"),
        ("Numéro de la demande ANEF", "\r"),
        ("Date de dépôt", "\r"),
        ("Types de blocage", " \r"),
        ("Blocage constaté depuis", "02/11/2026\r"),
        ("Message d'erreur", "\r"),
        ("Description du blocage", "\x1b\r"),
        ("Conséquences", "\x1b\r"),
        ("Ajouter une démarche", "o\r"),
        ("Type de démarche", "Capture\r"),
        ("Date", "02/11/2026\r"),
        ("Heure", "10:15\r"),
        ("Détail", "Compte impossible à créer\r"),
        ("Résultat", "\r"),
        ("Pièce n° 1", "\r"),
        ("Ajouter une autre démarche", "n\r"),
        ("Passeport", "\r"),
        ("Orienter la personne", "n\r"),
        ("Envoi en recommandé", "\r"),
        ("Numéro du recommandé", "\r"),
        ("Adresse électronique de la préfecture", "\r"),
        ("Que voulez-vous faire", "\r"),
        ("Générer les documents maintenant", "n\r"),
    ]
    for prompt, keys in answers:
        child.expect_exact(prompt)
        child.send(keys)
    child.expect_exact("Plus tard : lettres generer kone.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (tmp_path / "kone.yaml").read_text(encoding="utf-8")
    assert "nom: KONÉ" in text and "nature: premiere_demande" in text and "prefecture: '06'" in text
