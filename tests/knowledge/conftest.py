from __future__ import annotations

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.knowledge.cache import clear_cache
from tests.knowledge.helpers import REPO_KNOWLEDGE


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real knowledge base, loaded once for the whole session."""
    return KnowledgeBase.load(REPO_KNOWLEDGE)


@pytest.fixture
def fresh_cache():
    clear_cache()
    yield
    clear_cache()
