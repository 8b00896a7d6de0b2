"""``python -m rasa_ext <rasa arguments>``: Rasa's own command line with Schakel's
additions installed first (see ``rasa_ext/__init__.py``)."""

from __future__ import annotations

import json
import os
import sys

from rasa_ext import action_calls, action_failure, action_validation, logs

# One TensorFlow thread per server: the DIET model is small, so spreading each of its
# operations over the cores costs more than it gains (CPU per /model/parse 12.4 -> 10 ms
# on 2 cores), and we scale with several Rasa servers instead. Set them to override.
TF_THREADS = {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}


def cors_arguments(argv: list[str]) -> list[str]:
    """``rasa run`` without ``--cors``: the browser origins from the environment
    (``SCHAKEL_CORS_ORIGINS``, a JSON list, and ``SCHAKEL_PUBLIC_URL``), so production
    needs no shell quoting in its command."""
    if argv[:1] != ["run"] or "--cors" in argv:
        return argv
    try:
        origins = json.loads(os.environ.get("SCHAKEL_CORS_ORIGINS") or "[]")
    except ValueError:
        origins = []
    origins = [o for o in [*origins, os.environ.get("SCHAKEL_PUBLIC_URL", "")]
               if isinstance(o, str) and o]
    return [*argv, "--cors", *origins] if origins else argv


def main() -> None:
    for name, value in TF_THREADS.items():
        os.environ.setdefault(name, value)
    logs.install()
    action_calls.install()  # before action_failure: a 449 retry is not a failure
    action_failure.install()
    action_validation.install()
    sys.argv[1:] = cors_arguments(sys.argv[1:])
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
