"""The engine's English sentences the window shows, translated to zh_TW, the English kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from engine.audio import decode
from engine.client import died_message
from engine.media_checks import MediaError, check_readable
from gui.engine_messages import shown_with_original, translate_engine_message


def _media_error(path: Path) -> str:
    with pytest.raises(MediaError) as raised:
        check_readable(path)
    return str(raised.value)


def test_worker_restart_and_hang_are_translated_with_their_numbers(zh_tw: list[QTranslator]) -> None:
    message = "worker 1 (CPU) hung (no sign of life for 60 s); restarting in 1.0 s"
    shown = translate_engine_message(message)
    assert shown == "工作程序 1（CPU）沒有回應（60 秒沒有任何動靜）；1.0 秒後重新啟動"
    assert shown_with_original(message) == f"{shown} ({message})"  # the English is kept


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("worker 2 (NVIDIA H200) crashed (SIGSEGV)", "工作程序 2（NVIDIA H200）當機（SIGSEGV）"),
        ("worker 0 (CPU) exited with code 3", "工作程序 0（CPU）已結束，結束代碼 3"),
        (
            "worker 3 (CPU) hung for over 600 s on one chunk",
            "工作程序 3（CPU）處理同一段音訊超過 600 秒沒有回應",
        ),
        (
            "failed 3 times (last: worker 1 (CPU) crashed (SIGSEGV))",
            "失敗 3 次（最後一次：工作程序 1（CPU）當機（SIGSEGV））",
        ),
    ],
)
def test_worker_faults_are_translated(zh_tw: list[QTranslator], message: str, expected: str) -> None:
    assert translate_engine_message(message) == expected


def test_the_engines_own_file_and_engine_errors_are_recognised(
    zh_tw: list[QTranslator], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    folder = _media_error(tmp_path)
    assert (
        translate_engine_message(folder)
        == f"{tmp_path}：這是資料夾，不是媒體檔案。請改為指定資料夾裡的檔案。"
    )
    assert translate_engine_message(_media_error(empty)).startswith(f"{empty}：檔案是空的（0 位元組）")
    renamed = tmp_path / "notes.wav"  # a text file named as audio: FFmpeg cannot read it
    renamed.write_text("these are notes, not audio\n" * 20)
    with pytest.raises(MediaError) as unreadable:
        decode(renamed)
    assert translate_engine_message(str(unreadable.value)).endswith(
        "請確認這是您要的檔案，且能在媒體播放器中播放。"
    )
    assert translate_engine_message(died_message(-9)) == "轉錄引擎意外停止（被 SIGKILL 終止）。"
    assert translate_engine_message(died_message(3)) == "轉錄引擎意外停止（結束代碼 3）。"


def test_without_a_translation_or_a_known_pattern_the_message_is_unchanged(
    qapp: QCoreApplication, tmp_path: Path
) -> None:
    message = "worker 1 (CPU) hung (no sign of life for 60 s); restarting in 1.0 s"
    assert translate_engine_message(message) == message  # English: no translator installed
    assert shown_with_original(message) == message
    assert translate_engine_message(_media_error(tmp_path)) == _media_error(tmp_path)
    assert translate_engine_message("Something new went wrong.") == "Something new went wrong."


def test_a_failed_files_row_shows_the_reason_translated_and_keeps_the_english(
    zh_tw: list[QTranslator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.models.queue_items import Column, QueueItem, Status, cell

    monkeypatch.chdir(tmp_path)
    Path("clips").mkdir()
    error = _media_error(Path("clips"))  # "clips: is a folder, not a media file. ..."
    item = QueueItem(Path("clips"), job_id="j1", status=Status.FAILED, error=error)
    shown = cell(item, Column.STATUS, Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("失敗：") and "資料夾" in shown
    tooltip = cell(item, Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == f"{translate_engine_message(error)}\n\n{error}"
    assert error in cell(item, Column.FILE, Qt.ItemDataRole.ToolTipRole)
