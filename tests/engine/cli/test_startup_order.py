"""The command line submits its files at once: they are decoded and planned while the model
loads, not after the engine says it is ready (issue 14, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import transcribe as cli
from engine.protocol import EngineReady, JobPlanned
from tests.conftest import LJ


@pytest.mark.slow  # real processes and a 3 s model load
def test_files_are_planned_while_the_workers_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake model takes 3 s to load: planning a 10 s file takes well under that, even on
    two busy cores (with 1 s it lost the race once at a load average of 5)."""
    seen: list[str] = []
    handle = cli.handle_event

    def record(event: object, *args: object) -> None:
        seen.append(type(event).__name__)
        handle(event, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "handle_event", record)
    loads = tmp_path / "loads"  # the fake model sleeps only where it counts its loads
    loads.mkdir()
    status = cli.main(
        [
            str(LJ[0]),
            "--model",
            f"fake?loads={loads}&load_sleep=3",
            "--model-factory",
            "tests.engine.fake_model:load",
            "--workers",
            "1",
            "--language",
            "en",
            "--output-dir",
            str(tmp_path),
        ]
    )
    assert status == 0
    assert seen.index(JobPlanned.__name__) < seen.index(EngineReady.__name__), seen
