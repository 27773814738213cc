"""The model manager dialog, with downloads in real spawned processes from a fake hub on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from engine.model_store import list_models
from gui.views.model_manager import ModelManagerDialog
from tests.engine.fake_hub import FakeHub, ThrottledFakeHub
from tests.engine.test_model_store import SMALL, fake_cached_repo, hub_env, make_model_folder

__all__ = ["hub_env"]  # the fixture, used by name below


@pytest.fixture
def dialog(qtbot: QtBot, hub_env: Path) -> ModelManagerDialog:
    view = ModelManagerDialog()
    qtbot.addWidget(view)
    view.show()
    return view


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def test_lists_the_models_with_state_and_size(dialog: ModelManagerDialog) -> None:
    names = [dialog.entries()[r].name for r in range(dialog.table.rowCount())]
    assert names[:2] == ["tiny.en", "tiny"] and "large-v3-turbo" in names and "distil-large-v3" in names
    assert dialog.state_of("tiny.en") == "offline package"
    size = dialog.table.item(dialog.row_of("tiny.en"), 2)
    assert size is not None and size.text().endswith("MB")
    assert dialog.state_of("small") == "not downloaded"
    dialog.select("tiny.en")
    assert dialog.use_button.isEnabled() and not dialog.download_button.isEnabled()
    assert not dialog.delete_button.isEnabled()  # an offline package
    dialog.select("small")
    assert dialog.download_button.isEnabled() and not dialog.use_button.isEnabled()


def test_download_shows_progress_and_ends_downloaded(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source", model_bytes=4_000_000)
    with ThrottledFakeHub(SMALL, source, chunk=256 * 1024, delay=0.02) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)  # before the child starts: it inherits it
        values: list[int] = []
        dialog.progress.valueChanged.connect(values.append)
        dialog.select("small")
        click(qtbot, dialog.download_button)
        assert dialog.state_of("small") == "downloading…" and dialog.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.state_of("small") == "downloaded", timeout=60_000)
    assert any(0 < v < 1000 for v in values) and values[-1] == 1000
    assert dialog.status.text() == "Ready: small."
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isEnabled()
    path = Path(dialog.entries()[dialog.row_of("small")].path or "")
    assert (path / "model.bin").read_bytes() == (source / "model.bin").read_bytes()
    assert dialog.selected_entry() is not None and dialog.selected_entry().name == "small"  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.model_chosen) as chosen:
        click(qtbot, dialog.use_button)
    assert chosen.args == ["small"]


def test_cancel_kills_the_download_process_and_the_row_goes_back(
    qtbot: QtBot, dialog: ModelManagerDialog, hub_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source", model_bytes=8_000_000)
    hub = ThrottledFakeHub(SMALL, source, chunk=64 * 1024, delay=0.05)
    with hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog.select("small")
        click(qtbot, dialog.download_button)
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)
        assert dialog._job is not None
        process = dialog._job.process
        assert process.is_alive()
        click(qtbot, dialog.cancel_button)
        assert not process.is_alive() and process.exitcode is not None
        assert dialog._job is None and not dialog.progress.isVisible()
        assert dialog.status.text() == "Cancelled: small."
        assert dialog.state_of("small") in ("not downloaded", "partly downloaded")
        assert not list(hub_env.glob("models--*/blobs/*.incomplete"))
        qtbot.waitUntil(lambda: hub.broken_transfers == 1, timeout=5_000)  # the hub saw the client go
        # and it can be fetched again afterwards
        hub.delay = 0
        click(qtbot, dialog.download_button)
        qtbot.waitUntil(lambda: dialog.state_of("small") == "downloaded", timeout=60_000)
    path = Path(dialog.entries()[dialog.row_of("small")].path or "")
    assert (path / "model.bin").read_bytes() == (source / "model.bin").read_bytes()


def test_no_network_says_so_and_lists_the_offline_models(
    qtbot: QtBot, dialog: ModelManagerDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    dialog.select("medium")
    click(qtbot, dialog.download_button)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20_000)
    text = dialog.status.text()
    assert (
        text.startswith("No connection to Hugging Face: ")
        and "Models available offline: tiny.en, base." in text
    )
    assert dialog.state_of("medium") == "not downloaded" and dialog.download_button.isEnabled()


def test_delete_asks_first_and_removes_a_download(
    qtbot: QtBot, dialog: ModelManagerDialog, hub_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_cached_repo(hub_env, SMALL, {"config.json": b"{}", "model.bin": b"x" * 3000})
    dialog.refresh()
    dialog.select("small")
    assert dialog.state_of("small") == "downloaded"
    questions: list[str] = []

    def refuse(title: str, text: str) -> bool:
        questions.append(text)
        return False

    monkeypatch.setattr(dialog, "_confirm", refuse)
    click(qtbot, dialog.delete_button)
    assert questions == ["Delete small (3 kB) from this computer?"]
    assert dialog.state_of("small") == "downloaded"
    monkeypatch.setattr(dialog, "_confirm", lambda title, text: True)
    click(qtbot, dialog.delete_button)
    assert dialog.state_of("small") == "not downloaded" and dialog.status.text() == "Deleted small."
    assert not (hub_env / "models--Systran--faster-whisper-small").exists()


def test_add_a_local_folder(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "empty"
    bad.mkdir()
    monkeypatch.setattr(dialog, "_ask_folder", lambda: str(bad))
    click(qtbot, dialog.add_folder_button)
    assert "model.bin or config.json is missing" in dialog.status.text()
    good = make_model_folder(tmp_path / "my-model")
    with qtbot.waitSignal(dialog.folders_changed):
        monkeypatch.setattr(dialog, "_ask_folder", lambda: str(good))
        click(qtbot, dialog.add_folder_button)
    assert dialog.extra_folders() == [str(good)]
    assert dialog.state_of(str(good)) == "local folder"
    assert dialog.selected_entry() is not None and dialog.selected_entry().path == str(good)  # type: ignore[union-attr]
    assert not dialog.delete_button.isEnabled()  # the user's own folder is never deleted here
    with qtbot.waitSignal(dialog.model_chosen) as chosen:
        dialog.table.doubleClicked.emit(dialog.table.model().index(dialog.row_of(str(good)), 0))
    assert chosen.args == [str(good)]


def test_a_hugging_face_ct2_id_is_added_and_downloaded(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source", model_bytes=100_000)
    with FakeHub("someone/whisper-hakka-ct2", source) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setattr(dialog, "_ask_hub_id", lambda: " someone/whisper-hakka-ct2 ")
        click(qtbot, dialog.add_hub_button)
        assert dialog.extra_repos() == ["someone/whisper-hakka-ct2"]
        qtbot.waitUntil(lambda: dialog.state_of("someone/whisper-hakka-ct2") == "downloaded", timeout=60_000)
    dialog.add_hub_id("not an id")
    assert "owner/name" in dialog.status.text()


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None, reason="transformers is installed here"
)
def test_a_transformers_fine_tune_is_sent_to_conversion_which_names_the_missing_package(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "hf"
    source.mkdir()
    (source / "config.json").write_text(json.dumps({"model_type": "whisper"}))
    (source / "model.safetensors").write_bytes(b"\0" * 100)
    with FakeHub("hakka/whisper-small-hakka", source) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog.add_hub_id("hakka/whisper-small-hakka")
        qtbot.waitUntil(lambda: dialog._job is not None and dialog._job.kind == "convert", timeout=60_000)
        assert dialog.state_of("hakka/whisper-small-hakka") == "converting…"
        qtbot.waitUntil(lambda: dialog._job is None, timeout=60_000)
    assert (
        dialog.status.text()
        == "hakka/whisper-small-hakka: converting a transformers model needs: pip install transformers"
    )
    assert all(e.state != "local folder" for e in list_models([]))


def test_closing_the_window_stops_a_running_download(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source", model_bytes=8_000_000)
    with ThrottledFakeHub(SMALL, source, chunk=64 * 1024, delay=0.05) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog.start_download("small", SMALL)
        assert dialog._job is not None
        process = dialog._job.process
        click(qtbot, dialog.close_button)
        assert not process.is_alive() and not dialog.isVisible()
