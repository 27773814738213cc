"""Subtitles without Qt: the cue document, presets, segmentation, Chinese script, file formats,
project files and quality checks.

Import the submodules directly (``from engine.subtitles.document import Document``); this
package module re-exports the most used names. Nothing here imports faster_whisper,
ctranslate2, torch or Qt, and OpenCC is loaded only when a conversion runs.
"""

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import CueNotFoundError, Document
from engine.subtitles.presets import PRESETS, Preset, text_length
from engine.subtitles.segmentation import segments_to_cues

__all__ = [
    "PRESETS",
    "Cue",
    "CueNotFoundError",
    "Document",
    "Edit",
    "Preset",
    "segments_to_cues",
    "text_length",
]
