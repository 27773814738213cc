"""Streamed segments become cues in the window as in the CLI, none ending after the media."""

from __future__ import annotations

from pathlib import Path

from engine.protocol import JobFinished, Segment, StretchFailed, Word
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from engine.subtitles.project import load_project, save_project
from gui.failed_stretches import FailedStretch
from gui.sessions import SessionStore, export


def test_a_streamed_cue_never_ends_after_the_media(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path)
    session = store.create(tmp_path / "yes_0.4s.wav", PRESETS["netflix-en"])
    session.duration_ms = 415
    yes = Segment(2, 300, " Yes.", (Word(2, 300, " Yes.", 0.9),))
    assert store.add_segments(session, [yes], PRESETS["netflix-en"], "none") == 1
    cue = session.model.document.cues[0]
    assert (cue.start_ms, cue.end_ms, cue.text) == (2, 415, "Yes.")


def test_failed_stretches_are_kept_once_per_file_noted_in_the_project_and_never_exported(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path / "autosave")
    session = store.create(tmp_path / "film.wav", PRESETS["netflix-en"])
    other = store.create(tmp_path / "other.wav", PRESETS["netflix-en"])
    session.job_id, other.job_id = "a", "b"
    store.add_segments(session, [Segment(1_000, 2_000, " Hello.", (Word(1_000, 2_000, " Hello.", 0.9),))],
                       PRESETS["netflix-en"], "none")  # fmt: skip
    assert store.add_failed_stretches(session, StretchFailed("a", 2, 62_000, 90_000, "boom"))
    assert store.add_failed_stretches(session, StretchFailed("a", 5, 150_000, 180_000, "bang"))
    finished = JobFinished("a", "en", 200_000, 1, 1.0, failed_stretches=((62_000, 90_000), (150_000, 180_000),
                                                                          (190_000, 200_000)))  # fmt: skip
    assert store.add_failed_stretches(session, finished)  # one stretch was new
    assert not store.add_failed_stretches(session, finished)
    assert session.failed_stretches == (FailedStretch(62_000, 90_000, "boom"), FailedStretch(150_000, 180_000, "bang"),
                                        FailedStretch(190_000, 200_000))  # fmt: skip
    assert other.failed_stretches == ()
    export(session, tmp_path / "film.srt", overwrite=False)
    assert (tmp_path / "film.srt").read_text(encoding="utf-8-sig").count(" --> ") == 1
    store.flush()
    assert session.autosave_path is not None
    project = load_project(session.autosave_path)
    assert [c.text for c in project.document.cues] == ["Hello."]
    assert project.settings["failed_stretches"] == [[62_000, 90_000, "boom"], [150_000, 180_000, "bang"],
                                                    [190_000, 200_000, ""]]  # fmt: skip

    # A recovered (or reopened) transcript still shows its holes; a malformed note is skipped.
    again = SessionStore(folder=tmp_path / "elsewhere")
    recovered = again.open_project(session.autosave_path, PRESETS["netflix-en"])
    assert recovered.failed_stretches == session.failed_stretches
    assert [c.text for c in recovered.model.document.cues] == ["Hello."]
    odd = tmp_path / "odd.wfsproj"
    save_project(odd, Document(), settings={"failed_stretches": [[1, 2], "x", [5, 9.5, ""], [10, 20, "ok"]]})
    assert again.open_project(odd, PRESETS["netflix-en"]).failed_stretches == (FailedStretch(10, 20, "ok"),)


def test_a_reopened_project_exports_what_the_imported_file_carried(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The autosave (or a saved project) keeps an imported WebVTT's header, STYLE blocks and
    identifiers and the file's frame rate, so exporting after a reopen writes them as before."""
    from engine.subtitles.cue import Cue

    store = SessionStore(folder=tmp_path / "autosave")
    session = store.create(tmp_path / "film.vtt", PRESETS["netflix-en"],
                           Document([Cue(1, 0, 1000, "Hello", vtt_id="intro")]))  # fmt: skip
    session.frame_rate, session.vtt_blocks = 25.0, ("WEBVTT - My film", "STYLE\n::cue { color: yellow }")
    store.touch(session)
    store.flush()
    assert session.autosave_path is not None
    reopened = SessionStore(folder=tmp_path / "elsewhere").open_project(session.autosave_path, PRESETS["netflix-en"])
    assert (reopened.frame_rate, reopened.vtt_blocks) == (25.0, session.vtt_blocks)
    export(reopened, tmp_path / "out.vtt", overwrite=False)
    assert (tmp_path / "out.vtt").read_text(encoding="utf-8").startswith(
        "WEBVTT - My film\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:00:00.000 --> 00:00:01.000\nHello\n")
