"""Readers of the deck files learners upload: our YAML, CSV / TSV and Anki packages. Each returns a
`ParsedDeck` (decks/formats/model.py) or raises `UploadProblem` with one line a learner can act on."""
