"""A ``SpacyNLP`` that falls back to a blank Dutch pipeline when the model is missing.

``config.yml`` names ``nl_core_news_sm``. That model is not on PyPI, so on machines
that cannot reach spaCy's downloads it may be absent. Then this component loads
``spacy.blank("nl")`` with the lookup lemmatizer from ``spacy-lookups-data``, logs one
clear warning, and tells which pipeline is active in every parse result
(``nlp_pipeline``), which ``/api/v1/health`` reports.

It derives from Rasa's ``SpacyNLP`` and keeps its name, so ``SpacyTokenizer`` uses it.
"""

from __future__ import annotations

import logging
from typing import Any

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

PIPELINE_KEY = "nlp_pipeline"
FALLBACK_LANGUAGE = "nl"


def _blank_dutch() -> spacy.language.Language:
    """``spacy.blank("nl")`` with lookup lemmas (spacy-lookups-data)."""
    nlp = spacy.blank(FALLBACK_LANGUAGE)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def describe(nlp: spacy.language.Language, requested: str, fallback: bool) -> dict[str, Any]:
    """What is running, for the health endpoint and the logs."""
    meta = nlp.meta or {}
    return {
        "gevraagd": requested,
        "actief": requested if not fallback else f"spacy.blank('{FALLBACK_LANGUAGE}')",
        "terugval": fallback,
        "taal": nlp.lang,
        "componenten": list(nlp.pipe_names),
        "model_versie": None if fallback else meta.get("version"),
        "spacy_versie": spacy.about.__version__,
    }


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Loads the configured spaCy model, or a blank Dutch pipeline if it is missing.

    The class keeps the name ``SpacyNLP`` on purpose: Rasa wires components that need
    a spaCy model (``SpacyTokenizer``) to the provider whose class *name* is
    ``SpacyNLP``.
    """

    @staticmethod
    def load_model(spacy_model_name: str) -> SpacyModel:
        try:
            language = spacy.load(spacy_model_name, disable=["parser"])
            fallback = False
        except OSError:
            logger.warning(
                "spaCy-model '%s' is niet geïnstalleerd; Schakel gebruikt spacy.blank('nl') "
                "met de lookup-lemmatizer. Installeer het model voor betere herkenning "
                "(zie README, 'spaCy').",
                spacy_model_name,
            )
            language = _blank_dutch()
            fallback = True
        language.meta["schakel_pipeline"] = describe(language, spacy_model_name, fallback)
        return SpacyModel(model=language, model_name=spacy_model_name)

    @staticmethod
    def ensure_proper_language_model(nlp: Any) -> None:
        # A blank pipeline has no path on disk, which Rasa's check refuses; it is fine here.
        if nlp is None:
            raise ValueError("Het spaCy-model kon niet worden geladen.")

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        messages = super().process(messages, model)
        pipeline = model.model.meta.get("schakel_pipeline")
        for message in messages:
            message.set(PIPELINE_KEY, pipeline, add_to_output=True)
        return messages
