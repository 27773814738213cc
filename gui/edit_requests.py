"""The menu commands' requests that need more than one call, in the interface language (context
"EditorActions"): where a split goes, where an inserted cue fits, a shift, a two-point sync and
a nudge of cue edges made as one undo step through the model's EditController.

The algorithms are in :mod:`engine.subtitles.edits`; this layer only words their refusals and
names the undo steps. Used by gui.editor_actions (and importable from there).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QCoreApplication

from engine.subtitles import edits
from engine.subtitles.chinese import is_cjk, is_cjk_punctuation
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document, format_ms
from engine.subtitles.edits import ShiftParams, ShiftScope, SyncParams
from engine.subtitles.markup import plain_text
from engine.subtitles.presets import Preset
from engine.subtitles.timecode import frame_start_ms, ms_to_frames
from engine.subtitles.tokens import is_thai
from engine.subtitles.words import align_words
from gui.i18n import QT_TRANSLATE_NOOP
from gui.models.cue_model import CueTableModel
from gui.rich_text import tagged_position


def _tr(text: str) -> str:
    """``text`` in the interface language (context "EditorActions")."""
    return QCoreApplication.translate("EditorActions", text)


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words (CJK, Thai)."""
    return is_cjk(ch) or is_cjk_punctuation(ch) or is_thai(ch)


def split_position(cue: Cue) -> int | None:
    """Where a cue nobody is editing is split: its line break nearest the middle, else the word
    break nearest the middle (word timings mark the breaks of unspaced text); None for one word.
    A timed word starts a word only with its leading space (Whisper's, an ASS karaoke syllable's
    that starts a word) or in unspaced text (CJK, Thai): a syllable inside a Latin word is no
    break (review 7, finding 5).
    Found in the plain text, returned as a position in the tagged text (what Document.split takes)."""
    text = plain_text(cue.text)  # the text the viewer reads: a tag's inner space is no break
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    if not breaks:
        breaks = [i for i, ch in enumerate(text) if ch.isspace()]
        spans = align_words(text, cue.words) or []
        breaks += [
            start
            for word, (start, _) in zip(cue.words[1:], spans[1:])
            if word.text[:1].isspace() or _unspaced(text[start - 1]) or _unspaced(text[start])
        ]
    breaks = [i for i in breaks if text[:i].strip() and text[i:].strip()]
    if not breaks:
        return None
    return tagged_position(cue.text, min(breaks, key=lambda i: (abs(2 * i - len(text)), i)))


def insertion_span(doc: Document, cue_id: int | None, after: bool, preset: Preset) -> tuple[int, int]:
    """:func:`engine.subtitles.edits.insertion_span`, its refusal in the interface language."""
    try:
        return edits.insertion_span(doc, cue_id, after, preset)
    except edits.NoRoomError as error:
        template = (
            QCoreApplication.translate(
                "EditorActions",
                "No room after the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs "
                "{4} ms plus {5} ms gaps. Shorten or move a neighbour first.",
            )
            if error.after
            else QCoreApplication.translate(
                "EditorActions",
                "No room before the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs "
                "{4} ms plus {5} ms gaps. Shorten or move a neighbour first.",
            )
        )
        first, last = error.silence_ms
        raise ValueError(
            template.format(
                format_ms(error.cue_start_ms),
                last - first,
                format_ms(first),
                format_ms(last),
                edits.MIN_INSERT_MS,
                error.gap_ms,
            )
        ) from None


_SHIFT_TIMES = QT_TRANSLATE_NOOP("EditorActions", "Shift times")


def apply_shift(
    model: CueTableModel, params: ShiftParams, *, selected: Sequence[int] = (), current: int | None = None
) -> Edit | None:
    """Move cues as the Shift dialog asked, as one undo step. ValueError (in words) for a request
    that cannot be made; None when the Document refuses it (reported by the controller)."""
    if params.delta_ms == 0:
        raise ValueError(QCoreApplication.translate("EditorActions", "Nothing to shift: the amount is 0 ms"))
    if params.scope is ShiftScope.FROM_CURRENT and current is None:
        raise ValueError(QCoreApplication.translate("EditorActions", "Choose the cue to shift from"))
    if params.scope is ShiftScope.SELECTED and not selected:
        raise ValueError(QCoreApplication.translate("EditorActions", "No cues selected to shift"))
    return model.controller.edit(
        _tr(_SHIFT_TIMES), lambda doc: edits.shift(doc, params, selected=selected, current=current)
    )


def apply_two_point_sync(model: CueTableModel, params: SyncParams) -> Edit | None:
    """Stretch every time linearly so the two cues start where asked, as one undo step; None when
    the Document refuses (reported by the controller)."""
    text = QCoreApplication.translate("EditorActions", "Two-point sync")
    return model.controller.edit(text, lambda doc: edits.two_point_sync(doc, params))


Part = Literal["start", "end", "cue"]  # what a nudge moves: one edge, or the whole cue
NUDGE_MS = 100  # the coarse nudge; the fine one is a frame of the file's rate


def frame_step(ms: int, direction: int, frame_rate: float) -> int:
    """The start (ms) of the frame after ``ms`` (``direction`` > 0) or before it, at
    ``frame_rate`` frames/s: a time inside a frame first goes back to that frame's start, so
    every step lands on the frame grid the video shows (engine.subtitles.timecode's frames)."""
    frame = ms_to_frames(ms, frame_rate)
    if direction > 0:
        return frame_start_ms(frame + 1, frame_rate)
    start = frame_start_ms(frame, frame_rate)
    return start if start < ms else frame_start_ms(frame - 1, frame_rate)


def nudged(cue: Cue, part: Part, direction: int, by_frame: bool, frame_rate: float) -> Cue:
    """``cue`` with its start, end or both moved one frame (at ``frame_rate``) or
    :data:`NUDGE_MS` earlier (``direction`` < 0) or later; a whole cue keeps its duration
    exactly, its start landing on the frame grid."""
    edge = cue.end_ms if part == "end" else cue.start_ms
    if by_frame:
        delta = frame_step(edge, direction, frame_rate) - edge
    else:
        delta = NUDGE_MS if direction > 0 else -NUDGE_MS
    start = cue.start_ms + delta if part in ("start", "cue") else cue.start_ms
    end = cue.end_ms + delta if part in ("end", "cue") else cue.end_ms
    return dataclasses.replace(cue, start_ms=start, end_ms=end)


def apply_nudge(
    model: CueTableModel, ids: Sequence[int], part: Part, direction: int, by_frame: bool, text: str
) -> Edit | None:
    """Nudge every cue ``ids`` at the model's frame rate (its preset's: the file's own rate
    once the file has one) as one undo step named ``text``; ValueError (in words) for none
    chosen; None when the Document refuses (an overlap, a start before 0: reported)."""
    if not ids:
        raise ValueError(QCoreApplication.translate("EditorActions", "No cues selected to move"))
    rate = model.preset.frame_rate

    def operation(doc: Document) -> Edit:
        cues = [nudged(doc.get(i), part, direction, by_frame, rate) for i in ids]
        return doc.replace(ids, cues)

    return model.controller.edit(text, operation)
