"""Imports every feature's models so that ``Base.metadata`` knows all tables.

Each feature adds one import line here.
"""

from assistant import audit, scheduling, staff_tokens  # noqa: F401
from assistant.handoff import models as handoff_models  # noqa: F401
from assistant.intake import models as intake_models  # noqa: F401
from assistant.privacy import models as privacy_models  # noqa: F401
from assistant.scan import models as scan_models  # noqa: F401
from assistant.stats import models as stats_models  # noqa: F401
