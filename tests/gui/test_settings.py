from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from engine.protocol import Task
from gui.settings import AppSettings, load_settings, save_settings
from gui.views.settings_dialog import SettingsDialog


def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_settings_persist_across_instances(tmp_path: Path) -> None:
    changed = AppSettings(
        model="tiny.en",
        device="cpu",
        workers=3,
        language="zh",
        vad_threshold=0.35,
        preset="netflix-zh-tw",
        chinese="s2twp",
        auto_export="srt,ass",
    )
    save_settings(changed, store(tmp_path))
    assert load_settings(store(tmp_path)) == changed


def test_defaults_and_bad_stored_values(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.setValue("workers", "many")
    loaded = load_settings(s)
    assert loaded.workers == 0 and loaded.model == "base"


def test_settings_map_to_engine_and_job_options() -> None:
    settings = AppSettings(
        device="cuda", gpus="0, 2", workers=2, language="ja", task="translate", preset="netflix-zh-tw"
    )
    config = settings.engine_config()
    assert (config.device, config.gpus, config.workers, config.compute_type) == ("cuda", (0, 2), 2, None)
    options = settings.job_options()
    assert (options.language, options.task) == ("ja", Task.TRANSLATE)
    assert settings.chinese_mode() == "s2twp"
    assert AppSettings().job_options().language is None and AppSettings().chinese_mode() == "none"


def test_dialog_round_trips_and_takes_edits(qtbot: QtBot) -> None:
    start = AppSettings(model="tiny.en", language="zh", preset="bbc", auto_export="vtt")
    dialog = SettingsDialog(start)
    qtbot.addWidget(dialog)
    assert dialog.settings() == start
    dialog.export_formats["srt"].setChecked(True)
    dialog.workers.setValue(4)
    dialog.model.setEditText("/models/my-hakka-ct2")
    result = dialog.settings()
    assert result.auto_export == "srt,vtt" and result.workers == 4
    assert result.model == "/models/my-hakka-ct2"
    labels = [dialog.model.itemText(i) for i in range(dialog.model.count())]
    assert "base (available offline)" in labels and "large-v3 (downloads once)" in labels
    # An English-only model says so where it is chosen (it writes other languages as English).
    assert "tiny.en, English only (available offline)" in labels
    assert "small.en, English only (downloads once)" in labels


def test_custom_preset_limits_are_editable_only_for_custom(qtbot: QtBot) -> None:
    dialog = SettingsDialog(AppSettings(preset="netflix-en"), gpus=[])
    qtbot.addWidget(dialog)
    assert not dialog.custom.isEnabled()
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    assert dialog.custom.isEnabled()
    dialog.custom_chars.setValue(30)
    dialog.custom_cps.setValue(15.5)
    preset = dialog.settings().subtitle_preset()
    assert (preset.name, preset.max_chars_per_line, preset.max_cps) == ("Custom", 30, 15.5)
    assert AppSettings(preset="bbc").subtitle_preset().max_chars_per_line == 37


def test_each_gpu_is_listed_by_name_and_can_be_turned_off(qtbot: QtBot) -> None:
    from engine.devices import GpuInfo

    gpus = [GpuInfo(0, "RTX 4090", 24_564, ("float16",)), GpuInfo(1, "RTX 3060", 12_288, ("float16",))]
    dialog = SettingsDialog(AppSettings(), gpus=gpus)
    qtbot.addWidget(dialog)
    assert [b.text() for b in dialog.gpu_boxes.values()] == [
        "GPU 0: RTX 4090 (24 GB)",
        "GPU 1: RTX 3060 (12 GB)",
    ]
    assert dialog.settings().gpus == ""  # all on
    dialog.gpu_boxes[0].setChecked(False)
    assert dialog.settings().gpus == "1"
    assert dialog.settings().engine_config().gpus == (1,)


def test_gpus_that_cannot_run_whisper_are_listed_with_the_reason(qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """As on an H200 machine with CUDA 13 only (2026-11-30): the engine uses the CPU, and says why."""
    from engine.devices import Discovery, GpuInfo
    from gui.views import settings_dialog

    problem = "libcublas.so.12 (CUDA 12 cuBLAS) was not found, so the GPU cannot run Whisper."
    found = Discovery((GpuInfo(0, "CUDA GPU 0", 0, ("float16",)),), problem)
    monkeypatch.setattr(settings_dialog, "discover_gpus", lambda: found)
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert [b.text() for b in dialog.gpu_boxes.values()] == ["GPU 0: CUDA GPU 0"]  # no "(0 GB)"
    assert not any(b.isEnabled() for b in dialog.gpu_boxes.values())  # not offered: the CPU is used
    from PySide6.QtWidgets import QLabel

    assert problem in [label.text() for label in dialog.findChildren(QLabel)]


def test_models_added_in_the_model_manager_persist(tmp_path: Path) -> None:
    added = AppSettings(model_folders="/models/hakka-ct2\n/models/other", model_repos="someone/whisper-ct2")
    save_settings(added, store(tmp_path))
    loaded = load_settings(store(tmp_path))
    assert loaded.model_folders.splitlines() == ["/models/hakka-ct2", "/models/other"]
    assert loaded.model_repos == "someone/whisper-ct2"


def test_automatic_rules_follow_the_detected_language() -> None:
    auto = AppSettings()
    assert auto.preset == "auto"
    assert (
        auto.subtitle_preset("zh").name == "Netflix Traditional Chinese"
        and auto.chinese_mode("zh") == "s2twp"
    )
    assert auto.subtitle_preset("en").name == "Netflix English" and auto.chinese_mode("en") == "s2twp"
    assert auto.subtitle_preset(None).name == "Netflix English"
    fixed = AppSettings(preset="bbc", chinese="t2s")
    assert fixed.subtitle_preset("zh").name == "BBC" and fixed.chinese_mode("zh") == "t2s"
