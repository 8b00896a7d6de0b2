"""Schakel's additions to the Rasa server process (runs in ``.venv-rasa``, never imports
``assistant``'s pydantic-2 code).

``python -m rasa_ext run ...`` is ``rasa run ...`` with one TensorFlow thread (see
``__main__.py``) plus four things, in local and production mode alike:

- ``logs``: personal data is masked in every log record (``PersonalDataFilter``);
- ``action_failure``: when the action server cannot be reached (down, restarting,
  5xx), the ondernemer gets one calm Dutch message instead of silence. Rasa itself
  keeps its behaviour: the failed action's events are dropped, so the conversation
  state stays where it was and the next message after the restart continues it;
- ``action_calls``: the domain goes to the action server once instead of with every
  call (rasa_sdk's domain digest), and requests are encoded with ujson;
- ``action_validation``: the action server's answers are checked against Rasa's schema
  with a validator built once instead of on every call (the same outcome, ~20 ms of CPU
  less per action call).
"""
