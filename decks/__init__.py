"""The bundled decks. Installed inside the package as `studybot._decks` (see setup.py); this file holds no code."""
