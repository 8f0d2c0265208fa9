"""The conventions of a Python service: a lock that installs every dependency, a license,
a changelog, docs that stand on their own, and the explorer's files installed as pinned."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _locked(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", path.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements/development.txt", ("dev",)), ("requirements/production.txt", ())],
)
def test_the_lock_pins_every_dependency_within_its_range(
    lock: str, extras: tuple[str, ...]
) -> None:
    locked = _locked(ROOT / lock)
    declared = list(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        declared += PYPROJECT["project"]["optional-dependencies"][extra]
    for line in declared:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in locked, f"{name} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock} pins {name}=={locked[name]}, outside {requirement.specifier}: run `make lock`"
        )


def test_every_locked_file_has_hashes() -> None:
    for lock in (ROOT / "requirements").glob("*.txt"):
        text = lock.read_text(encoding="utf-8")
        assert text.count("==") <= text.count("--hash=sha256:"), lock.name


def test_the_license_is_declared_the_current_way_and_shipped() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "## " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_docs_link_nothing_outside_the_repository() -> None:
    documents = [ROOT / "README.md", ROOT / "DEVELOPERS.md", *(ROOT / "docs").rglob("*.md")]
    for document in documents:
        text = document.read_text(encoding="utf-8")
        assert "shared/" not in text, document
        for target in re.findall(r"\]\(([^)#]+)", text):
            if "://" not in target:
                assert (document.parent / target).resolve().is_relative_to(ROOT), (document, target)
                assert (document.parent / target).exists(), (document, target)


def test_the_explorer_files_are_installed_as_pinned() -> None:
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "explorer_assets.py"), "--check"], check=False
    )
    assert checked.returncode == 0, "run `make install` (scripts/explorer_assets.py)"
