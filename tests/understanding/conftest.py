from __future__ import annotations

import pytest

from assistant.knowledge import KnowledgeBase
from tests.knowledge.helpers import REPO_KNOWLEDGE


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(REPO_KNOWLEDGE)
