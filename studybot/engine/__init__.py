"""The quiz engine: platform-neutral rules, replies and grading."""
