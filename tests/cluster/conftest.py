"""A real local Ray cluster (127.0.0.1 only) for each test module that asks for one; always stopped.

The tests of this package that need Ray skip, saying why, where Ray is not installed; CI installs
the cluster extra (pip install -e ".[cluster]") and runs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cluster.local import LocalCluster

ROOT = Path(__file__).resolve().parents[2]
SLOTS = 2  # CPU slots of the test cluster: two workers


@pytest.fixture(scope="module")
def ray_cluster(monkeypatch_module: pytest.MonkeyPatch) -> Iterator[LocalCluster]:
    """A started head node (``.address``: 127.0.0.1:PORT) with ``SLOTS`` CPUs; the actors import this checkout."""
    pytest.importorskip(
        "ray", reason='Ray is not installed: pip install -e ".[cluster]" to run the cluster tests'
    )
    cluster = LocalCluster(num_cpus=SLOTS, python_path=str(ROOT))
    try:
        cluster.start()
        for name, value in cluster.env().items():  # drivers (the CLI, the engine) join it as the cluster does
            if os.environ.get(name) != value:
                monkeypatch_module.setenv(name, value)
        yield cluster
    finally:
        cluster.stop()
        assert not cluster.pids(), "the test cluster's processes outlived it"


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch
