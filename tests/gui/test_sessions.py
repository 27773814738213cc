"""Streamed segments become cues in the window as in the CLI, none ending after the media."""

from __future__ import annotations

from pathlib import Path

from engine.protocol import Segment, Word
from engine.subtitles.presets import PRESETS
from gui.sessions import SessionStore


def test_a_streamed_cue_never_ends_after_the_media(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path)
    session = store.create(tmp_path / "yes_0.4s.wav", PRESETS["netflix-en"])
    session.duration_ms = 415
    yes = Segment(2, 300, " Yes.", (Word(2, 300, " Yes.", 0.9),))
    assert store.add_segments(session, [yes], PRESETS["netflix-en"], "none") == 1
    cue = session.model.document.cues[0]
    assert (cue.start_ms, cue.end_ms, cue.text) == (2, 415, "Yes.")
