"""Rasa's Redis lock store, made atomic.

Rasa 3.6's ``RedisLockStore`` changes a conversation's ticket lock with a plain
GET, change, SET. Two messages for one conversation that arrive at the same moment on
two Rasa servers can both read "no lock", both take ticket 0 and run at the same time:
one message's events are then lost when the other server saves the tracker (shown by
``tests/faults/test_prod_faults.py``). Here every read-change-write of a lock is one
Redis transaction (WATCH/MULTI/EXEC, retried when another server changed the lock in
between), so tickets are unique and messages are handled one after the other.

endpoints.prod.yml: ``lock_store: {type: rasa_ext.lock_store.AtomicRedisLockStore, ...}``
with the same settings as Rasa's ``type: redis``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# change(lock) -> (value to return, lock to save or None to delete the key)
Change = Callable[[TicketLock | None], tuple[Any, TicketLock | None]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs,
                      **kwargs}
        super().__init__(**kwargs)

    def _atomically(self, conversation_id: str, change: Change) -> Any:
        key = self.key_prefix + conversation_id

        def transaction(pipe) -> Any:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            result, new_lock = change(lock)
            pipe.multi()
            if new_lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, new_lock.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str,
                     lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: TicketLock | None) -> tuple[int, TicketLock]:
            lock = lock or self.create_lock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._atomically(conversation_id, change)
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return None, lock

        self._atomically(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give up the ticket; remove the lock when nobody else waits (in one step)."""
        def change(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if lock.is_someone_waiting() else None

        self._atomically(conversation_id, change)
