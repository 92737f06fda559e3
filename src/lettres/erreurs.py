"""One error hierarchy: every user error carries a French message and an exit code."""


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
        entete = f"{fichier} : " if fichier else ""
        if len(erreurs) == 1:
            message = f"{entete}{erreurs[0]}"
        else:
            liste = "\n".join(f"  - {e}" for e in erreurs)
            message = f"{entete}{len(erreurs)} erreurs dans le dossier :\n{liste}"
        super().__init__(message)


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
