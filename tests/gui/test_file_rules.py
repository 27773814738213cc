"""Each file's own preset and frame rate (issue 15, point 5), through the window's rules bar:
the video's rate read from its stream, a rate or preset chosen per file and used by that file's
checks and exports only, times typed as h:mm:ss:ff at the file's rate, all kept in its project."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from engine.subtitles.presets import PRESETS
from gui.file_rules import effective_preset, file_frame_rate, file_rules
from gui.main_window import MainWindow
from gui.sessions import FileSession, export
from gui.settings import AppSettings
from tests.gui.main_window_helpers import fake_factory

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"


def write_video(path: Path, rate: int) -> Path:
    """A tiny silent MPEG-4 video at ``rate`` frames/s."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(rate):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(
        AppSettings(),
        client_factory=fake_factory(),
        autosave_folder=tmp_path / "autosave",
        peaks_cache=tmp_path / "peaks",
        persist_settings=False,
    )
    qtbot.addWidget(win)
    win.show()
    yield win
    win.engine.shutdown()


def open_subtitles(window: MainWindow, folder: Path, stem: str) -> FileSession:
    (folder / f"{stem}.srt").write_text(SRT, encoding="utf-8")
    session = window.import_subtitle_file(folder / f"{stem}.srt")
    assert session is not None
    return session


def choose(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Pick an item the way a user does: open the box and press keys until ``text`` is current."""
    index = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, [box.itemText(i) for i in range(box.count())]
    box.setFocus()
    while box.currentIndex() != index:
        qtbot.keyClick(box, Qt.Key.Key_Down if box.currentIndex() < index else Qt.Key.Key_Up)


def test_the_video_stream_gives_the_file_its_frame_rate(window: MainWindow, tmp_path: Path) -> None:
    write_video(tmp_path / "film.mp4", 25)
    film = open_subtitles(window, tmp_path, "film")  # paired with film.mp4
    assert film.video_rate == 25.0 and file_frame_rate(window.settings, film) == 25.0
    assert film.model.preset.frame_rate == 25.0  # the checks count this file's frames
    assert window.rules_bar.rate_box.currentText() == "From the video: 25 fps"
    audio_only = open_subtitles(window, tmp_path, "talk")
    assert file_frame_rate(window.settings, audio_only) == PRESETS["netflix-en"].frame_rate == 24.0
    assert window.rules_bar.rate_box.currentText() == "From the rules: 24 fps"


def test_a_rate_chosen_for_one_file_is_its_own(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    first = open_subtitles(window, tmp_path, "first")
    second = open_subtitles(window, tmp_path, "second")  # current
    choose(qtbot, window.rules_bar.rate_box, "29.97 fps")
    assert second.rate_choice == pytest.approx(30000 / 1001)
    assert second.model.preset.frame_rate == pytest.approx(30000 / 1001)
    assert first.rate_choice is None and first.model.preset.frame_rate == 24.0
    # typed as h:mm:ss:ff in the frames view: frame 15 at 29.97 fps starts at 500.5 ms -> 501
    window.frames_action.setChecked(True)
    model = second.model
    assert model.data(model.index(0, 1)) == "0:00:01:00"
    assert model.setData(model.index(0, 1), "0:00:00:15", Qt.ItemDataRole.EditRole)
    assert model.document.cues[0].start_ms == 501
    assert first.model.frame_rate == 24.0 and second.model.frame_rate == pytest.approx(30000 / 1001)
    # and in the ms view too, at the file's rate (frame 15 of second 1 at 29.97 fps: 1501 ms)
    window.frames_action.setChecked(False)
    assert model.setData(model.index(0, 1), "0:00:01:15", Qt.ItemDataRole.EditRole)
    assert model.document.cues[0].start_ms == 1501
    window.frames_action.setChecked(True)
    # exported at the file's rate: MicroDVD counts frames, so 3.0 s is frame 90 (72 at 24 fps)
    export(second, tmp_path / "second.sub", overwrite=True, fmt="microdvd")
    assert (tmp_path / "second.sub").read_text(encoding="utf-8").splitlines()[-1].startswith("{90}{120}")
    window.queue_view.selectRow(0)
    assert window.rules_bar.rate_box.currentText().startswith("From the rules")


def test_a_preset_chosen_for_one_file_checks_that_file_only(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = open_subtitles(window, tmp_path, "first")
    second = open_subtitles(window, tmp_path, "second")
    assert window.rules_bar.preset_box.currentText() == "From the language: Netflix English"
    choose(qtbot, window.rules_bar.preset_box, "BBC")
    assert second.preset_choice == "bbc"
    assert second.model.preset.name == PRESETS["bbc"].name and second.model.preset.frame_rate == 25.0
    assert first.model.preset.name == PRESETS["netflix-en"].name
    assert file_rules(window.settings, second).preset_id == "bbc"
    # a file whose language is known gets that language's preset when none is chosen
    first.language = "ja"
    window.apply_file_rules(first)
    assert first.model.preset.name == PRESETS["netflix-ja"].name
    assert effective_preset(window.settings, first).max_cps == PRESETS["netflix-ja"].max_cps
    window.apply_settings(dataclasses.replace(window.settings, preset="netflix-fr"))  # Preferences
    assert first.model.preset.name == PRESETS["netflix-fr"].name and second.model.preset.name == "BBC"
    assert window.rules_bar.preset_box.currentText() == "BBC"
    window.queue_view.selectRow(0)
    assert window.rules_bar.preset_box.currentText() == "As in Preferences: Netflix French"


def test_the_choices_are_kept_in_the_project(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    write_video(tmp_path / "film.mp4", 25)
    film = open_subtitles(window, tmp_path, "film")
    choose(qtbot, window.rules_bar.preset_box, "Netflix Japanese")
    choose(qtbot, window.rules_bar.rate_box, "50 fps")
    window.sessions.flush()
    assert film.autosave_path is not None and film.autosave_path.is_file()
    reopened = window.load_project_file(film.autosave_path)
    assert reopened is not None
    assert (reopened.preset_choice, reopened.rate_choice, reopened.video_rate) == ("netflix-ja", 50.0, 25.0)
    assert (
        reopened.model.preset.name == PRESETS["netflix-ja"].name and reopened.model.preset.frame_rate == 50.0
    )
    assert window.rules_bar.preset_box.currentText() == "Netflix Japanese"
    assert window.rules_bar.rate_box.currentText() == "50 fps"
