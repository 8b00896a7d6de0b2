"""``make eval``: real ondernemers' questions, end to end through the REST channel.

Each question of ``tests/eval/{dev,test}.yml`` (quoted as people wrote them on public
pages, with the source URL) is the first message of a new conversation with a running
Schakel stack. A reply is judged by what a person reads:

- **goed**: an expected regeling, onderwerp or organisation is among the first three
  entries the reply names (in the order they appear), or, for a request for a person,
  the hand-off to an adviser starts;
- **eerlijk doorverwezen**: not that, but the reply says honestly that Schakel has no
  answer and names where to go (the "niet gevonden" answer, or "not my field" with the
  organisation that can help);
- **niet begrepen**: "Sorry, dat begreep ik niet goed" (or the offer after it);
- **fout**: anything else (other entries named, a wrong flow).

Prints a table per category for each part, and with ``--missers`` every miss.

    .venv/bin/python -m scripts.eval_chat [--part dev|test|all] [--url URL] [--missers]

Without ``--url`` it starts the stack itself (as ``make run`` does, on free ports).
The test part is never used for tuning: calibrate on the dev part only.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from assistant.knowledge import KnowledgeBase, get_knowledge_base
from assistant.knowledge.text import STOPWORDS, words

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
PARTS = ("dev", "test")
TOP = 3
CONCURRENCY = 4
HANDOFF = "adviseur"  # the expected id of a request for a person
OUTCOMES = ("goed", "eerlijk doorverwezen", "niet begrepen", "fout")
# How a reply that starts the hand-off, says "not found" or "not understood" reads.
_HANDOFF_TEXTS = ("Ik breng je graag in contact met een adviseur",
                  "Zal ik je met een adviseur in contact brengen?",
                  "Ik heb je doorgegeven aan het MKB Schakelteam",
                  "Je bent al doorgegeven aan een adviseur")
_NOT_FOUND_TEXTS = ("geen antwoord op gevonden", "Daar kan ik je niet mee helpen")
_NOT_UNDERSTOOD_TEXTS = ("dat begreep ik niet goed", "Ik begrijp je vraag nog steeds niet",
                         "begrijp ik nog steeds niet")


def load_questions(part: str) -> list[dict]:
    parts = PARTS if part == "all" else (part,)
    questions = []
    for name in parts:
        with (EVAL_DIR / f"{name}.yml").open(encoding="utf-8") as handle:
            for item in yaml.safe_load(handle)["vragen"]:
                questions.append({**item, "deel": name})
    return questions


@dataclass(frozen=True)
class Verdict:
    outcome: str
    named: list[str]
    reply: str


def reply_text(messages: list[dict]) -> str:
    lines = []
    for message in messages:
        lines.append(message.get("text") or "")
        lines.extend(button.get("title", "") for button in message.get("buttons") or [])
    return "\n".join(line for line in lines if line)


def name_patterns(knowledge: KnowledgeBase) -> list[tuple[str, re.Pattern[str]]]:
    """Per entry name a pattern on the reply. Short names and names that are also common
    words ("EEN", "GO", "NOW") must match exactly, capitals included."""
    patterns = []
    for entry in knowledge.entries:
        for name in entry.namen:
            folded = " ".join(words(name))
            if len(folded.replace(" ", "")) < 3:
                continue
            exact = len(folded) <= 4 or any(word in STOPWORDS for word in folded.split())
            body = re.escape(name) if exact else re.escape(folded)
            patterns.append((entry.id, re.compile(rf"(?<!\w){body}(?!\w)",
                                                  0 if exact else re.IGNORECASE)))
    return patterns


def named_entries(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    """The ids of the entries the reply names, in the order they first appear (a name
    inside a longer name counts where the longer one starts)."""
    folded = " ".join(words(text))
    first: dict[str, int] = {}
    for entry_id, pattern in patterns:
        target = folded if pattern.flags & re.IGNORECASE else text
        match = pattern.search(target)
        if match is None:
            continue
        # Exact names are found in the raw text: place them on the folded scale.
        at = match.start() if target is folded else len(" ".join(words(text[:match.start()])))
        if at < first.get(entry_id, len(folded) + 1):
            first[entry_id] = at
    return sorted(first, key=first.get)


def judge(question: dict, messages: list[dict], patterns) -> Verdict:
    text = reply_text(messages)
    named = named_entries(text, patterns)
    expected = set(question["verwacht"])
    if HANDOFF in expected and any(marker in text for marker in _HANDOFF_TEXTS):
        return Verdict("goed", named, text)
    if expected & set(named[:TOP]):
        return Verdict("goed", named, text)
    lowered = text.lower()
    if any(marker.lower() in lowered for marker in _NOT_UNDERSTOOD_TEXTS):
        return Verdict("niet begrepen", named, text)
    if any(marker.lower() in lowered for marker in _NOT_FOUND_TEXTS):
        return Verdict("eerlijk doorverwezen", named, text)
    return Verdict("fout", named, text)


async def ask_all(url: str, questions: list[dict]) -> list[list[dict]]:
    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(timeout=60) as client:

        async def ask(question: dict) -> list[dict]:
            async with limit:
                sender = f"eval-{uuid.uuid4().hex[:12]}"
                response = await client.post(url, json={"sender": sender,
                                                        "message": question["vraag"]})
                response.raise_for_status()
                return response.json()

        return await asyncio.gather(*(ask(q) for q in questions))


def report(questions: list[dict], verdicts: list[Verdict], *, missers: bool) -> str:
    lines = []
    for part in PARTS:
        rows = [(q, v) for q, v in zip(questions, verdicts, strict=True) if q["deel"] == part]
        if not rows:
            continue
        per: dict[str, Counter] = defaultdict(Counter)
        for question, verdict in rows:
            per[question["categorie"]][verdict.outcome] += 1
            per["alles"][verdict.outcome] += 1
        lines.append(f"\n{part} ({len(rows)} vragen)")
        lines.append(f"{'categorie':<14}{'n':>5}{'goed':>7}{'doorverw.':>11}{'samen':>8}"
                     f"{'niet begr.':>12}{'fout':>6}")
        for category in [*sorted(c for c in per if c != "alles"), "alles"]:
            counts = per[category]
            total = sum(counts.values())
            good = counts["goed"] + counts["eerlijk doorverwezen"]
            lines.append(
                f"{category:<14}{total:>5}{counts['goed']:>7}{counts['eerlijk doorverwezen']:>11}"
                f"{good / total:>8.0%}{counts['niet begrepen'] / total:>12.0%}{counts['fout']:>6}")
        if missers:
            for question, verdict in rows:
                if verdict.outcome != "goed":
                    reply = verdict.reply.replace("\n", " | ")[:160]
                    lines.append(f"  [{verdict.outcome}] {question['vraag'][:90]!r} "
                                 f"verwacht {question['verwacht']} kreeg {verdict.named[:TOP]}"
                                 f"\n      {reply}")
    return "\n".join(lines)


def run(url: str, part: str, missers: bool) -> list[Verdict]:
    questions = load_questions(part)
    patterns = name_patterns(get_knowledge_base())
    replies = asyncio.run(ask_all(url, questions))
    verdicts = [judge(q, m, patterns) for q, m in zip(questions, replies, strict=True)]
    print(report(questions, verdicts, missers=missers))
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--url", help="REST webhook of a running stack")
    parser.add_argument("--missers", action="store_true")
    args = parser.parse_args(argv)
    if args.url:
        run(args.url, args.part, args.missers)
        return 0
    from assistant.settings import Settings
    from scripts.services import free_port
    from scripts.stack import Stack

    with tempfile.TemporaryDirectory(prefix="schakel-eval-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), rasa_port=free_port(),
                            action_port=free_port(), api_port=free_port(), rasa_replicas=1)
        print("Stack starten…", file=sys.stderr)
        with Stack(settings):
            run(f"{settings.rasa_url}/webhooks/rest/webhook", args.part, args.missers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
