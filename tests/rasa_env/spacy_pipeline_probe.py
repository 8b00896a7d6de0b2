"""Runs in the Rasa environment: loads ``components.spacy_nlp.SpacyNLP`` for a model
name (or path) and prints what it reports, as JSON, for ``tests/test_spacy_pipeline.py``.

    .venv-rasa/bin/python tests/rasa_env/spacy_pipeline_probe.py <model-name-or-path>
    .venv-rasa/bin/python tests/rasa_env/spacy_pipeline_probe.py --save-small <dir>
"""

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def save_small_pipeline(target: str) -> None:
    """A small saved Dutch pipeline that stands in for an installed model."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"] = "schakel_test_pipeline"
    nlp.meta["version"] = "0.0.1"
    nlp.to_disk(target)


def probe(model: str) -> dict:
    from rasa.shared.nlu.training_data.message import Message

    from components.spacy_nlp import SpacyNLP

    warnings = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logging.getLogger("components.spacy_nlp").addHandler(Collect())
    loaded = SpacyNLP.load_model(model)
    component = SpacyNLP(loaded, {})
    message = Message.build("we zochten medewerkers en hebben subsidie aangevraagd")
    component.process([message], loaded)
    doc = message.get("text_spacy_doc")
    return {
        "pipeline": message.as_dict(only_output_properties=True).get("nlp_pipeline"),
        "lemmas": [token.lemma_ for token in doc],
        "warnings": warnings,
    }


if __name__ == "__main__":
    if sys.argv[1] == "--save-small":
        save_small_pipeline(sys.argv[2])
    else:
        print(json.dumps(probe(sys.argv[1])))
