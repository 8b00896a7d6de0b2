"""AVG: what is stored about an ondernemer, erasure on request, and retention.

- ``subjects.find``: every intake, overdracht (with transcript and thread) and scan of one
  ondernemer, found by intake referentie and/or conversation id (and through each other).
- ``subjects.export`` / ``subjects.erase``: export as JSON, or delete it all; an erasure
  is logged in ``wisverzoeken`` without personal data, except the conversation id, which
  is kept only until the conversation's events in Rasa's tracker store are deleted too.
- ``retention.run``: deletes everything older than ``Settings.retention_months`` and the
  tracker events of erased conversations; the API runs it by itself (``api/scheduler.py``).
"""
