"""The user's settings, persisted with QSettings, and what they mean for the engine."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QSettings

from engine.models import DEFAULT_MODEL
from engine.protocol import EngineConfig, JobOptions, Task
from engine.subtitles.chinese import MODES
from engine.subtitles.presets import PRESETS, Preset, Rules, resolve

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
    # Look for and raise speech far under the loud speech beside it (Preferences › General;
    # JobOptions.quiet_speech): a whisper after a shout is kept.
    quiet_speech: bool = True
    preset: str = "auto"  # auto: the Netflix guide of the detected language (presets.LANGUAGE_PRESETS)
    chinese: str = "auto"  # auto (the Chinese preset's script) | s2twp | s2t | t2s | none
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
    # Vocabulary for every job (Preferences › Vocabulary): names and terms for the model
    # (faster-whisper's hotwords), a prompt it reads before each chunk, and a glossary file of
    # wrong → right replacements applied to the cues (engine.subtitles.glossary); "" = none.
    hotwords: str = ""
    initial_prompt: str = ""
    glossary: str = ""
    # The user's own keys (Preferences › Shortcuts), JSON of {action name: [portable keys]} for
    # the actions changed from their defaults only (gui.shortcuts); "" = every default.
    shortcuts: str = ""
    # Words the model gave a probability below this (0-1) are marked as unsure in the editor
    # (Preferences › General); the same QSettings key gui.confidence reads at start.
    unsure_word_below: float = 0.5
    # Where the workers run (Preferences › Engine): "" = this computer's own worker processes, else
    # a Ray cluster's address ("auto" or the head's host:port), EngineConfig.cluster (engine.cluster).
    cluster_address: str = ""
    # Keep every word (Preferences › General): without it a cue that still reads faster than the
    # preset allows loses its fillers, as the Netflix guides allow (engine.subtitles.condense).
    verbatim: bool = False

    def subtitle_preset(self, language: str | None = None) -> Preset:
        """The rules for a file in ``language`` (a Whisper code, known once the engine has
        detected it; None before): presets.resolve, as the CLI uses it."""
        return self.rules(language).preset

    def rules(self, language: str | None = None) -> Rules:
        """The preset and Chinese script for a file in ``language``; a stored preset this version
        does not know (a newer version's) counts as "auto", as the settings dialog shows it."""
        choice = self.preset if self.preset in PRESETS else "auto"
        chinese = self.chinese if self.chinese in MODES else "auto"
        custom = self._custom_preset() if choice == "custom" else None
        return resolve(choice, language, chinese, custom=custom, verbatim=self.verbatim)

    def _custom_preset(self) -> Preset:
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
            cluster=self.cluster_address.strip() or None,
        )

    def job_options(self) -> JobOptions:
        return JobOptions(
            language=None if self.language == "auto" else self.language,
            task=Task(self.task),
            vad_threshold=self.vad_threshold,
            quiet_speech=self.quiet_speech,
            initial_prompt=self.initial_prompt.strip() or None,
            hotwords=self.hotwords.strip() or None,
        )

    def chinese_mode(self, language: str | None = None) -> str:
        """The OpenCC mode for a file in ``language``: "auto" converts to the script of a Chinese
        preset (Taiwan s2twp by default); in a file of a known other language only the lines
        written in Chinese are converted, auto to s2twp (engine.subtitles.presets.resolve)."""
        return self.rules(language).chinese


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
    below = values["unsure_word_below"]
    if not (math.isfinite(below) and 0.0 <= below <= 1.0):  # as gui.confidence.threshold reads it
        values["unsure_word_below"] = defaults.unsure_word_below
    return replace(defaults, **values)


def save_settings(settings: AppSettings, store: QSettings | None = None) -> None:
    store = store or QSettings(ORGANIZATION, APPLICATION)
    for name, value in asdict(settings).items():
        store.setValue(name, value)
    store.sync()
