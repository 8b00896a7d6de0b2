"""Attack tests (issue 20): one file per finding; each attack failed before its fix.

The real stack (``tests/stack/conftest.py``) for the attacks on the action server's path.
"""

from tests.stack.conftest import chat  # noqa: F401  (a fixture; ``stack`` is in tests/conftest.py)
