"""get_knowledge_base caches, reloads changed files (checked at most once a second) and
keeps the last good version when a change breaks a file."""

from __future__ import annotations

import logging

import pytest

from assistant.knowledge import KnowledgeError, get_knowledge_base
from assistant.knowledge import cache as cache_module
from tests.knowledge.helpers import entry_data, make_knowledge_dir, write_entry


@pytest.fixture
def clock(monkeypatch, fresh_cache):
    now = [1000.0]
    monkeypatch.setattr(cache_module, "_clock", lambda: now[0])
    return now


def test_the_same_object_is_served_until_a_file_changes(tmp_path, clock):
    knowledge_dir = make_knowledge_dir(tmp_path)
    first = get_knowledge_base(knowledge_dir)
    clock[0] += 5
    assert get_knowledge_base(knowledge_dir) is first


def test_a_changed_file_is_picked_up_after_the_check_interval(tmp_path, clock):
    knowledge_dir = make_knowledge_dir(tmp_path)
    assert (
        get_knowledge_base(knowledge_dir).get("test-regeling").naam == "Testregeling voor innovatie"
    )
    write_entry(knowledge_dir, entry_data(naam="Nieuwe naam, langer dan eerst"))
    clock[0] += 0.5  # within a second: no look at the files yet
    assert (
        get_knowledge_base(knowledge_dir).get("test-regeling").naam == "Testregeling voor innovatie"
    )
    clock[0] += 1
    knowledge_base = get_knowledge_base(knowledge_dir)
    assert knowledge_base.get("test-regeling").naam == "Nieuwe naam, langer dan eerst"
    assert knowledge_base.search("langer")[0].entry.id == "test-regeling"


def test_new_and_removed_files_are_picked_up(tmp_path, clock):
    knowledge_dir = make_knowledge_dir(tmp_path)
    extra = write_entry(knowledge_dir, entry_data("tweede"))
    clock[0] += 2
    assert len(get_knowledge_base(knowledge_dir).entries) == 2
    extra.unlink()
    clock[0] += 2
    assert [e.id for e in get_knowledge_base(knowledge_dir).entries] == ["test-regeling"]


def test_a_broken_change_keeps_the_last_good_version_and_warns(tmp_path, clock, caplog):
    knowledge_dir = make_knowledge_dir(tmp_path)
    good = get_knowledge_base(knowledge_dir)
    write_entry(knowledge_dir, entry_data(themas=["onbestaand-thema"]))
    clock[0] += 2
    with caplog.at_level(logging.WARNING, logger="assistant.knowledge.cache"):
        assert get_knowledge_base(knowledge_dir) is good
    assert "vorige versie blijft in gebruik" in caplog.text
    assert "test-regeling.yml: veld 'themas[0]'" in caplog.text
    write_entry(knowledge_dir, entry_data(naam="Gerepareerd en weer goed"))
    clock[0] += 2
    assert get_knowledge_base(knowledge_dir).get("test-regeling").naam == "Gerepareerd en weer goed"


def test_a_broken_first_load_raises(tmp_path, clock):
    knowledge_dir = make_knowledge_dir(tmp_path, entry_data(themas=["onbestaand"]))
    with pytest.raises(KnowledgeError):
        get_knowledge_base(knowledge_dir)
