"""HTTP clients of the action server and the API, with one shared TLS context.

httpx builds a new TLS context (loading the CA bundle) for every client it creates:
about 27 ms of CPU each time, which made it the action server's busiest function under
load (``make bench``'s profile). All our clients share this one instead.
"""

from __future__ import annotations

from typing import Any

import httpx

SSL_CONTEXT = httpx.create_ssl_context()


def async_client(**options: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=SSL_CONTEXT, **options)


def post(url: str, **options: Any) -> httpx.Response:
    return httpx.post(url, verify=SSL_CONTEXT, **options)
