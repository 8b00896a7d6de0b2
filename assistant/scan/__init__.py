"""The bedrijfsscan: definition (from ``knowledge/scan/``), answer interpretation, the
session state machine, scoring and advice, vervolgscan comparison and the HTML report.

The chat layer uses ``definition.load_definition``, ``answers.interpret``, the functions in
``session`` and ``scoring.score`` / ``scoring.advise``; nothing here imports Rasa.
"""
