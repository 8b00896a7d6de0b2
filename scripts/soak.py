"""``make soak``: many simultaneous ondernemers against production mode, for minutes.

    .venv/bin/python -m scripts.soak [--minutes 5] [--conversations 100]

Starts production mode (``scripts/stack_prod.py``: PostgreSQL, Redis, 2 Rasa servers,
2 action servers, 2 API processes, nginx) in a throw-away folder, then keeps
``--conversations`` simulated ondernemers talking over the REST channel at the same time
(loopback only) until the time is up. Every conversation follows a realistic script;
some ask for an adviser (an overdracht) or finish an intake. At the end it waits for the
outboxes to deliver and checks the database: every overdracht and intake the ondernemer
was promised must be there exactly once.

Prints: messages, throughput, latency p50/p95/p99/max, errors (HTTP errors, timeouts,
silence, the "er gaat iets mis" message), lost and doubled overdrachten and intakes.
Bounded: at most 60 minutes and 300 conversations; every request times out after 60 s.
Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.settings import get_settings
from scripts.services import free_port
from scripts.stack_prod import ProdStack

ADVISER = ["hallo", "ik wil iemand spreken", "ja", "dankjewel"]
INTAKE = ["ik wil mijn hulpvraag doorgeven", "ja", "Ik wil mijn bakkerij verduurzamen",
          "Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n zessen",
          "heb ik nog niet", "hier in de chat", "ja"]
SCRIPTS = [
    ("vraag", ["hallo", "wat is de WBSO?", "hoeveel is het?", "hoe vraag ik dat aan?", "doei"]),
    ("vraag", ["hoi", "ik zoek geld voor een nieuwe machine", "dank je"]),
    ("klets", ["ben je een robot?", "wat kun je?", "xqzv blorp", "dankjewel"]),
    ("scan", ["ik wil de bedrijfsscan doen", "digitalisering", "ja", "nee", "weet ik niet",
              "stop"]),
    ("overdracht", ADVISER),
    ("intake", INTAKE),
]
STORING = "er gaat bij mij even iets mis"
MAX_MINUTES = 60
MAX_CONVERSATIONS = 300


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    promised: dict[str, set[str]] = field(default_factory=lambda: {"overdracht": set(),
                                                                    "intake": set()})
    conversations: int = 0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def converse(client: httpx.AsyncClient, url: str, deadline: float, results: Results,
                   rng: random.Random) -> None:
    while time.monotonic() < deadline:
        kind, script = rng.choice(SCRIPTS)
        sender = f"soak-{uuid.uuid4().hex[:12]}"
        results.conversations += 1
        for text in script:
            if time.monotonic() >= deadline:
                return
            start = time.perf_counter()
            try:
                response = await client.post(url, json={"sender": sender, "message": text})
                response.raise_for_status()
                messages = response.json()
            except httpx.TimeoutException:
                results.errors["timeout"] += 1
                break
            except (httpx.HTTPError, ValueError) as exc:
                results.errors[type(exc).__name__] += 1
                break
            results.latencies_ms.append((time.perf_counter() - start) * 1000)
            said = " ".join(m.get("text") or "" for m in messages)
            if not messages:
                results.errors["stilte"] += 1
            if STORING in said:
                results.errors["storingsmelding"] += 1
            if kind == "overdracht" and "doorgegeven aan het MKB Schakelteam" in said:
                results.promised["overdracht"].add(sender)
            if kind == "overdracht" and "ik heb het bewaard" in said:
                results.promised["overdracht"].add(sender)
            if kind == "intake" and "SCH-" in said:
                results.promised["intake"].add(sender)
            await asyncio.sleep(rng.uniform(0.2, 1.0))  # a person reads and types


async def drive(url: str, conversations: int, seconds: float, seed: int) -> Results:
    results = Results()
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(converse(client, url, deadline, results, random.Random(seed + i))
                               for i in range(conversations)))
    return results


def stored(stack: ProdStack, table: str, senders: set[str]) -> Counter:
    if not senders:
        return Counter()
    with stack.postgres._connect("schakel") as connection:
        rows = connection.execute(
            f"SELECT conversation_id FROM {table} WHERE conversation_id = ANY(%s)",
            (list(senders),)).fetchall()
    return Counter(row[0] for row in rows)


def wait_for_outboxes(stack: ProdStack, results: Results, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(len(stored(stack, table, results.promised[kind])) == len(results.promised[kind])
               for kind, table in (("overdracht", "overdrachten"), ("intake", "intakes"))):
            return
        time.sleep(2)


def report(results: Results, seconds: float, stack: ProdStack) -> int:
    count = len(results.latencies_ms)
    print(f"\nSoak: {results.conversations} gesprekken, {count} berichten in {seconds:.0f} s "
          f"({count / seconds:.1f} bericht/s)")
    print(f"Latentie ms: p50 {results.percentile(50):.0f}  p95 {results.percentile(95):.0f}  "
          f"p99 {results.percentile(99):.0f}  max {max(results.latencies_ms, default=0):.0f}")
    print(f"Fouten: {dict(results.errors) or 'geen'}")
    problems = sum(results.errors.values())
    for kind, table in (("overdracht", "overdrachten"), ("intake", "intakes")):
        promised = results.promised[kind]
        found = stored(stack, table, promised)
        lost = [s for s in promised if found[s] == 0]
        doubled = [s for s in promised if found[s] > 1]
        print(f"{kind}: beloofd {len(promised)}, opgeslagen {len(found)}, kwijt {len(lost)}, "
              f"dubbel {len(doubled)}")
        problems += len(lost) + len(doubled)
    dead = [s.name for s in stack.dead()]
    print(f"Gestopte processen: {dead or 'geen'}")
    return 1 if problems or dead else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    minutes = min(args.minutes, MAX_MINUTES)
    conversations = max(1, min(args.conversations, MAX_CONVERSATIONS))

    folder = Path(tempfile.mkdtemp(prefix="schakel-soak-"))
    folder.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    settings = get_settings()
    # One address (loopback) carries every simulated ondernemer: count per conversation only.
    stack = ProdStack(settings, folder, public_port=free_port(),
                      extra_env={"SCHAKEL_RATE_LIMIT_PER_ADDRESS": "0"})
    print(f"Productiemodus starten in {folder}…", flush=True)
    try:
        with stack:
            url = f"{stack.public_url}/webhooks/rest/webhook"
            print(f"{conversations} gesprekken tegelijk, {minutes:g} minuten…", flush=True)
            started = time.monotonic()
            results = asyncio.run(drive(url, conversations, minutes * 60, args.seed))
            elapsed = time.monotonic() - started
            wait_for_outboxes(stack, results)
            return report(results, elapsed, stack)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
