"""The edge: `make run-prod`'s nginx (scripts/nginx.py, the real binary) in front of a
real API, and the container files in deploy/.

Attacks: one client exhausting everyone's rate limit; unlimited requests to Rasa's
channels; bodies nginx passes on that the API refuses anyway."""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import yaml

from api.main import create_app
from scripts.nginx import Nginx, production_config
from scripts.services import free_port, start_and_wait
from tests.conftest import LiveServer
from tests.test_deploy import DEPLOY, compose_config, filled_env

PER_ADDRESS = 5  # the API's limit per client address in this test


class _Upstream(BaseHTTPRequestHandler):
    """Stands in for Rasa and the action servers: 200 for everything."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def edge(settings, tmp_path: Path):
    """nginx with production_config: a stub Rasa and action server, the real API."""
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    api_port, public_port = free_port(), free_port()
    api_settings = settings.model_copy(update={
        "trusted_proxies": ["127.0.0.1"], "rate_limit_per_address": PER_ADDRESS})
    nginx = Nginx(tmp_path / "nginx", f"http://127.0.0.1:{public_port}/nginx-status")
    logs = tmp_path / "logs"
    logs.mkdir()
    stub = upstream.server_address[1]
    nginx.write_config(production_config(nginx.folder, logs, public_port, free_port(),
                                         [stub], [stub], [api_port]))
    with LiveServer(create_app(api_settings), api_port):
        start_and_wait([nginx], logs, time.monotonic() + 30)
        try:
            yield f"http://127.0.0.1:{public_port}"
        finally:
            nginx.stop()
            upstream.shutdown()


def client_from(address: str) -> httpx.Client:
    """A client whose connections come from another loopback address."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def test_one_client_cannot_use_up_everyones_rate_limit(edge):
    with client_from("127.0.0.2") as attacker, client_from("127.0.0.3") as neighbour:
        statuses = []
        # Counts are per minute window: at most one new window starts meanwhile.
        while 429 not in statuses and len(statuses) <= 2 * PER_ADDRESS:
            statuses.append(attacker.get(f"{edge}/api/v1/regelingen").status_code)
        assert statuses[-1] == 429
        assert neighbour.get(f"{edge}/api/v1/regelingen").status_code == 200


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/socket.io/?EIO=4"])
def test_nginx_limits_the_chat_channels_per_client(edge, path):
    with client_from("127.0.0.2") as attacker, client_from("127.0.0.3") as neighbour:
        statuses = set()
        for _ in range(1000):  # far above every zone's burst
            statuses.add(attacker.post(f"{edge}{path}", json={}).status_code)
            if 429 in statuses:
                break
        assert 429 in statuses
        assert neighbour.post(f"{edge}{path}", json={}).status_code == 200


def test_nginx_refuses_bodies_the_api_would_refuse(edge):
    body = b"x" * (65 * 1024)
    with client_from("127.0.0.2") as client:
        assert client.post(f"{edge}/webhooks/rest/webhook", content=body).status_code == 413
        assert client.post(f"{edge}/webhooks/rest/webhook", content=b"x" * 1000).status_code == 200


def test_compose_trusts_nginx_by_its_address(tmp_path):
    result = compose_config(filled_env(tmp_path))
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    trusted = json.loads(services["api"]["environment"]["SCHAKEL_TRUSTED_PROXIES"])
    nginx_address = ipaddress.ip_address(
        services["nginx"]["networks"]["default"]["ipv4_address"])
    assert any(nginx_address in ipaddress.ip_network(entry) for entry in trusted)


def test_the_container_nginx_has_the_same_limits():
    config = "\n".join((DEPLOY / name).read_text()
                       for name in ("nginx.conf", "nginx-public.conf"))
    generated = production_config(Path("/x"), Path("/x"), 1, 2, [3], [4], [5])
    for line in generated.splitlines():
        if "limit_req" in line or "client_max_body_size" in line:
            assert line.strip() in config


def test_the_tls_site_redirects_plain_http_and_reads_mounted_certificates(tmp_path):
    env = filled_env(tmp_path)
    env.write_text(env.read_text().replace("SCHAKEL_NGINX_SITE=nginx-http.conf",
                                           "SCHAKEL_NGINX_SITE=nginx-tls.conf"))
    result = compose_config(env)
    assert result.returncode == 0, result.stderr
    nginx = yaml.safe_load(result.stdout)["services"]["nginx"]
    mounts = {}
    for volume in nginx["volumes"]:
        if isinstance(volume, dict):
            mounts[volume["target"]] = volume["source"]
        else:
            source, target = volume.split(":")[:2]
            mounts[target] = source
    assert str(mounts["/etc/nginx/site.conf"]).endswith("nginx-tls.conf")
    assert "/etc/nginx/tls" in mounts
    tls = (DEPLOY / "nginx-tls.conf").read_text()
    assert "return 301 https://$host$request_uri" in tls
    assert "ssl_certificate /etc/nginx/tls/fullchain.pem" in tls
    assert nginx["image"] == "nginx:stable"  # the current stable branch, not 1.22 (EOL)


def test_trusted_proxies_are_addresses_or_networks_never_names():
    from api.security import client_address

    def scope(peer: str) -> dict:
        return {"client": (peer, 1234), "headers": [(b"x-forwarded-for", b"203.0.113.7")]}

    assert client_address(scope("172.30.0.10"), ["172.30.0.0/24"]) == "203.0.113.7"
    assert client_address(scope("172.30.0.10"), ["172.30.0.10"]) == "203.0.113.7"
    assert client_address(scope("172.30.0.10"), ["nginx"]) == "172.30.0.10"
    assert client_address(scope("198.51.100.1"), ["172.30.0.0/24"]) == "198.51.100.1"
