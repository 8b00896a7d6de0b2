#!/usr/bin/env bash
# Installs the Dutch spaCy model into the Rasa environment when it can:
#   1. from a wheel named by SCHAKEL_SPACY_MODEL_WHEEL (a path or URL), or
#   2. with `python -m spacy download nl_core_news_sm` (needs spaCy's release downloads).
# When neither works, Rasa falls back to spacy.blank("nl") (see components/spacy_nlp.py).
# Writes .venv-rasa/spacy-model.stamp so `make` retries only when asked (make spacy-model).
set -uo pipefail
py=.venv-rasa/bin/python
model=nl_core_news_sm
stamp=.venv-rasa/spacy-model.stamp
if $py -c "import $model" 2>/dev/null; then
  echo "spaCy: $model is installed."
elif [ -n "${SCHAKEL_SPACY_MODEL_WHEEL:-}" ]; then
  echo "spaCy: installing $model from $SCHAKEL_SPACY_MODEL_WHEEL"
  .venv-rasa/bin/pip install -q --no-deps "$SCHAKEL_SPACY_MODEL_WHEEL" || echo "spaCy: wheel install failed."
else
  echo "spaCy: trying 'spacy download $model' (needs spaCy's release downloads)…"
  timeout 120 $py -m spacy download $model >/dev/null 2>&1 \
    || echo "spaCy: $model is not available here; Rasa uses spacy.blank('nl') with lookup lemmas."
fi
if $py -c "import $model" 2>/dev/null; then echo installed > $stamp; else echo fallback > $stamp; fi
