"""The overdracht (hand-off) from the bot to a schakelteam adviseur.

Modules: ``models`` (tables), ``schemas`` (input/output shapes), ``service`` (the
lifecycle), ``office_hours`` and ``expectation`` (what the ondernemer is told),
``notify`` (webhook and e-mail to the team), ``conversation`` and ``payload`` (reading
a conversation's events: transcript, reden, the body the action server sends through
the outbox), ``delivery`` (the ``Channel`` protocol: pause, deliver, resume) with
``rasa_channel`` (its implementation on Rasa's HTTP API) and ``config`` (settings).
"""
