"""Subtitle files in the window (issue 12): the encoding choice, import notes and errors in
dialogs, and the Export dialog's formats, encodings, line endings and refusals."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from engine.subtitles.encodings import EXPORT_ENCODINGS, guess_encoding
from engine.subtitles.io import default_line_ending, format_for, writable_formats
from gui.main_window import MainWindow
from gui.views.subtitle_dialogs import EncodingDialog, ExportDialog, ExportOptions, ImportNotesDialog
from tests.gui import subtitle_window

window, boxes = subtitle_window.window, subtitle_window.boxes  # the shared fixtures

POLISH = "1\n00:00:01,000 --> 00:00:02,000\nDzień dobry, jak się masz? Łódź, żółć.\n\n2\n00:00:03,000 --> 00:00:04,000\nDziękuję.\n"


# ---------------------------------------------------------------------------- import


def test_the_encoding_dialog_shows_each_reading_and_returns_the_pick(qtbot: QtBot) -> None:
    guess = guess_encoding(POLISH.encode("cp1250"))
    assert guess.unsure
    dialog = EncodingDialog("pl.srt", guess)
    qtbot.addWidget(dialog)
    assert dialog.encodings()[0] == guess.encoding
    assert "cp1250" in dialog.encodings() and len(dialog.encodings()) == 1 + len(guess.alternatives)
    dialog.list.setCurrentRow(dialog.encodings().index("cp1250"))
    assert dialog.chosen() == "cp1250"
    assert dialog.preview.toPlainText() == "Dzień dobry, jak się masz? Łódź, żółć. Dziękuję."


def test_an_unsure_file_is_read_again_in_the_encoding_the_user_picks(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pl.srt"
    path.write_bytes(POLISH.encode("cp1250"))
    asked: list[list[str]] = []

    def pick(self: EncodingDialog) -> int:
        asked.append(self.encodings())
        self.list.setCurrentRow(self.encodings().index("cp1250"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EncodingDialog, "exec", pick)
    session = window.import_subtitle_file(path)
    assert asked and session is not None
    assert [c.text for c in session.model.document.cues] == [
        "Dzień dobry, jak się masz? Łódź, żółć.",
        "Dziękuję.",
    ]
    monkeypatch.setattr(EncodingDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert window.import_subtitle_file(path) is None  # cancelled: nothing opened
    assert window.queue_model.rowCount() == 1


def test_import_notes_are_shown_not_lost(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]]
) -> None:
    path = tmp_path / "notes.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<i></i>\n\n00:00:03.000 --> 00:00:04.000\nkept\n"
    )
    session = window.import_subtitle_file(path)
    assert session is not None and [c.text for c in session.model.document.cues] == ["kept"]
    (notes,) = window.findChildren(ImportNotesDialog)
    assert (
        boxes == []
        and len(notes.notes()) == 1
        and "0:00:01.000" in notes.notes()[0]
        and "no text" in notes.notes()[0]
    )


def test_a_damaged_file_is_reported_in_a_dialog_and_the_open_file_kept(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], capfd: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.srt"
    good.write_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    session = window.import_subtitle_file(good)
    assert session is not None and not boxes
    bad = tmp_path / "bad.ttml"
    bad.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="00:00:01.000" end="x')
    assert window.import_subtitle_file(bad) is None
    assert len(boxes) == 1 and "bad.ttml" in boxes[0][1]
    assert window.queue_model.rowCount() == 1 and window.current_session() is session
    assert [c.text for c in session.model.document.cues] == ["hello"]
    assert capfd.readouterr().err == ""


# ---------------------------------------------------------------------------- export


def test_the_export_dialog_offers_every_format_encoding_and_line_ending(qtbot: QtBot) -> None:
    dialog = ExportDialog(23.976)
    qtbot.addWidget(dialog)
    names = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert names == [f.name for f in writable_formats()]
    labels = [dialog.format_box.itemText(i) for i in range(dialog.format_box.count())]
    assert all(f.label in text for f, text in zip(writable_formats(), labels))
    assert [dialog.encoding_box.itemData(i) for i in range(dialog.encoding_box.count())] == [
        c for c, _ in EXPORT_ENCODINGS
    ]
    assert dialog.options() == ExportOptions(format_for("", "srt"), "utf-8", default_line_ending("srt"), None)
    assert dialog.fps.isHidden()
    dialog.set_format("microdvd")
    assert not dialog.fps.isHidden() and dialog.options().frame_rate == pytest.approx(23.976)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("big5"))
    dialog.line_ending_box.setCurrentIndex(dialog.line_ending_box.findData("\r\n"))
    options = dialog.options()
    assert (options.format.name, options.encoding, options.line_ending) == ("microdvd", "big5", "\r\n")


def test_webvtt_is_offered_in_utf8_only_and_the_tooltip_says_why(qtbot: QtBot) -> None:
    dialog = ExportDialog(25.0)
    qtbot.addWidget(dialog)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("big5"))
    dialog.set_format("vtt")
    # the WebVTT spec: UTF-8, an optional BOM allowed
    assert [dialog.encoding_box.itemData(i) for i in range(dialog.encoding_box.count())] == [
        "utf-8",
        "utf-8-sig",
    ]
    assert "UTF-8" in dialog.encoding_box.toolTip() and "WebVTT" in dialog.encoding_box.toolTip()
    assert dialog.options().encoding == "utf-8"
    dialog.set_format("srt")  # every other format keeps the full list, and the user's pick
    assert [dialog.encoding_box.itemData(i) for i in range(dialog.encoding_box.count())] == [
        c for c, _ in EXPORT_ENCODINGS
    ]
    assert dialog.options().encoding == "big5" and dialog.encoding_box.toolTip() == ""


def _session(window: MainWindow, tmp_path: Path, text: str, name: str = "in.srt"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    session = window.import_subtitle_file(path)
    assert session is not None
    return session


def test_export_writes_the_chosen_format_encoding_and_line_ending(window: MainWindow, tmp_path: Path) -> None:
    session = _session(window, tmp_path, "1\n00:00:01,000 --> 00:00:02,000\n大家好\n")
    target = tmp_path / "out.srt"
    assert window.export_with(
        session, target, ExportOptions(format_for("", "srt"), "big5", "\r\n"), overwrite=False
    )
    assert target.read_bytes() == "1\r\n00:00:01,000 --> 00:00:02,000\r\n大家好\r\n\r\n".encode("big5")
    sub = tmp_path / "out.sub"
    assert window.export_with(
        session, sub, ExportOptions(format_for("", "microdvd"), frame_rate=25.0), overwrite=False
    )
    assert sub.read_text().splitlines()[1].startswith("{25}{50}")  # frames at the chosen rate


def test_a_refused_export_names_the_cue_writes_nothing_and_offers_srt(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(
        window,
        tmp_path,
        "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\n2\n10:00:01,000 --> 10:00:02,000\nlate\n",
    )
    shown: list[tuple[str, list[str]]] = []

    def answer(box: QMessageBox) -> int:
        names = [b.text() for b in box.buttons()]
        shown.append((box.text(), names))
        save_as_srt = next(b for b in box.buttons() if "SubRip" in b.text())
        monkeypatch.setattr(box, "clickedButton", lambda: save_as_srt)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    target = tmp_path / "out.ass"
    assert window.export_with(session, target, ExportOptions(format_for("", "ass")), overwrite=False)
    assert not target.exists()  # never clamped, never half written
    text, buttons = shown[0]
    assert "cue 2 (10:00:01.000) starts past" in text
    assert any("SubRip" in b for b in buttons) and any("WebVTT" in b for b in buttons)
    assert pysubs2.load(str(tmp_path / "out.srt"))[1].end == 36_002_000


def test_a_character_the_encoding_cannot_hold_is_refused_without_offering_another_format(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(window, tmp_path, "1\n00:00:01,000 --> 00:00:02,000\nnaïve 😀\n")
    shown: list[tuple[str, list[str]]] = []

    def answer(box: QMessageBox) -> int:
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    target = tmp_path / "out.ass"
    assert not window.export_with(
        session, target, ExportOptions(format_for("", "ass"), "big5"), overwrite=False
    )
    assert not target.exists()
    assert "cue 1" in shown[0][0] and "big5" in shown[0][0]
    assert not any("SubRip" in b or "WebVTT" in b for b in shown[0][1])  # the format is not the cause


def test_vtt_style_and_region_blocks_survive_export_to_vtt(window: MainWindow, tmp_path: Path) -> None:
    source = (
        "WEBVTT\n\nSTYLE\n::cue(.loud) { color: red }\n\nREGION\nid:top width:40%\n\n"
        "00:00:01.000 --> 00:00:02.000\nhello\n"
    )
    session = _session(window, tmp_path, source, "in.vtt")
    target = tmp_path / "out.vtt"
    assert window.export_with(session, target, ExportOptions(format_for("", "vtt")), overwrite=False)
    written = target.read_text()
    assert "::cue(.loud) { color: red }" in written and "id:top width:40%" in written


def test_file_export_goes_through_the_export_dialog(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    _session(window, tmp_path, "1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    offered: list[float] = []

    def choose(self: ExportDialog) -> int:
        offered.append(self.fps.value())
        self.set_format("microdvd")
        self.fps.setValue(25.0)
        self.line_ending_box.setCurrentIndex(self.line_ending_box.findData("\r\n"))
        return QDialog.DialogCode.Accepted

    target = tmp_path / "out.sub"
    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_current()
    assert boxes == []
    assert offered == [pytest.approx(window.preset.frame_rate)]  # the project's rate by default
    assert target.read_bytes().splitlines(keepends=True)[1] == b"{25}{50}hello\r\n"


def test_export_all_uses_the_formats_usual_line_ending(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.subtitles.io

    _session(window, tmp_path, "1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    monkeypatch.setattr(engine.subtitles.io, "default_line_ending", lambda fmt: "\r\n")  # as on Windows
    out = tmp_path / "out"
    out.mkdir()
    assert window.export_finished(out, ["srt"]) == [out / "in.srt"]
    assert (out / "in.srt").read_bytes().startswith(b"1\r\n00:00:01,000 --> 00:00:02,000\r\n")


# ---------------------------------------------------------------------------- usertest12 #9: what a format loses

STYLED = '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ffff00">SIGN</font>\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>said</i>\n'


def _answer_losses(monkeypatch: pytest.MonkeyPatch, button: str) -> list[tuple[str, str, list[str]]]:
    """Answer the loss question by clicking the button whose text holds ``button``."""
    shown: list[tuple[str, str, list[str]]] = []

    def answer(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        clicked = next(b for b in box.buttons() if button in b.text())
        monkeypatch.setattr(box, "clickedButton", lambda: clicked)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown


def test_what_the_format_cannot_hold_is_asked_before_writing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(window, tmp_path, STYLED)
    shown = _answer_losses(monkeypatch, "Cancel")
    target = tmp_path / "out.mpl"
    assert not window.export_with(session, target, ExportOptions(format_for("", "mpl2")), overwrite=False)
    assert not target.exists()
    text, details, buttons = shown[0]
    assert "MPL2" in text
    assert "MPL2 keeps no colour: 1 cue loses it (first at 0:00:01.000)" in details
    assert "MPL2 keeps no position" in details
    assert "italics" not in details  # a wholly italic line is written with MPL2's "/"
    assert any("Export anyway" in b for b in buttons) and any("Choose another format" in b for b in buttons)
    shown = _answer_losses(monkeypatch, "Export anyway")
    assert window.export_with(session, target, ExportOptions(format_for("", "mpl2")), overwrite=False)
    assert target.read_text().splitlines() == ["[10][20] SIGN", "[30][40] /said"]


def test_choose_another_format_exports_in_the_one_chosen(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(window, tmp_path, STYLED)
    _answer_losses(monkeypatch, "Choose another format")

    def choose(self: ExportDialog) -> int:
        self.set_format("ass")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    assert window.export_with(
        session, tmp_path / "out.mpl", ExportOptions(format_for("", "mpl2")), overwrite=False
    )
    assert not (tmp_path / "out.mpl").exists()
    assert "{\\an8}" in (tmp_path / "out.ass").read_text()


def test_nothing_is_asked_when_the_format_keeps_everything(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(window, tmp_path, STYLED)
    shown = _answer_losses(monkeypatch, "Export anyway")
    assert window.export_with(
        session, tmp_path / "out.srt", ExportOptions(format_for("", "srt")), overwrite=False
    )
    assert shown == []


def test_an_imported_webvtts_blocks_and_word_times_are_named_before_export(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vtt = tmp_path / "talk.vtt"
    vtt.write_text(
        "WEBVTT - Talk\nKind: captions\n\nSTYLE\n::cue(.loud) { color: red; }\n\n"
        "00:00:01.000 --> 00:00:03.000\nHello <00:00:02.000>there\n",
        encoding="utf-8",
    )
    session = window.import_subtitle_file(vtt)
    assert session is not None
    shown = _answer_losses(monkeypatch, "Cancel")
    assert not window.export_with(
        session, tmp_path / "out.srt", ExportOptions(format_for("", "srt")), overwrite=False
    )
    _text, details, _buttons = shown[0]
    assert "WebVTT header" in details and "inline word times" in details
