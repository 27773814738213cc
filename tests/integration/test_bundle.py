"""The one-folder PyInstaller build runs its own self-test (about 1-2 minutes, ~800 MB on disk)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.mark.skipif(
    shutil.which("pyinstaller") is None and not (Path(sys.executable).parent / "pyinstaller").exists(),
    reason="pyinstaller is not installed (pip install -e '.[test]' brings it)",
)
def test_frozen_app_passes_its_self_test(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    build = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "build"),
            "build_installer.spec",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    app = tmp_path / "dist" / f"{project['name']}-{project['version']}" / project["name"]
    assert app.is_file()
    result = subprocess.run([str(app), "--self-test"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "whisper" in result.stdout.lower()
