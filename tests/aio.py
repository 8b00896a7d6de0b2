"""Run a coroutine to completion from a synchronous test.

Playwright's sync API keeps an event loop running in the main thread while the
session-wide browser is open, so `asyncio.run` there fails with "cannot be called
from a running event loop". Running the coroutine on its own short-lived thread works
whatever the test order is.
"""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
