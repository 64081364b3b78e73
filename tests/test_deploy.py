"""The deployment as written: compose.yaml's shape, the Dockerfile's layers, the scheduler's table.

There is no container engine here, so compose.yaml is read as YAML and its services,
healthchecks and dependencies are checked; tests/test_balancer.py runs deploy/nginx.conf
in front of real replicas.
"""

from __future__ import annotations

import ipaddress
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kennispunt.cli import app as cli_app
from kennispunt.scheduler import JOBS
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
PINNED_IMAGE = re.compile(r"^[\w./-]+(:\d+(\.\d+){1,2}(-[\w.-]+)?)?(@sha256:[0-9a-f]{64})?$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]  # type: ignore[no-any-return]


def pinned(image: str) -> bool:
    """An exact release (``name:1.2.3``, ``name:1.2.3-variant``) or a digest, never ``name:16``."""
    return bool(PINNED_IMAGE.match(image)) and (":" in image.split("/")[-1] or "@sha256:" in image)


def healthchecked(service: dict[str, Any]) -> bool:
    """Has a healthcheck: its own, or the Dockerfile's HEALTHCHECK when built from it."""
    check = service.get("healthcheck", {})
    if check.get("disable"):
        return False
    return bool(check.get("test")) or service.get("build") == "."


def test_the_services(services: dict[str, Any]) -> None:
    assert sorted(services) == ["api", "balancer", "migrate", "postgres", "redis", "scheduler"]


def test_every_image_is_pinned_to_an_exact_release(services: dict[str, Any]) -> None:
    images = {name: service["image"] for name, service in services.items() if "image" in service}
    assert sorted(images) == ["balancer", "postgres", "redis"]
    assert [name for name, image in images.items() if not pinned(image)] == []
    assert not pinned("postgres:16") and not pinned("nginx") and pinned("nginx:1.28.0-alpine")


def test_every_dependency_waits_for_what_it_needs(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for target, how in service.get("depends_on", {}).items():
            assert target in services, f"{name} depends on unknown {target}"
            if how["condition"] == "service_healthy":
                assert healthchecked(services[target]), f"{name} waits for {target}, which has no healthcheck"
    assert (
        services["api"]["depends_on"]
        == services["scheduler"]["depends_on"]
        == {
            "migrate": {"condition": "service_completed_successfully"},
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
    )
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["command"] == ["kennispunt", "db", "upgrade"]
    assert services["balancer"]["depends_on"] == {"api": {"condition": "service_healthy"}}


def test_healthchecks_ask_the_servers_themselves(services: dict[str, Any]) -> None:
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "http://127.0.0.1:8000/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    # the balancer is healthy when a request through it reaches a replica
    assert "http://127.0.0.1/healthz" in services["balancer"]["healthcheck"]["test"]
    # the image's HEALTHCHECK asks for HTTP, which these two do not serve
    assert services["migrate"]["healthcheck"] == services["scheduler"]["healthcheck"] == {"disable": True}


def test_only_the_balancer_is_reachable_from_outside(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    assert {name: service["ports"] for name, service in services.items() if "ports" in service} == {
        "balancer": ["8000:80"]
    }
    assert services["api"]["environment"]["KENNISPUNT_PUBLIC_URL"] == "http://127.0.0.1:8000"
    assert services["balancer"]["volumes"] == ["./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
    assert (ROOT / "deploy" / "nginx.conf").is_file()
    # the balancer shares a network with the replicas only, not with PostgreSQL or Redis
    assert list(services["balancer"]["networks"]) == ["edge"]
    assert services["api"]["networks"] == ["default", "edge"]
    assert [name for name, service in services.items() if "edge" in service.get("networks", [])] == [
        "api",
        "balancer",
    ]


def test_the_replicas_believe_forwarded_addresses_from_the_balancer_only(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    api = services["api"]
    assert api["deploy"]["replicas"] >= 2
    assert api["command"][:2] == ["kennispunt", "serve"]
    trusted = api["command"][api["command"].index("--forwarded-allow-ips") + 1]
    balancer = services["balancer"]["networks"]["edge"]["ipv4_address"]
    assert trusted == balancer  # one address, not '*' or a network
    subnet = ipaddress.ip_network(compose["networks"]["edge"]["ipam"]["config"][0]["subnet"])
    assert ipaddress.ip_address(balancer) in subnet


def test_one_scheduler_runs_the_periodic_commands(services: dict[str, Any]) -> None:
    scheduler = services["scheduler"]
    assert scheduler["command"] == ["kennispunt", "scheduler"]
    assert scheduler["deploy"]["replicas"] == 1
    assert scheduler["environment"] == services["api"]["environment"]
    assert [name for name, service in services.items() if "scheduler" in service.get("command", [])] == [
        "scheduler"
    ]


def test_every_scheduled_job_is_a_kennispunt_command() -> None:
    assert [job.name for job in JOBS] == [
        "helpdesk close-resolved",
        "mail send-pending",
        "events prune",
        "privacy retention",
    ]
    for job in JOBS:
        result = CliRunner().invoke(cli_app, [*job.command, "--help"])
        assert result.exit_code == 0, (job.name, result.output)


def dockerfile_instructions() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, whitespace made single."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")
    return [" ".join(line.split()) for line in joined.splitlines() if line.strip()]


def test_the_dockerfile_installs_the_lock_in_a_layer_of_its_own_before_the_source() -> None:
    instructions = dockerfile_instructions()
    assert pinned(instructions[0].removeprefix("FROM ")), instructions[0]
    copy_locks = instructions.index(
        "COPY requirements/build.lock requirements/runtime.lock /tmp/requirements/"
    )
    assert instructions[copy_locks + 1] == (
        "RUN pip install --require-hashes --no-deps -r /tmp/requirements/build.lock"
        " && pip install --require-hashes --no-deps --no-build-isolation -r /tmp/requirements/runtime.lock"
        " && rm -rf /tmp/requirements"
    )
    copy_source = instructions.index("COPY . /src")
    assert copy_locks + 1 < copy_source
    assert (
        instructions[copy_source + 1] == "RUN pip install --no-deps --no-build-isolation /src && rm -rf /src"
    )
    assert not [line for line in instructions[:copy_locks] if line.startswith(("COPY", "ADD"))]
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "tests"} <= set(ignored) and "requirements" not in ignored


def test_the_balancer_config_is_valid_nginx() -> None:
    """deploy/nginx.conf as tests/test_balancer.py renders it, checked by nginx itself (on SQLite runs too)."""
    from tests.test_balancer import NGINX, Nginx

    if NGINX is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)")
    nginx = Nginx([free_port(), free_port()])
    try:
        checked = subprocess.run(nginx.command("-t"), capture_output=True, text=True)
    finally:
        nginx.stop()
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
