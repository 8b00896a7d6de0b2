"""Runs in the Rasa environment against two real action servers (URLs as arguments):
rasa_ext.action_calls leaves the domain out once the action server holds it, gets the
same answers as Rasa's own calls, sends the domain again when an action server asks for
it (449: restarted, or a new replica) and keeps one HTTP session. Prints JSON."""

from __future__ import annotations

import asyncio
import json
import math
import sys

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

ACTION = "validate_intake_form"  # its answer depends on the domain's form


def tracker(domain: Domain) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("probe", [
        ActionExecuted("action_listen"),
        UserUttered("ik wil mijn hulpvraag doorgeven",
                    intent={"name": "start_intake", "confidence": 1.0}),
        ActiveLoop("intake_form"),
        SlotSet("requested_slot", "intake_toestemming"),
        ActionExecuted("action_listen"),
        UserUttered("ja", intent={"name": "affirm", "confidence": 1.0}),
        SlotSet("intake_toestemming", True),
    ], slots=domain.slots)


async def call(url: str, domain: Domain) -> tuple[list[dict], list[str]]:
    """(events of the answer, messages the ondernemer got)."""
    channel = CollectingOutputChannel()
    events = await RemoteAction(ACTION, EndpointConfig(url)).run(
        channel, TemplatedNaturalLanguageGenerator(domain.responses), tracker(domain), domain)
    return [comparable(e.as_dict()) for e in events], [m.get("text") for m in channel.messages]


def comparable(event: dict) -> dict:
    """Without the times: the event's own and the consent time the action sets."""
    event = {k: v for k, v in event.items() if k != "timestamp"}
    if event.get("name") == "toestemming_op":
        event["value"] = bool(event["value"])
    return event


async def main(first: str, second: str) -> dict:
    domain = Domain.load("domain.yml")
    rasa_own = await call(first, domain)  # before install: Rasa sends the domain

    from rasa_ext import action_calls

    action_calls.install()
    action_calls.install()  # twice is once
    sent: list[tuple[str, bool]] = []
    original = EndpointConfig.request

    async def recording(self, *args, **kwargs):
        sent.append((self.url, "domain" in kwargs.get("json", {})))
        return await original(self, *args, **kwargs)

    EndpointConfig.request = recording
    once = await call(first, domain)
    again = await call(first, domain)
    # The second server never got the domain: as if it restarted after our last call.
    action_calls._holding[second] = action_calls.domain_digest(domain)
    asked = await call(second, domain)
    after = await call(second, domain)
    return {
        "answer_depends_on_domain": any(e.get("name") == "requested_slot"
                                        for e in rasa_own[0]),
        "same_answers": rasa_own == once == again == asked == after,
        "no_failure_message": not any(m for answer in (once, again, asked, after)
                                      for m in answer[1]),
        "domain_sent_once": sent[:2] == [(first, True), (first, False)],
        "domain_sent_again_when_asked": sent[2:] == [(second, False), (second, True),
                                                     (second, False)],
        "ujson_same_json": json.loads(action_calls.dumps(
            {"t": "é/\n", "f": 0.9880335330963135, "n": 12345678901234567890123})) ==
            {"t": "é/\n", "f": 0.9880335330963135, "n": 12345678901234567890123},
        "one_session_kept": [s.closed for s in action_calls._sessions.values()] == [False],
        "odd_values_as_json_does": all(
            json.loads(action_calls.dumps(value)) == json.loads(json.dumps(value))
            for value in ({"i": math.inf}, {"t": (1, 2)}, {1: "a"})),
        "unencodable_raises_as_json_does": raises_type_error({"s": {1, 2}}),
    }


def raises_type_error(value) -> bool:
    from rasa_ext import action_calls

    try:
        action_calls.dumps(value)
    except TypeError:
        return True
    return False


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
