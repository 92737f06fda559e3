"""lettres — courriers pour les blocages de demandes de titre de séjour sur l'ANEF."""

__version__ = "0.1.0"
