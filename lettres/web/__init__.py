"""The browser door (``lettres web``): the same dossiers, checks and documents as the terminal, as pages
served on this computer only (127.0.0.1), for those who never open a terminal.

Nothing here decides anything about a dossier: the pages call the library (questions from the schema,
``verify``, ``generate``, ``run_batch``, the tracking table) and show what it returns.
"""
