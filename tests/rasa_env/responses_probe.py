"""Runs in the Rasa environment: no response in domain.yml has braces that are not a
placeholder. Rasa fills {name} in texts and button payloads alike and logs an error
with a stack trace for every {...} it cannot fill, on every message that shows it.
Placeholders the actions fill ({naam}, {bron}) are left out of this check. Prints JSON."""

from __future__ import annotations

import asyncio
import json

from rasa.core.nlg import TemplatedNaturalLanguageGenerator, interpolator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


async def main() -> dict:
    domain = Domain.load("domain.yml")
    failed: list[str] = []
    interpolator.structlogger.exception = lambda *_, **found: (
        None if str(found.get("placeholder_key")).isidentifier()
        else failed.append(str(found.get("response"))[:80]))
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    tracker = DialogueStateTracker.from_events("probe", [], slots=domain.slots)
    rendered = {}
    for name in domain.responses:
        rendered[name] = await nlg.generate(name, tracker, "rest")
    payloads = [button["payload"] for answer in rendered.values() if answer
                for button in answer.get("buttons", [])]
    return {"responses": len(rendered), "failed": failed, "payloads": payloads}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
