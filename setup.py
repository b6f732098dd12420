"""Packaging that pyproject.toml cannot say: the top-level decks/ also ship inside the package.

pyproject.toml maps the package `studybot._decks` onto `decks/` (package-dir); `packages.find` cannot list
a package that lives outside `studybot/`, so the list is found here. At run time importlib.resources finds it.
"""

from setuptools import find_namespace_packages, setup

packages = find_namespace_packages(include=["studybot", "studybot.*"], exclude=["*.__pycache__"])
setup(packages=[*packages, "studybot._decks"])
