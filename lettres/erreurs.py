"""One error hierarchy: every user error carries a French message and an exit code."""

from __future__ import annotations

import errno


class LettresError(Exception):
    """A user error: the CLI prints ``message`` and exits with ``code``, never a traceback."""

    code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DossierInvalide(LettresError):
    """The dossier file cannot be read or does not follow the format."""

    def __init__(self, erreurs: list[str], fichier: str | None = None):
        self.erreurs = erreurs
        self.fichier = fichier
        entete = f"{fichier} : " if fichier else ""
        if len(erreurs) == 1:
            message = f"{entete}{erreurs[0]}"
        else:
            liste = "\n".join(f"  - {e}" for e in erreurs)
            message = f"{entete}{len(erreurs)} erreurs dans le dossier :\n{liste}"
        super().__init__(message)


class ConfigurationIllisible(LettresError):
    """The configuration file exists but cannot be used (not YAML, an unknown key, a refused value)."""

    def __init__(self, message: str, fichier: object):
        super().__init__(message)
        self.fichier = fichier


class FichierIntrouvable(LettresError):
    pass


class SortieExistante(LettresError):
    pass


class DocumentImpossible(LettresError):
    """A document cannot be produced from this dossier (missing consent, missing fact...)."""


class ModeleInvalide(LettresError):
    """A Word or e-mail template cannot be rendered."""


class TableauInutilisable(LettresError):
    """A spreadsheet that cannot be used at all: missing columns, unreadable encoding or format."""


class Interrompu(LettresError):
    code = 130


class ArretDemande(KeyboardInterrupt):
    """SIGTERM or SIGHUP: handled like Ctrl-C (temporary files removed), exit code 128 + signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.code = 128 + signum


class PieceRefusee(LettresError):
    """A pièce that cannot be attached: outside the dossier, not a regular file, too large, unreadable."""

    def __init__(self, message: str, chemin: str = ""):
        super().__init__(message)
        self.chemin = chemin


# the system's own messages are in English: the user reads these instead
RAISONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOSPC: "disque plein",
    getattr(errno, "EDQUOT", -1): "quota de disque dépassé",
    errno.EROFS: "support en lecture seule",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques",
    errno.EIO: "erreur de lecture ou d'écriture du support",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EEXIST: "le fichier existe déjà",
    errno.EBUSY: "fichier occupé",
    errno.EFBIG: "fichier trop gros",
    errno.ENXIO: "périphérique absent",
}


def raison_systeme(exc: OSError) -> str:
    """The reason of a system error, in French (« disque plein », « permission refusée »…)."""
    return RAISONS.get(exc.errno or 0, f"erreur système n° {exc.errno}" if exc.errno else "erreur système")


class EcritureImpossible(LettresError):
    """A file of the tool cannot be written (read-only folder, disk full…)."""

    @classmethod
    def de(cls, path, exc: OSError) -> EcritureImpossible:
        return cls(
            f"Impossible d'écrire « {path} » ({raison_systeme(exc)}) : libérez de la place ou choisissez un "
            "dossier où vous pouvez écrire, puis recommencez."
        )
