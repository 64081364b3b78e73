"""The lock files: made from pyproject.toml's ranges, installed exactly, audited honestly.

``dev.py`` installs ``requirements/*.lock`` (exact versions with hashes) into ``.venv``;
CI and the Dockerfile install the same files. These tests fail when pyproject.toml
changed without ``python3 dev.py lock``, and when the venv is not what the locks say.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;\s*([^\\\n]+?))?\s*\\?$", re.MULTILINE)


def load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kennispunt_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = load_dev()


def pins(lock: Path) -> dict[str, Version]:
    """Name -> version of every pin whose markers hold here (a universal lock pins per platform)."""
    found: dict[str, Version] = {}
    for name, version, marker in PIN.findall(lock.read_text(encoding="utf-8")):
        if not marker or Marker(marker).evaluate():
            found[canonicalize_name(name)] = Version(version)
    return found


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_lock_is_made_from_the_requirements_as_they_are_now() -> None:
    assert dev.stale_locks() == [], (
        "pyproject.toml changed: run `python3 dev.py lock` and commit requirements/"
    )


def test_every_requirement_in_pyproject_has_a_pin_in_its_range() -> None:
    project = pyproject()
    expected = {
        dev.BUILD_LOCK: project["build-system"]["requires"],
        dev.RUNTIME_LOCK: project["project"]["dependencies"],
        dev.TEST_LOCK: project["project"]["dependencies"]
        + project["project"]["optional-dependencies"]["test"],
    }
    for lock, requirements in expected.items():
        pinned = pins(lock)
        for text in requirements:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate():
                continue
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{lock.name} has no pin for {text}"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{lock.name}: {name}=={pinned[name]} not in {text}"
            )


def test_the_runtime_lock_has_the_test_locks_versions() -> None:
    """Whichever lock a venv was installed from, the server runs on the same versions."""
    runtime, test = pins(dev.RUNTIME_LOCK), pins(dev.TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_venv_has_exactly_the_locked_versions() -> None:
    """What dev.py installed is what the locks say (CI runs in this venv, the image gets the same)."""
    assert Path(sys.prefix).resolve() == (ROOT / ".venv").resolve(), "run the tests with python3 dev.py test"
    locked = pins(dev.BUILD_LOCK) | pins(dev.TEST_LOCK)
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version) for dist in metadata.distributions()
    }
    assert {name: installed.get(name) for name in locked} == locked


def test_dev_py_reinstalls_when_a_lock_file_or_pyproject_changes() -> None:
    """The stamp dev.py wrote is the digest of the files it installed from, all of them."""
    assert set(dev.INSTALL_INPUTS) == {
        ROOT / "pyproject.toml",
        dev.BUILD_LOCK,
        dev.RUNTIME_LOCK,
        dev.TEST_LOCK,
    }
    assert (ROOT / ".venv" / dev.STAMP_NAME).read_text().split() == [dev.installed_digest(), "test"]


# --- what `python3 dev.py audit` (and so CI) makes of pip-audit's JSON report -------------------


def dependency(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "version": "1.0", "vulns": [], **fields}


def test_the_audit_passes_when_every_package_was_looked_up_and_none_is_vulnerable() -> None:
    report = {"dependencies": [dependency("starlette"), dependency("uvicorn")], "fixes": []}
    assert dev.audit_verdict(report, "") == (
        0,
        ["audit: no known vulnerabilities (2 of 2 locked packages looked up)"],
    )


def test_the_audit_fails_on_a_known_vulnerability() -> None:
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["1.0.1", "1.1"], "aliases": []}
    unfixed = {"id": "GHSA-0000-0000-0000", "fix_versions": [], "aliases": []}
    report = {"dependencies": [dependency("starlette", vulns=[vuln, unfixed]), dependency("uvicorn")]}
    assert dev.audit_verdict(report, "") == (
        1,
        [
            "audit: starlette 1.0: PYSEC-2099-1 (fixed in 1.0.1, 1.1)",
            "audit: starlette 1.0: GHSA-0000-0000-0000 (no fixed release yet)",
            "audit: FAILED, known vulnerabilities in 1 packages (2 of 2 locked packages looked up)",
        ],
    )


def test_an_audit_that_could_not_look_packages_up_says_so_and_does_not_pass() -> None:
    """pip-audit says "No known vulnerabilities found" when the service answered for none of
    them (as on a machine without the vulnerability service); that is not a pass."""
    skipped = {
        "name": "uvicorn",
        "skip_reason": "Dependency not found on PyPI and could not be audited: uvicorn (1.0)",
    }
    report = {"dependencies": [dependency("starlette"), skipped]}
    assert dev.audit_verdict(report, "") == (
        2,
        [
            f"audit: NOT CHECKED for 1 packages (1 of 2 locked packages looked up); e.g. {skipped['skip_reason']}"
        ],
    )


def test_an_audit_that_could_not_run_says_why() -> None:
    error = "Traceback ...\nrequests.exceptions.ConnectionError: HTTPSConnectionPool: Max retries exceeded\n"
    assert dev.audit_verdict(None, error) == (
        2,
        [
            "audit: NOT CHECKED, pip-audit could not run: requests.exceptions.ConnectionError: HTTPSConnectionPool: Max retries exceeded"
        ],
    )
