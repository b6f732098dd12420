"""Chat adapters: each parses its platform's input, calls the engine, and renders the engine's replies."""
