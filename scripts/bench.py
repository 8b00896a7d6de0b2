"""``make bench``: Schakel's speed against Rasa's own example bot, same client, same run.

1. Trains Rasa's example assistant (``rasa init --no-prompt``) in a temporary folder with
   the same Rasa environment and serves it with ``rasa run``: the reference bot.
2. Starts Schakel's stack as ``make run`` does (free ports, throw-away data dir): Redis,
   the action server, the API and ``SCHAKEL_RASA_REPLICAS`` (2) Rasa servers behind nginx.
3. Drives simulated conversations over the REST channel at each concurrency level, for
   both bots in turn (Schakel half the time, the reference, Schakel again: a drift in
   the machine's speed weighs the same on both), and prints throughput and p50/p95/p99
   latency per level, Schakel's figures as ratios to the reference, the training wall
   time, resident memory per process and the CPU time each process spent per message.

4. Profiles the Rasa server and the action server with py-spy at one level
   (``scripts/profile.py``) and prints where the time goes.

    .venv/bin/python -m scripts.bench [--levels 1 10 50] [--seconds 20] [--no-reference]
                                      [--train] [--profile-level 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.settings import Settings
from scripts import profile
from scripts.services import Service, free_port, start_and_wait
from scripts.stack import RASA_BIN, Stack

# Realistic ondernemer conversations; each is sent message by message.
SCHAKEL_CONVERSATIONS = [
    ["hallo", "wat is de WBSO?", "hoeveel is het?", "hoe vraag ik dat aan?", "dank je"],
    ["hoi", "ik zoek geld voor een nieuwe machine", "kom ik in aanmerking voor de EIA?",
     "doei"],
    ["ik wil mijn hulpvraag doorgeven", "ja", "we willen gaan digitaliseren",
     "Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n zessen",
     "bakkerij", "heb ik nog niet", "e-mail", "sanne@korenbloem.nl", "laat maar"],
    ["ik wil de bedrijfsscan doen", "digitalisering", "snelle scan", "ja", "nee",
     "een beetje", "weet ik niet", "3", "stop"],
    ["ben je een robot?", "wat kun je?", "welke subsidie is er voor duurzaamheid",
     "ik wil iemand spreken"],
]
REFERENCE_CONVERSATIONS = [
    ["hi", "I am sad", "yes", "bye"],
    ["hello", "great", "thanks", "goodbye"],
    ["hey", "very bad", "no", "bye"],
    ["are you a bot?", "hi", "I am happy", "bye"],
]


@dataclass
class LevelResult:
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def _conversation_worker(
    client: httpx.AsyncClient, url: str, scripts: list[list[str]], deadline: float,
    result: LevelResult, rng: random.Random,
) -> None:
    while time.monotonic() < deadline:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for message in rng.choice(scripts):
            if time.monotonic() >= deadline:
                return
            start = time.perf_counter()
            try:
                response = await client.post(url, json={"sender": sender, "message": message})
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                result.latencies_ms.append((time.perf_counter() - start) * 1000)
            else:
                result.errors += 1


async def drive(url: str, scripts: list[list[str]], concurrency: int, seconds: float,
                seed: int = 7) -> LevelResult:
    """``concurrency`` simulated people talking for ``seconds``; one message at a time each."""
    result = LevelResult(concurrency)
    limits = httpx.Limits(max_connections=concurrency + 5)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        rng = random.Random(seed)
        await asyncio.gather(*(
            _conversation_worker(client, url, scripts, deadline, result,
                                 random.Random(rng.random()))
            for _ in range(concurrency)
        ))
        result.seconds = time.monotonic() - started
    return result


def _family(pid: int) -> list[int]:
    """A process and its children (Rasa and nginx run workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(p) for p in children.read_text().split())] if children.exists() \
        else [pid]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for each in _family(pid):
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children used so far (from /proc)."""
    ticks = 0
    for each in _family(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def memory(services: list[Service]) -> dict[str, float]:
    return {s.name: round(rss_mb(s.process.pid)) for s in services if s.process}


def cpu(services: list[Service]) -> dict[str, float]:
    return {s.name: cpu_seconds(s.process.pid) for s in services if s.process}


def train_reference(workdir: Path) -> float:
    """``rasa init --no-prompt`` in ``workdir``; returns the wall time in seconds."""
    start = time.monotonic()
    subprocess.run(
        [str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(workdir)],
        check=True, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return time.monotonic() - start


def time_schakel_training(out_dir: Path) -> float:
    start = time.monotonic()
    subprocess.run(
        [str(RASA_BIN), "train", "--force", "--out", str(out_dir)], check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return time.monotonic() - start


def reference_service(workdir: Path, port: int) -> Service:
    model = next((workdir / "models").glob("*.tar.gz"))
    return Service(
        "referentie",
        [str(RASA_BIN), "run", "--enable-api", "--model", str(model), "--port", str(port),
         "--interface", "127.0.0.1", "--endpoints", str(workdir / "endpoints.yml"),
         "--credentials", str(workdir / "credentials.yml")],
        f"http://127.0.0.1:{port}/status",
        {"RASA_TELEMETRY_ENABLED": "false"},
    )


def print_table(name: str, results: list[LevelResult]) -> None:
    print(f"\n{name}")
    print(f"{'gelijktijdig':>12} {'berichten':>9} {'fouten':>6} {'msg/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for r in results:
        print(f"{r.concurrency:>12} {len(r.latencies_ms):>9} {r.errors:>6} {r.throughput:>7.1f} "
              f"{r.percentile(50):>7.0f} {r.percentile(95):>7.0f} {r.percentile(99):>7.0f}")


def print_ratios(ours: list[LevelResult], reference: list[LevelResult]) -> None:
    print("\nSchakel / referentie (doel: p95 bij 1 ≤ 1.0×, verzadigde doorvoer ≥ 1.5×)")
    for a, b in zip(ours, reference, strict=True):
        print(f"{a.concurrency:>12}  doorvoer {a.throughput / b.throughput:5.2f}×   "
              f"p95 {a.percentile(95) / b.percentile(95):5.2f}×")
    best_ours = max(r.throughput for r in ours)
    best_ref = max(r.throughput for r in reference)
    print(f"{'verzadigd':>12}  doorvoer {best_ours / best_ref:5.2f}× "
          f"({best_ours:.1f} tegen {best_ref:.1f} msg/s)")


@dataclass
class Bot:
    url: str
    conversations: list[list[str]]


def merged(a: LevelResult, b: LevelResult) -> LevelResult:
    return LevelResult(a.concurrency, a.latencies_ms + b.latencies_ms, a.errors + b.errors,
                       a.seconds + b.seconds)


async def run_levels(schakel: Bot, reference: Bot | None, levels, seconds,
                     on_start=None, on_peak=None, on_end=None,
                     ) -> tuple[list[LevelResult], list[LevelResult]]:
    """Per level: Schakel for half the time, the reference for the whole time, Schakel
    for the other half (A-B-A). This machine's speed drifts by 10-15% over minutes; in
    this order a drift weighs the same on both bots. The hooks see Schakel's halves."""
    for bot in filter(None, (schakel, reference)):
        await drive(bot.url, bot.conversations, 2, 2)  # warm-up
    ours, theirs = [], []
    for level in levels:
        halves = []
        for half in (0, 1):
            if half and reference:
                theirs.append(await drive(reference.url, reference.conversations, level,
                                          seconds))
            task = asyncio.ensure_future(drive(schakel.url, schakel.conversations, level,
                                               seconds / 2))
            if on_start:
                on_start(level, half)
            if on_peak and not half:
                await asyncio.sleep(seconds / 4)
                on_peak(level)
            halves.append(await task)
            if on_end:
                on_end(halves[-1])
        ours.append(merged(*halves))
    return ours, theirs


def start_reference(workdir: Path) -> tuple[Service, Bot, float]:
    """Train (``rasa init``) and start the reference bot: (its server, how to talk to it,
    its training time)."""
    workdir.mkdir()
    seconds = train_reference(workdir)
    port = free_port()
    service = reference_service(workdir, port)
    (workdir / "logs").mkdir()
    try:
        start_and_wait([service], workdir / "logs", time.monotonic() + 180)
    except BaseException:
        service.stop()
        raise
    bot = Bot(f"http://127.0.0.1:{port}/webhooks/rest/webhook", REFERENCE_CONVERSATIONS)
    return service, bot, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--train", action="store_true", help="also time a full 'rasa train'")
    parser.add_argument("--profile-level", type=int, default=10,
                        help="profile Rasa and the action server with py-spy at this "
                             "concurrency (0: no profile)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="schakel-bench-"))
    settings = Settings(data_dir=workdir / "schakel", rasa_port=free_port(),
                        action_port=free_port(), api_port=free_port())
    reference: Service | None = None
    reference_bot: Bot | None = None
    try:
        if args.train:
            print(f"rasa train (volledig model): {time_schakel_training(workdir / 'm'):.0f} s")
        if not args.no_reference:
            reference, reference_bot, seconds = start_reference(workdir / "referentie")
            print(f"Referentiebot getraind (rasa init) in {seconds:.0f} s")
        with Stack(settings) as stack:
            print(f"Geheugen in rust (MB): {memory(stack.services)}")
            peak: dict[int, dict[str, float]] = {}
            spent: dict[int, dict[str, float]] = {}  # CPU seconds per process, per level
            messages: dict[int, int] = {}
            recordings: list[profile.Recording] = []
            used: dict[str, float] = {}

            def start_half(level: int, half: int) -> None:
                used.update(cpu(stack.services))
                if level == args.profile_level and not half and profile.available():
                    recordings.extend(
                        profile.start(s.name, s.process.pid, max(1, args.seconds / 2 - 2))
                        for s in (stack.rasa_services[0], stack.actions))

            def end_half(result: LevelResult) -> None:
                level = result.concurrency
                totals = spent.setdefault(level, {})
                for name, after in cpu(stack.services).items():
                    totals[name] = totals.get(name, 0.0) + after - used[name]
                messages[level] = messages.get(level, 0) + len(result.latencies_ms)

            ours, theirs = asyncio.run(run_levels(
                Bot(f"{settings.rasa_url}/webhooks/rest/webhook", SCHAKEL_CONVERSATIONS),
                reference_bot, args.levels, args.seconds,
                on_start=start_half,
                on_peak=lambda level: peak.__setitem__(level, memory(stack.services)),
                on_end=end_half,
            ))
            for level, mem in peak.items():
                print(f"Geheugen onder last bij {level} (MB): {mem}")
            for level, totals in spent.items():
                per_message = {name: round(seconds * 1000 / max(1, messages[level]), 1)
                               for name, seconds in totals.items()}
                print(f"CPU per bericht bij {level} (ms): {per_message}")
            if recordings:
                print(f"\nProfiel bij {args.profile_level} gelijktijdige gesprekken (py-spy):")
            for recording in recordings:
                print(profile.finish(recording))
        print_table("Schakel", ours)
        if theirs:
            print_table("Referentie (rasa init)", theirs)
            print_ratios(ours, theirs)
    finally:
        if reference:
            reference.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
