"""Runs in the Rasa environment: many tickets for one conversation taken at the same moment
through two lock store instances (two "servers") sharing one Redis. Prints JSON.

    python lock_store_probe.py <host> <port> <password> <store: atomic|rasa>
"""

from __future__ import annotations

import json
import sys
import threading

from rasa.core.lock_store import RedisLockStore

from rasa_ext.lock_store import AtomicRedisLockStore

THREADS_PER_STORE = 25


def main() -> None:
    host, port, password, kind = sys.argv[1:5]
    cls = AtomicRedisLockStore if kind == "atomic" else RedisLockStore
    stores = [cls(host=host, port=int(port), password=password, db=3, key_prefix=kind)
              for _ in range(2)]
    conversation = f"probe-{kind}"
    stores[0].delete_lock(conversation)
    barrier = threading.Barrier(2 * THREADS_PER_STORE)
    tickets: list[int] = []
    guard = threading.Lock()

    def take(store) -> None:
        barrier.wait()
        ticket = store.issue_ticket(conversation)
        with guard:
            tickets.append(ticket)

    threads = [threading.Thread(target=take, args=(store,))
               for store in stores for _ in range(THREADS_PER_STORE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lock = stores[0].get_lock(conversation)
    for index, ticket in enumerate(tickets):
        stores[index % 2].cleanup(conversation, ticket)
    print(json.dumps({"tickets": tickets, "in_lock": len(lock.tickets) if lock else 0,
                      "left": stores[0].get_lock(conversation) is not None}))


if __name__ == "__main__":
    sys.path.insert(0, ".")
    main()
