"""Exporting the translation view (issue 15 point 7): the translation as its own file, or both
texts in one cue, through the window's export path; refused in words when nothing is translated."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

from engine.subtitles.io import format_for
from engine.subtitles.translation import ExportText
from gui.main_window import MainWindow
from gui.views.subtitle_dialogs import ExportOptions
from tests.gui import subtitle_window

window, boxes = subtitle_window.window, subtitle_window.boxes  # the shared fixtures

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nBye now\n"


def _session(window: MainWindow, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    session = window.import_subtitle_file(path)
    assert session is not None
    return session


def test_the_translation_and_both_texts_are_exported(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.test_subtitle_files import _answer_losses

    session = _session(window, tmp_path)
    first = session.model.document.cues[0].id
    assert session.model.controller.set_translation(first, "<i>Bonjour</i>")
    only = tmp_path / "talk.fr.srt"
    asked = _answer_losses(monkeypatch, "Export anyway")  # 'Bye now' has no translation: said first
    assert window.export_with(
        session, only, ExportOptions(format_for("", "srt"), text=ExportText.TRANSLATION), overwrite=False
    )
    assert [(e.start, e.end, e.text) for e in pysubs2.load(str(only))] == [(1000, 2000, r"{\i1}Bonjour{\i0}")]
    assert (
        len(asked) == 1
        and "1 of 2 cues have no translation and are left out (the first at 0:00:03.000)" in asked[0][1]
    )
    both = tmp_path / "talk.bilingual.ass"
    assert window.export_with(
        session, both, ExportOptions(format_for("", "ass"), text=ExportText.BOTH), overwrite=False
    )
    assert [e.plaintext for e in pysubs2.load(str(both))] == ["Hello\nBonjour", "Bye now"]
    assert boxes == []


def test_a_translation_export_with_nothing_translated_is_refused_in_words(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]]
) -> None:
    session = _session(window, tmp_path)
    target = tmp_path / "talk.fr.srt"
    options = ExportOptions(format_for("", "srt"), text=ExportText.TRANSLATION)
    assert not window.export_with(session, target, options, overwrite=False)
    assert not target.exists()
    assert len(boxes) == 1 and "No cue has a translation" in boxes[0][1]
