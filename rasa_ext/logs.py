"""Mask personal data in every log record of the Rasa process.

The masking lives in ``assistant/intake/privacy.py``. It is loaded from its file:
importing the ``assistant.intake`` package would pull in the app environment's
dependencies, which Rasa's lacks; the module itself needs only ``logging`` and ``re``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

PRIVACY_PY = Path(__file__).resolve().parent.parent / "assistant" / "intake" / "privacy.py"


def install() -> None:
    spec = importlib.util.spec_from_file_location("schakel_privacy", PRIVACY_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install_log_masking()
