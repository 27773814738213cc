"""Issue 16, points 1-2: Preferences › Engine, this computer or a Ray cluster.

The choice is saved as ``AppSettings.cluster_address`` and reaches the engine as
``EngineConfig.cluster``; without Ray the cluster choice is off and the page says how to install
it; "Test connection" runs ``python -m engine.cluster ADDRESS`` as a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

import engine.cluster
from engine.protocol import EngineReady, WorkerInfo
from gui.main_window import MainWindow
from gui.settings import AppSettings, load_settings, save_settings
from gui.views import engine_page
from gui.views.engine_page import EnginePage
from gui.views.settings_dialog import SettingsDialog
from tests.gui.main_window_helpers import window_maker


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


@pytest.fixture
def with_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page as it is where Ray is installed, whether or not it is here."""
    monkeypatch.setattr(engine_page, "ray_installed", lambda: True)


def dialog_on(qtbot: QtBot, settings: AppSettings) -> SettingsDialog:
    dialog = SettingsDialog(settings, gpus=[], actions=[])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.engine_page)  # shown, so that clicks reach its buttons
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, button: QRadioButton) -> None:
    """A click on the button's circle (a radio button stretched wide takes clicks on its text only)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_the_cluster_choice_is_saved_and_read_back(qtbot: QtBot, tmp_path: Path, with_ray: None) -> None:
    dialog = dialog_on(qtbot, AppSettings())
    page = dialog.engine_page
    assert page.local.isChecked() and not page.address.isEnabled()
    assert page.address.text() == "auto" and dialog.settings().cluster_address == ""
    click(qtbot, page.cluster)
    assert page.address.isEnabled()
    page.address.setText(" 10.0.0.5:6379 ")
    chosen = dialog.settings()
    assert chosen.cluster_address == "10.0.0.5:6379"
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    save_settings(chosen, store)
    read = load_settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert read.cluster_address == "10.0.0.5:6379"
    second = dialog_on(qtbot, read)
    again = second.engine_page
    assert again.cluster.isChecked() and again.address.text() == "10.0.0.5:6379"
    click(qtbot, again.local)
    assert again.cluster_address() == ""


def test_an_empty_address_means_auto(qtbot: QtBot, with_ray: None) -> None:
    dialog = dialog_on(qtbot, AppSettings(cluster_address="auto"))
    page = dialog.engine_page
    page.address.setText("  ")
    assert page.cluster_address() == "auto"


def test_without_ray_the_cluster_is_off_and_the_page_says_how_to_install(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_page, "ray_installed", lambda: False)
    dialog = dialog_on(qtbot, AppSettings())
    page = dialog.engine_page
    assert not page.cluster.isEnabled() and not page.test_button.isEnabled()
    assert not page.hint.isHidden() and page.hint.text() == engine.cluster.INSTALL_HINT
    # A saved cluster address is kept (Ray may come back) but this computer is what runs.
    kept = dialog_on(qtbot, AppSettings(cluster_address="10.0.0.5:6379"))
    assert kept.engine_page.local.isChecked() and kept.settings().cluster_address == ""


def test_with_ray_there_is_no_install_hint(qtbot: QtBot, with_ray: None) -> None:
    dialog = dialog_on(qtbot, AppSettings())
    page = dialog.engine_page
    assert page.cluster.isEnabled() and page.hint.isHidden()


def test_the_test_runs_the_cluster_listing_as_its_own_process(qtbot: QtBot, with_ray: None) -> None:
    page = EnginePage("10.0.0.5:6379")
    qtbot.addWidget(page)
    assert page.test_command() == (sys.executable, ["-m", "engine.cluster", "10.0.0.5:6379"])


@pytest.mark.slow  # a fresh interpreter with PySide6: a few seconds
def test_the_window_never_imports_ray(qtbot: QtBot, with_ray: None) -> None:
    code = (
        "import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from gui.views.settings_dialog import SettingsDialog; from gui.settings import AppSettings;"
        "d = SettingsDialog(AppSettings(cluster_address='auto'), gpus=[], actions=[]);"
        "print('ray' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.slow  # a real process: about a second to start Python and be refused
def test_test_connection_against_a_bad_address_shows_the_error(qtbot: QtBot, with_ray: None) -> None:
    if not engine.cluster.ray_installed():
        pytest.skip("needs Ray: pip install -e '.[cluster]'")
    page = EnginePage("127.0.0.1:1")
    qtbot.addWidget(page)
    page.cluster.setChecked(True)
    with qtbot.waitSignal(page.connection_tested, timeout=30_000) as tested:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert not page.test_button.isEnabled()
    ok, text = tested.args
    assert not ok and "Cannot reach the Ray cluster at 127.0.0.1:1" in text
    assert page.result.text() == text and page.test_button.isEnabled()


def test_test_connection_shows_the_workers_on_exit_0(qtbot: QtBot, with_ray: None) -> None:
    page = EnginePage("auto")
    qtbot.addWidget(page)
    page.cluster.setChecked(True)
    # A stand-in for the listing, so no cluster is needed: what it prints and its exit code.
    page.test_command = lambda: (  # type: ignore[method-assign]
        sys.executable,
        [
            "-c",
            "print('worker 0: node 10.0.0.5, GPU 0 (A100)'); print('worker 1: node 10.0.0.6, GPU 0 (A100)')",
        ],
    )
    with qtbot.waitSignal(page.connection_tested, timeout=30_000) as tested:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    ok, text = tested.args
    assert ok and "worker 0: node 10.0.0.5, GPU 0 (A100)" in text and "node 10.0.0.6" in text
    assert text.startswith("Connected: 2 workers")


def test_a_listing_that_cannot_start_is_said(qtbot: QtBot, with_ray: None) -> None:
    page = EnginePage("auto")
    qtbot.addWidget(page)
    page.cluster.setChecked(True)
    page.test_command = lambda: ("/nonexistent/python", ["-m", "engine.cluster", "auto"])  # type: ignore[method-assign]
    with qtbot.waitSignal(page.connection_tested, timeout=30_000) as tested:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    ok, text = tested.args
    assert not ok and "could not be started" in text


def test_the_window_gives_the_engine_the_address(make_window, with_ray: None) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(settings=AppSettings(cluster_address="10.0.0.5:6379"))
    assert window.engine.config.cluster == "10.0.0.5:6379"
    window.apply_settings(AppSettings())
    assert window.engine.config.cluster is None
    window.apply_settings(AppSettings(cluster_address="auto"))
    assert window.engine.config.cluster == "auto"


def test_the_status_bar_lists_the_clusters_workers_by_node_and_device(make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(settings=AppSettings(cluster_address="auto"))
    labels = ("node 10.0.0.5, GPU 0 (A100)", "node 10.0.0.5, GPU 1 (A100)", "node 10.0.0.6, CPU slot 1")
    workers = tuple(
        WorkerInfo(i, "cpu" if "CPU" in n else "cuda", 0, n, "int8") for i, n in enumerate(labels)
    )
    window.engine.engine_ready.emit(EngineReady("base", workers))
    text = window.engine_label.text()
    assert all(label in text for label in labels), text
