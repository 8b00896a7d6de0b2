"""``make bench``: Schakel's speed against Rasa's own example bot, same client, same run.

1. Starts Schakel's stack as ``make run`` does (free ports, throw-away data dir): Redis,
   the action server, the API and ``SCHAKEL_RASA_REPLICAS`` (2) Rasa servers behind nginx.
2. Trains Rasa's example assistant (``rasa init --no-prompt``) in a temporary folder with
   the same Rasa environment and serves it with ``rasa run``: the reference bot.
3. Drives simulated conversations over the REST channel at each concurrency level, for
   both bots, and prints throughput and p50/p95/p99 latency per level, Schakel's figures
   as ratios to the reference, the training wall time, resident memory per process and
   the CPU time each process spent per message.

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


async def run_levels(url: str, scripts, levels, seconds, on_peak=None,
                     on_start=None, on_end=None) -> list[LevelResult]:
    results = []
    for level in levels:
        await drive(url, scripts, min(level, 2), 2)  # warm-up
        task = asyncio.ensure_future(drive(url, scripts, level, seconds))
        if on_start:
            on_start(level)
        if on_peak:
            await asyncio.sleep(seconds / 2)
            on_peak(level)
        results.append(await task)
        if on_end:
            on_end(results[-1])
    return results


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
    reference_results: list[LevelResult] = []
    try:
        if args.train:
            print(f"rasa train (volledig model): {time_schakel_training(workdir / 'm'):.0f} s")
        with Stack(settings) as stack:
            print(f"Geheugen in rust (MB): {memory(stack.services)}")
            peak: dict[int, dict[str, float]] = {}
            cpu_per_message: dict[int, dict[str, float]] = {}
            recordings: list[profile.Recording] = []

            used: dict[str, float] = {}

            def start_level(level: int) -> None:
                used.update(cpu(stack.services))
                if level == args.profile_level and profile.available():
                    recordings.extend(
                        profile.start(s.name, s.process.pid, max(1, args.seconds - 2))
                        for s in (stack.rasa_services[0], stack.actions))

            ours = asyncio.run(run_levels(
                f"{settings.rasa_url}/webhooks/rest/webhook", SCHAKEL_CONVERSATIONS,
                args.levels, args.seconds,
                on_peak=lambda level: peak.__setitem__(level, memory(stack.services)),
                on_start=start_level,
                on_end=lambda result: cpu_per_message.__setitem__(result.concurrency, {
                    name: round((after - used[name]) * 1000 / max(1, len(result.latencies_ms)), 1)
                    for name, after in cpu(stack.services).items()}),
            ))
            for level, mem in peak.items():
                print(f"Geheugen onder last bij {level} (MB): {mem}")
            for level, per_message in cpu_per_message.items():
                print(f"CPU per bericht bij {level} (ms): {per_message}")
            if recordings:
                print(f"\nProfiel bij {args.profile_level} gelijktijdige gesprekken (py-spy):")
            for recording in recordings:
                print(profile.finish(recording))
        print_table("Schakel", ours)
        if not args.no_reference:
            ref_dir = workdir / "referentie"
            ref_dir.mkdir()
            print(f"\nReferentiebot getraind (rasa init) in {train_reference(ref_dir):.0f} s")
            port = free_port()
            service = reference_service(ref_dir, port)
            (ref_dir / "logs").mkdir()
            try:
                start_and_wait([service], ref_dir / "logs", time.monotonic() + 180)
                reference_results = asyncio.run(run_levels(
                    f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                    REFERENCE_CONVERSATIONS, args.levels, args.seconds,
                ))
            finally:
                service.stop()
            print_table("Referentie (rasa init)", reference_results)
            print_ratios(ours, reference_results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
