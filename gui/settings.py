"""The user's settings, persisted with QSettings, and what they mean for the engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QSettings

from engine.models import DEFAULT_MODEL
from engine.protocol import EngineConfig, JobOptions, Task
from engine.subtitles.presets import PRESETS, Preset

ORGANIZATION = "WhisperForSubs"
APPLICATION = "Whisper for Subs"


@dataclass(frozen=True)
class AppSettings:
    model: str = DEFAULT_MODEL
    device: str = "auto"  # auto | cpu | cuda
    gpus: str = ""  # "" = every GPU, else "0,1"
    workers: int = 0  # 0 = automatic
    compute_type: str = ""  # "" = float16 on GPU, int8 on CPU
    language: str = "auto"
    task: str = Task.TRANSCRIBE.value
    vad_threshold: float = 0.5
    preset: str = "auto"  # auto: Netflix Traditional Chinese for Chinese speech, else Netflix English
    chinese: str = "auto"  # auto | s2twp | s2t | t2s | none
    auto_export: str = ""  # "" or a comma-separated list of formats: srt,ass,vtt
    export_folder: str = ""  # "" = next to the media file
    # The limits of the "custom" preset (the other presets are fixed style guides).
    custom_chars_per_line: int = 42
    custom_lines: int = 2
    custom_cps: float = 20.0
    custom_min_duration_ms: int = 833
    custom_max_duration_ms: int = 7000
    custom_gap_ms: int = 83
    custom_cjk_width: bool = False
    ui_language: str = "auto"  # auto (the system's) | en | zh_TW; applied at the next start
    # Models added in Settings › Models, one per line: CTranslate2 folders and Hugging Face ids.
    model_folders: str = ""
    model_repos: str = ""

    def subtitle_preset(self, language: str | None = None) -> Preset:
        """The rules for a file in ``language`` (known once the engine has detected it)."""
        if self.preset == "auto":
            return PRESETS["netflix-zh-tw" if language in ("zh", "yue") else "netflix-en"]
        if self.preset != "custom":
            return PRESETS.get(self.preset, PRESETS["netflix-en"])
        return PRESETS["custom"].replace(
            max_chars_per_line=self.custom_chars_per_line,
            max_lines=self.custom_lines,
            max_cps=self.custom_cps,
            min_duration_ms=self.custom_min_duration_ms,
            max_duration_ms=max(self.custom_max_duration_ms, self.custom_min_duration_ms),
            min_gap_ms=self.custom_gap_ms,
            cjk_width_counting=self.custom_cjk_width,
        )

    def export_formats(self) -> list[str]:
        return [f for f in self.auto_export.split(",") if f] or ["srt"]

    def engine_config(self) -> EngineConfig:
        gpus = tuple(int(g) for g in self.gpus.split(",") if g.strip().isdigit()) or None
        return EngineConfig(
            model=self.model,
            device=self.device,
            gpus=gpus,
            workers=self.workers or None,
            compute_type=self.compute_type or None,
        )

    def job_options(self) -> JobOptions:
        return JobOptions(
            language=None if self.language == "auto" else self.language,
            task=Task(self.task),
            vad_threshold=self.vad_threshold,
        )

    def chinese_mode(self, language: str | None = None) -> str:
        """The OpenCC mode for this job; "auto" means Taiwan script with the zh-TW preset."""
        if self.chinese != "auto":
            return self.chinese
        return "s2twp" if self.subtitle_preset(language) is PRESETS["netflix-zh-tw"] else "none"


def load_settings(store: QSettings | None = None) -> AppSettings:
    store = store or QSettings(ORGANIZATION, APPLICATION)
    values: dict[str, Any] = {}
    defaults = AppSettings()
    for f in fields(AppSettings):
        default = getattr(defaults, f.name)
        raw = store.value(f.name, default)
        try:
            if isinstance(default, bool):
                values[f.name] = raw if isinstance(raw, bool) else str(raw).lower() == "true"
                continue
            values[f.name] = type(default)(raw)
        except (TypeError, ValueError):
            values[f.name] = default
    return replace(defaults, **values)


def save_settings(settings: AppSettings, store: QSettings | None = None) -> None:
    store = store or QSettings(ORGANIZATION, APPLICATION)
    for name, value in asdict(settings).items():
        store.setValue(name, value)
    store.sync()
