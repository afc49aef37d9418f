"""Tools for trainers: the agenda that adds up, the slide rule of the lesson notebooks, the
reveal.js decks and the projector-size figures.

Run from the repository root: ``python -m sptools.trainer agenda`` (or ``python3 tasks.py agenda``),
``python -m sptools.trainer slide-types``, ``python -m sptools.trainer slides``.
These tools read and write the course's files (notebooks, ``book/agenda.yml``); they belong to the
course layer and no method imports them.
"""
