"""Streams cues into a cue model the way the window does, for tests of edits beside streaming.

The window streams a transcript through :class:`engine.subtitles.live.LiveCues` (one per
session, ``gui.sessions.SessionStore.start_live``): each chunk back gives one ``Edit`` that
``CueTableModel.apply_streamed`` applies, and the model tells every user edit to the live cues.
:class:`LiveFeed` sets up the same path; the only stand-in is the segmenter, which makes one cue
per segment so that a test states the cues it streams.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.protocol import Segment
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.glossary import Glossary
from engine.subtitles.live import LiveCues
from engine.subtitles.presets import Preset
from gui.models.cue_model import CueTableModel


def one_cue_per_segment(
    segments: Sequence[Segment],
    preset: Preset,
    *,
    language: str | None = None,
    chinese: str | None = None,
    media_end_ms: int | None = None,
    glossary: Glossary | None = None,
) -> list[Cue]:
    """A segmenter (engine.subtitles.live.Segmenter) that keeps each segment as one cue."""
    return [Cue(n, s.start_ms, s.end_ms, s.text) for n, s in enumerate(segments, 1)]


class LiveFeed:
    """The live cues of ``model``'s transcript, wired as the window wires them.

    Cues already in the document when the feed starts count as the user's (LiveCues only knows
    the cues it made and those the user touched): streamed cues are fitted around them, never
    over them, as around any cue the user touched during a transcription.
    """

    def __init__(self, model: CueTableModel) -> None:
        self.model = model
        document = model.document
        self.live = LiveCues(
            model.preset, new_id=lambda: model.document.new_id(), segmenter=one_cue_per_segment
        )
        self.live.user_edited(Edit(added=tuple(document.cues)))
        model.user_edited = self.live.user_edited
        self._chunks = 0

    def send(self, cues: Sequence[Cue]) -> list[int]:
        """One chunk back holding ``cues`` (ids ignored) as segments; returns the rows added."""
        segments = [Segment(c.start_ms, c.end_ms, c.text) for c in cues]
        edit = self.live.chunk_done(self._chunks, segments)
        self._chunks += 1
        return self.model.apply_streamed(edit)

    def send_ids(self, cues: Sequence[Cue]) -> list[int]:
        """As :meth:`send`, returning the ids of the cues added."""
        return [self.model.cue_id_at(row) for row in self.send(cues)]
