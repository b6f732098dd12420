"""studybot: a spaced-repetition study bot for chat platforms."""

__version__ = "0.1.0"
