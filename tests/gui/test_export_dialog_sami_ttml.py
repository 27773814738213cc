"""The Export dialog offers SAMI (our writer, usertest7 SUBS.md fault 9) and TTML in the
encodings XML readers read (UTF-8, UTF-16), saying why in the tooltip."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.views.subtitle_dialogs import ExportDialog


def test_sami_is_offered_by_name_and_extension(qtbot: QtBot) -> None:
    dialog = ExportDialog(25.0)
    qtbot.addWidget(dialog)
    row = dialog.format_box.findData("sami")
    assert row >= 0 and dialog.format_box.itemText(row) == "SAMI (*.smi)"
    dialog.set_format("sami")
    assert dialog.options().format.extension == ".smi" and dialog.fps.isHidden()


def test_ttml_is_offered_in_utf8_and_utf16_only(qtbot: QtBot) -> None:
    dialog = ExportDialog(25.0)
    qtbot.addWidget(dialog)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("utf-16"))
    dialog.set_format("ttml")
    codecs = [dialog.encoding_box.itemData(i) for i in range(dialog.encoding_box.count())]
    assert codecs == ["utf-8", "utf-8-sig", "utf-16"]
    assert dialog.options().encoding == "utf-16"  # the user's pick, kept where allowed
    assert "TTML" in dialog.encoding_box.toolTip() and "UTF-16" in dialog.encoding_box.toolTip()
    dialog.set_format("srt")
    assert "big5" in [dialog.encoding_box.itemData(i) for i in range(dialog.encoding_box.count())]
    assert dialog.encoding_box.toolTip() == ""
