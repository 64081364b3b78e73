#!/usr/bin/env python3
"""Bootstrap for a fresh clone: needs nothing but Python 3.11+.

    python3 dev.py serve [kennispunt serve options]   # demo server on http://127.0.0.1:8000/graphql
    python3 dev.py test [pytest args]                  # the test suite
    python3 dev.py lint                                # ruff check, ruff format --check, mypy
    python3 dev.py lock [--upgrade]                    # refresh requirements/*.lock from pyproject.toml
    python3 dev.py audit                               # known vulnerabilities in the locked versions
    python3 dev.py sbom [-o FILE]                      # a CycloneDX SBOM of what the Dockerfile installs

``serve`` and ``test`` create ``.venv`` next to this file when missing and install the exact
versions of ``requirements/`` into it (again when a lock file or ``pyproject.toml`` changed).
``pyproject.toml`` holds the ranges; the lock files hold the versions CI tested. The venv's
programs are called by path, so nothing needs activating; commands run in this directory,
whatever the caller's. ``lint``, ``lock``, ``audit`` and ``sbom`` use tools (ruff, mypy, uv,
pip-audit, cyclonedx-bom) installed from ``requirements/tools.lock`` into ``.venv/tools``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

if sys.version_info < (3, 11):  # noqa: UP036 - dev.py is what runs before anything checks the version
    sys.exit(f"Kennispunt needs Python 3.11 or newer; this is {sys.version.split()[0]}.")

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TOOLS_VENV = VENV / "tools"
REQUIREMENTS = ROOT / "requirements"
BUILD_LOCK = REQUIREMENTS / "build.lock"  # the build backend, for the project and packages without wheels
RUNTIME_LOCK = REQUIREMENTS / "runtime.lock"  # what the server needs (the Dockerfile, `serve`)
TEST_LOCK = REQUIREMENTS / "test.lock"  # the runtime plus the test extras (`test`, CI)
TOOLS_IN = REQUIREMENTS / "tools.in"
TOOLS_LOCK = REQUIREMENTS / "tools.lock"
AUDIT_IGNORE = REQUIREMENTS / "audit-ignore.txt"
STAMP_NAME = "kennispunt-install.stamp"  # "<sha256 of pyproject.toml and the locks> <runtime|test>"
INPUTS_MARK = "#    inputs sha256: "
USAGE = (
    "usage: python3 dev.py serve [--host H] [--port P] | test [pytest args] | lint | lock [--upgrade]"
    " | audit | sbom [-o FILE]"
)
EXIT_VULNERABLE, EXIT_NOT_CHECKED = 1, 2


def bin_dir(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def program(venv: Path, name: str) -> Path:
    return bin_dir(venv) / f"{name}{'.exe' if os.name == 'nt' else ''}"


PYTHON = program(VENV, "python")
KENNISPUNT = program(VENV, "kennispunt")


def child_env(venv: Path = VENV) -> dict[str, str]:
    env = dict(os.environ, VIRTUAL_ENV=str(venv))
    env["PATH"] = f"{bin_dir(venv)}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(command: list[str], venv: Path = VENV) -> None:
    """Run a step; stop with a clear message when it fails."""
    code = subprocess.run(command, cwd=ROOT, env=child_env(venv)).returncode
    if code != 0:
        sys.exit(f"dev.py: '{' '.join(command)}' failed with exit code {code}")


def hand_over(command: list[str]) -> None:
    """Replace this process with the last command, so exit code and signals are its own."""
    if os.name == "posix":
        os.chdir(ROOT)
        os.execve(command[0], command, child_env())
    sys.exit(subprocess.run(command, cwd=ROOT, env=child_env()).returncode)


# --- what the locks are made from -------------------------------------------------------


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def lock_inputs() -> dict[Path, list[str]]:
    """Per lock file, the requirements it is made from; a change in them makes it stale."""
    project = pyproject()
    runtime = [project["project"]["requires-python"], *project["project"]["dependencies"]]
    return {
        BUILD_LOCK: list(project["build-system"]["requires"]),
        RUNTIME_LOCK: runtime,
        TEST_LOCK: [*runtime, *project["project"]["optional-dependencies"]["test"]],
        TOOLS_LOCK: requirement_lines(TOOLS_IN),
    }


def requirement_lines(path: Path) -> list[str]:
    """The requirements of a ``.in`` file, without comments and blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def inputs_digest(requirements: list[str]) -> str:
    return hashlib.sha256(json.dumps(requirements).encode()).hexdigest()


def recorded_digest(lock: Path) -> str | None:
    for line in lock.read_text(encoding="utf-8").splitlines() if lock.exists() else ():
        if line.startswith(INPUTS_MARK):
            return line[len(INPUTS_MARK) :].strip()
    return None


def stale_locks() -> list[Path]:
    """Lock files whose recorded inputs differ from what pyproject.toml (or tools.in) asks for now."""
    return [lock for lock, inputs in lock_inputs().items() if recorded_digest(lock) != inputs_digest(inputs)]


def require_fresh(locks: list[Path]) -> None:
    stale = [lock for lock in stale_locks() if lock in locks]
    if stale:
        names = ", ".join(str(lock.relative_to(ROOT)) for lock in stale)
        sys.exit(
            f"dev.py: {names} no longer match{'es' if len(stale) == 1 else ''} the requirements in pyproject.toml "
            "(or requirements/tools.in): run 'python3 dev.py lock' and commit the lock files"
        )


def locked_names(lock: Path) -> set[str]:
    """The normalised names of the distributions a lock file pins (whatever their markers)."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", lock.read_text(encoding="utf-8"), re.MULTILINE)
    return {normalise(name) for name in pins}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --- installing ----------------------------------------------------------------------


def pip_install(venv: Path, *args: str) -> None:
    run(
        [
            str(program(venv, "python")),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *args,
        ],
        venv,
    )


def install_locked(venv: Path, locks: list[Path]) -> None:
    """Exactly the locked versions, checked against their hashes; then remove what no lock names.

    The build backend comes first, so that packages without a wheel (and the project
    itself) are built with the locked setuptools rather than whatever is newest.
    """
    for lock in locks:
        locked_backend = BUILD_LOCK in locks and lock != BUILD_LOCK
        pip_install(
            venv,
            "--require-hashes",
            "--no-deps",
            *(["--no-build-isolation"] * locked_backend),
            "-r",
            str(lock),
        )
    keep = set().union(*(locked_names(lock) for lock in locks)) | {"pip", "kennispunt"}
    listed = subprocess.run(
        [str(program(venv, "python")), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        cwd=ROOT,
        env=child_env(venv),
        capture_output=True,
        text=True,
        check=True,
    )
    extra = sorted(item["name"] for item in json.loads(listed.stdout) if normalise(item["name"]) not in keep)
    if extra:
        print(f"dev.py: removing what the lock files do not name: {', '.join(extra)}", flush=True)
        run([str(program(venv, "python")), "-m", "pip", "uninstall", "--quiet", "--yes", *extra], venv)


def ensure_venv(venv: Path) -> None:
    if not program(venv, "python").exists():
        print(f"dev.py: creating {venv.relative_to(ROOT)}", flush=True)
        run([sys.executable, "-m", "venv", str(venv)])


INSTALL_INPUTS = (ROOT / "pyproject.toml", BUILD_LOCK, RUNTIME_LOCK, TEST_LOCK)
"""What ``.venv`` is installed from: when any of them changes, dev.py installs again."""


def installed_digest() -> str:
    digest = hashlib.sha256()
    for path in INSTALL_INPUTS:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def ensure_installed(extras: str) -> None:
    """Create the venv if needed; install the locked versions unless the stamp says they are current.

    ``extras`` is "" (the runtime) or "test". A venv that has the test extras keeps them:
    `serve` after `test` changes nothing.
    """
    ensure_venv(VENV)
    stamp = VENV / STAMP_NAME
    digest = installed_digest()
    stamped_digest, _, stamped = (stamp.read_text().strip() if stamp.exists() else "").partition(" ")
    wanted = "test" if "test" in (extras, stamped) else "runtime"
    if stamped_digest == digest and stamped in (wanted, "test"):
        return
    lock = TEST_LOCK if wanted == "test" else RUNTIME_LOCK
    require_fresh([BUILD_LOCK, lock])
    print(
        f"dev.py: installing {lock.relative_to(ROOT)} into .venv (the first time takes a minute)", flush=True
    )
    install_locked(VENV, [BUILD_LOCK, lock])
    pip_install(VENV, "--no-deps", "--no-build-isolation", "-e", ".")
    stamp.write_text(f"{digest} {wanted}\n")


def ensure_tools() -> None:
    """ruff, mypy, uv, pip-audit and cyclonedx-bom, in a venv of their own (their dependencies are not ours)."""
    ensure_venv(VENV)
    ensure_venv(TOOLS_VENV)
    stamp = TOOLS_VENV / STAMP_NAME
    digest = hashlib.sha256(TOOLS_LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    print("dev.py: installing requirements/tools.lock into .venv/tools", flush=True)
    install_locked(TOOLS_VENV, [TOOLS_LOCK])
    stamp.write_text(f"{digest}\n")


# --- the commands --------------------------------------------------------------------


def option(args: list[str], name: str, default: str) -> str:
    """The value of ``--name V`` or ``--name=V`` among the pass-through arguments."""
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def absolute(arg: str) -> str:
    """A test path given relative to the caller's directory, made absolute: pytest runs in ROOT."""
    path, separator, rest = arg.partition("::")
    if arg.startswith("-") or not Path(path).exists():
        return arg
    return str(Path(path).resolve()) + separator + rest


def serve(args: list[str]) -> None:
    ensure_installed("")
    run([str(KENNISPUNT), "db", "upgrade"])
    run([str(KENNISPUNT), "demo", "--if-empty"])
    host, port = option(args, "--host", "127.0.0.1"), option(args, "--port", "8000")
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"dev.py: GraphiQL at http://{host}:{port}/graphql (Ctrl-C stops)", flush=True)
    hand_over([str(KENNISPUNT), "serve", *args])


def test(args: list[str]) -> None:
    ensure_installed("test")
    hand_over([str(PYTHON), "-m", "pytest", *map(absolute, args)])


def lint(args: list[str]) -> None:
    """ruff's rules and format, and mypy (configured in pyproject.toml), over the whole tree.

    All three run, whatever the first finds; mypy checks against the project's venv, so it
    sees the locked dependencies' types.
    """
    if args:
        sys.exit("usage: python3 dev.py lint")
    ensure_installed("test")  # mypy follows imports into what only the tests and dev scripts use
    require_fresh([TOOLS_LOCK])
    ensure_tools()
    ruff, mypy = str(program(TOOLS_VENV, "ruff")), str(program(TOOLS_VENV, "mypy"))
    checks = {
        "ruff check": [ruff, "check", "."],
        "ruff format --check": [ruff, "format", "--check", "."],
        "mypy": [mypy, "--python-executable", str(PYTHON)],
    }
    failed = [
        name
        for name, command in checks.items()
        if subprocess.run(command, cwd=ROOT, env=child_env(TOOLS_VENV)).returncode != 0
    ]
    if failed:
        sys.exit(f"dev.py lint: FAILED: {', '.join(failed)}")
    print("dev.py lint: ruff check, ruff format and mypy passed", flush=True)


def compile_lock(
    lock: Path, source: list[str], stdin: str | None = None, extra: tuple[str, ...] = ()
) -> None:
    """One lock file with uv: universal (every platform and Python the project supports), hashed."""
    command = [
        str(program(TOOLS_VENV, "uv")),
        "pip",
        "compile",
        *source,
        "--universal",
        "--generate-hashes",
        "--quiet",
        "--custom-compile-command",
        "python3 dev.py lock",
        "--output-file",
        str(lock.relative_to(ROOT)),
        *extra,
    ]
    code = subprocess.run(command, cwd=ROOT, env=child_env(TOOLS_VENV), input=stdin, text=True).returncode
    if code != 0:
        sys.exit(f"dev.py: locking {lock.relative_to(ROOT)} failed (uv exit code {code})")
    # The header says what the lock was made from, so that dev.py and the tests see when it is stale.
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith(INPUTS_MARK)]
    lines.insert(2, f"{INPUTS_MARK}{inputs_digest(lock_inputs()[lock])}\n")
    lock.write_text("".join(lines), encoding="utf-8")


def lock(args: list[str]) -> None:
    """Refresh every lock file: keep the pinned versions that still fit, add what is new.

    ``--upgrade`` moves everything to the newest versions the ranges allow.
    """
    unknown = [arg for arg in args if arg != "--upgrade"]
    if unknown:
        sys.exit(f"dev.py lock: unknown arguments {unknown}; usage: python3 dev.py lock [--upgrade]")
    upgrade = ("--upgrade",) if "--upgrade" in args else ()
    ensure_tools()
    build = "\n".join(pyproject()["build-system"]["requires"]) + "\n"
    compile_lock(BUILD_LOCK, ["-"], stdin=build, extra=upgrade)
    compile_lock(TEST_LOCK, ["pyproject.toml", "--extra", "test"], extra=upgrade)
    # The runtime lock is the test lock's subset: the same versions, whichever is installed.
    compile_lock(RUNTIME_LOCK, ["pyproject.toml"], extra=("--constraint", str(TEST_LOCK.relative_to(ROOT))))
    compile_lock(TOOLS_LOCK, [str(TOOLS_IN.relative_to(ROOT))], extra=upgrade)
    print("dev.py: requirements/*.lock refreshed; commit them with pyproject.toml", flush=True)


def ignored_vulnerabilities() -> list[str]:
    """IDs from requirements/audit-ignore.txt (one per line, each with its reason as a comment)."""
    return requirement_lines(AUDIT_IGNORE) if AUDIT_IGNORE.exists() else []


def fixed_in(versions: list[str]) -> str:
    return f"fixed in {', '.join(versions)}" if versions else "no fixed release yet"


def audit_verdict(report: dict[str, Any] | None, error: str) -> tuple[int, list[str]]:
    """Exit code and lines to print, from pip-audit's JSON report (None when it wrote none).

    0: every locked version was looked up and none has a known vulnerability.
    1: a known vulnerability (not in requirements/audit-ignore.txt), whatever else happened.
    2: not (fully) checked: the vulnerability service could not be reached, or could not
       answer for some packages; nothing is known to be vulnerable.
    """
    if report is None:
        reason = error.strip().splitlines()[-1] if error.strip() else "pip-audit wrote no report"
        return EXIT_NOT_CHECKED, [f"audit: NOT CHECKED, pip-audit could not run: {reason}"]
    dependencies = report.get("dependencies", [])
    vulnerable = [item for item in dependencies if item.get("vulns")]
    skipped = [item for item in dependencies if "skip_reason" in item]
    lines = [
        f"audit: {item['name']} {item['version']}: {vuln['id']} ({fixed_in(vuln.get('fix_versions') or [])})"
        for item in vulnerable
        for vuln in item["vulns"]
    ]
    checked = len(dependencies) - len(skipped)
    summary = f"{checked} of {len(dependencies)} locked packages looked up"
    if vulnerable:
        return EXIT_VULNERABLE, [
            *lines,
            f"audit: FAILED, known vulnerabilities in {len(vulnerable)} packages ({summary})",
        ]
    if skipped:
        example = skipped[0]["skip_reason"]
        return EXIT_NOT_CHECKED, [
            f"audit: NOT CHECKED for {len(skipped)} packages ({summary}); e.g. {example}"
        ]
    return 0, [f"audit: no known vulnerabilities ({summary})"]


def audit(args: list[str]) -> None:
    """pip-audit of every locked version the project installs (build, runtime and test)."""
    if args:
        sys.exit("usage: python3 dev.py audit")
    require_fresh([BUILD_LOCK, TEST_LOCK])
    try:
        ensure_tools()
    except SystemExit as failure:  # offline, or the registry failed: say so, and do not claim a finding
        print(f"audit: NOT CHECKED, the audit tools could not be installed: {failure.code}", flush=True)
        sys.exit(EXIT_NOT_CHECKED)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "audit.json"
        ignores = [flag for vuln in ignored_vulnerabilities() for flag in ("--ignore-vuln", vuln)]
        command = [
            str(program(TOOLS_VENV, "pip-audit")),
            "--requirement",
            str(BUILD_LOCK),
            "--requirement",
            str(TEST_LOCK),
            "--require-hashes",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(output),
            *ignores,
        ]
        result = subprocess.run(command, cwd=ROOT, env=child_env(TOOLS_VENV), capture_output=True, text=True)
        report = (
            json.loads(output.read_text(encoding="utf-8"))
            if output.exists() and output.stat().st_size
            else None
        )
    code, lines = audit_verdict(report, result.stderr)
    print("\n".join(lines), flush=True)
    sys.exit(code)


def sbom(args: list[str]) -> None:
    """CycloneDX SBOM (JSON) of the server's Python environment as the Dockerfile installs it.

    Built from a fresh venv with only the build and runtime locks and the project, so the
    SBOM has the dependency graph and licences as installed, and nothing from the tests.
    """
    output = Path(
        option(args, "-o", option(args, "--output", str(ROOT / "build" / "sbom.cdx.json")))
    ).resolve()
    ensure_tools()
    require_fresh([BUILD_LOCK, RUNTIME_LOCK])
    with tempfile.TemporaryDirectory(prefix="kennispunt-sbom-") as scratch:
        venv = Path(scratch) / "venv"
        run([sys.executable, "-m", "venv", str(venv)])
        install_locked(venv, [BUILD_LOCK, RUNTIME_LOCK])
        pip_install(venv, "--no-deps", "--no-build-isolation", ".")
        output.parent.mkdir(parents=True, exist_ok=True)
        run(
            [
                str(program(TOOLS_VENV, "cyclonedx-py")),
                "environment",
                "--pyproject",
                "pyproject.toml",
                "--mc-type",
                "application",
                "--output-reproducible",
                "--output-format",
                "JSON",
                "--output-file",
                str(output),
                str(program(venv, "python")),
            ],
            TOOLS_VENV,
        )
    print(f"dev.py: SBOM written to {output}", flush=True)


def main(argv: list[str]) -> None:
    commands = {"serve": serve, "test": test, "lint": lint, "lock": lock, "audit": audit, "sbom": sbom}
    if not argv or argv[0] not in commands:
        sys.exit(USAGE)
    commands[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
