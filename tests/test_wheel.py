"""The built wheel carries pricing/ and workloads/ and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("lambdacost-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # Install only lambdacost from the wheel; its dependencies are borrowed from
    # this environment (a .pth after the venv's own site-packages), so the test
    # needs no network and checks the wheel, not the dependencies.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import lambdacost; print(lambdacost.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=elsewhere,
    ).stdout
    assert str(env_dir) in where  # the wheel's copy, not the checkout

    lambdacost = str(bindir / "lambdacost")
    listing = subprocess.run([lambdacost, "examples"], capture_output=True, text=True, check=True, cwd=elsewhere).stdout
    example = next(Path(word) for word in listing.split() if word.endswith("mobile-backend.yaml"))
    assert str(env_dir) in str(example) and example.is_file()
    result = subprocess.run(
        [lambdacost, "estimate", str(example), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=elsewhere,
    )
    assert round(json.loads(result.stdout)["total"], 2) == 2.73
    table = subprocess.run(
        [lambdacost, "estimate", str(example)], capture_output=True, text=True, check=True, cwd=elsewhere
    )
    assert "$2.73" in table.stdout
