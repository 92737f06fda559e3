"""The pages of ``lettres web``, one module per page: each reads the request, calls the library, renders."""
