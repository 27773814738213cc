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
    assert store.add_segments(session, [(0, [yes])], PRESETS["netflix-en"], "none") == [0]
    cue = session.model.document.cues[0]
    assert (cue.start_ms, cue.end_ms, cue.text) == (2, 415, "Yes.")


def test_failed_stretches_are_kept_once_per_file_noted_in_the_project_and_never_exported(
    tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path / "autosave")
    session = store.create(tmp_path / "film.wav", PRESETS["netflix-en"])
    other = store.create(tmp_path / "other.wav", PRESETS["netflix-en"])
    session.job_id, other.job_id = "a", "b"
    store.add_segments(
        session,
        [(0, [Segment(1_000, 2_000, " Hello.", (Word(1_000, 2_000, " Hello.", 0.9),))])],
        PRESETS["netflix-en"],
        "none",
    )
    assert store.add_failed_stretches(session, StretchFailed("a", 2, 62_000, 90_000, "boom"))
    assert store.add_failed_stretches(session, StretchFailed("a", 5, 150_000, 180_000, "bang"))
    finished = JobFinished(
        "a",
        "en",
        200_000,
        1,
        1.0,
        failed_stretches=((62_000, 90_000), (150_000, 180_000), (190_000, 200_000)),
    )
    assert store.add_failed_stretches(session, finished)  # one stretch was new
    assert not store.add_failed_stretches(session, finished)
    assert session.failed_stretches == (
        FailedStretch(62_000, 90_000, "boom"),
        FailedStretch(150_000, 180_000, "bang"),
        FailedStretch(190_000, 200_000),
    )
    assert other.failed_stretches == ()
    export(session, tmp_path / "film.srt", overwrite=False)
    assert (tmp_path / "film.srt").read_text(encoding="utf-8-sig").count(" --> ") == 1
    store.flush()
    assert session.autosave_path is not None
    project = load_project(session.autosave_path)
    assert [c.text for c in project.document.cues] == ["Hello."]
    assert project.settings["failed_stretches"] == [
        [62_000, 90_000, "boom"],
        [150_000, 180_000, "bang"],
        [190_000, 200_000, ""],
    ]

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
    session = store.create(
        tmp_path / "film.vtt", PRESETS["netflix-en"], Document([Cue(1, 0, 1000, "Hello", vtt_id="intro")])
    )
    session.frame_rate, session.vtt_blocks = 25.0, ("WEBVTT - My film", "STYLE\n::cue { color: yellow }")
    store.touch(session)
    store.flush()
    assert session.autosave_path is not None
    reopened = SessionStore(folder=tmp_path / "elsewhere").open_project(
        session.autosave_path, PRESETS["netflix-en"]
    )
    assert (reopened.frame_rate, reopened.vtt_blocks) == (25.0, session.vtt_blocks)
    export(reopened, tmp_path / "out.vtt", overwrite=False)
    assert (
        (tmp_path / "out.vtt")
        .read_text(encoding="utf-8")
        .startswith(
            "WEBVTT - My film\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:00:00.000 --> 00:00:01.000\nHello\n"
        )
    )


# ---------------------------------------------------------------- nothing lost (issue 11)

from engine.subtitles.cue import Cue  # noqa: E402
from gui.models.cue_model import TEXT  # noqa: E402
from gui.sessions import AUTOSAVE_MAX_DELAY_MS, save_session_project  # noqa: E402

NETFLIX = PRESETS["netflix-en"]


def _edit(session, text: str) -> None:  # type: ignore[no-untyped-def]
    assert session.model.setData(session.model.index(0, TEXT), text)


def _texts_in(autosave: Path) -> list[str]:
    return [c.text for c in load_project(autosave).document.cues]


def test_two_rows_of_one_file_never_share_an_autosave_even_across_a_restart(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before: the autosave was named by the media path, so the same file added again in the
    next run (its first transcript not yet recovered) overwrote the first one's edits."""
    folder, film = tmp_path / "autosave", tmp_path / "film.wav"
    first = SessionStore(folder=folder)
    a = first.create(film, NETFLIX, Document([Cue(1, 0, 1000, "one")]))
    _edit(a, "edited in the first run")
    first.flush()
    second = SessionStore(folder=folder)  # the next start; the first transcript is not recovered yet
    b = second.create(film, NETFLIX, Document([Cue(1, 0, 1000, "two")]))
    second.touch(b)
    second.flush()
    texts = sorted(
        t for e in SessionStore(folder=folder).recoverable().entries for t in _texts_in(e.autosave)
    )
    assert texts == ["edited in the first run", "two"]


def test_a_recovered_transcript_and_its_project_opened_again_keep_their_own_autosaves(
    tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    folder, film = tmp_path / "autosave", tmp_path / "film.wav"
    first = SessionStore(folder=folder)
    a = first.create(film, NETFLIX, Document([Cue(1, 0, 1000, "one")]))
    save_session_project(a, tmp_path / "film.wfsproj", {})
    _edit(a, "edited after saving")
    first.flush()  # then the app is killed
    second = SessionStore(folder=folder)
    [entry] = second.recoverable().entries
    recovered = second.recover(entry.autosave, NETFLIX)
    assert recovered.autosave_path == entry.autosave  # it goes on autosaving into its own file
    opened = second.open_project(tmp_path / "film.wfsproj", NETFLIX)
    _edit(recovered, "recovered, edited again")
    _edit(opened, "the saved project, edited")
    second.flush()
    assert opened.autosave_path != recovered.autosave_path
    assert _texts_in(entry.autosave) == ["recovered, edited again"]
    assert opened.autosave_path is not None and _texts_in(opened.autosave_path) == [
        "the saved project, edited"
    ]


def test_autosave_has_a_maximum_delay_however_fast_cues_stream(tmp_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before: every change restarted a 1 s timer, so cues streaming every 0.1 s (and an edit
    among them) put the autosave off until the stream ended. A fake clock stands for time and
    the timer never gets to fire: the stream alone must bring the autosaves."""
    import gui.sessions

    store = SessionStore(folder=tmp_path)
    now = [0.0]
    store.clock = lambda: now[0]
    writes: list[float] = []
    real_write = gui.sessions.write_project

    def write(*args):  # type: ignore[no-untyped-def]
        writes.append(now[0])
        real_write(*args)

    monkeypatch.setattr(gui.sessions, "write_project", write)
    session = store.create(tmp_path / "film.wav", NETFLIX, Document([Cue(1, 0, 1000, "one")]))
    _edit(session, "an edit while streaming")
    for tick in range(1, 151):  # 15 s of streamed changes, one every 0.1 s
        now[0] = tick / 10
        store.touch(session)
        assert store._timer.interval() <= AUTOSAVE_MAX_DELAY_MS
    limit = AUTOSAVE_MAX_DELAY_MS / 1000 + 0.1 + 1e-9  # one tick late at most
    assert writes and writes[0] <= limit
    assert all(b - a <= limit for a, b in zip(writes, writes[1:], strict=False)) and 15 - writes[-1] <= limit
    assert session.autosave_path is not None and _texts_in(session.autosave_path) == [
        "an edit while streaming"
    ]


def test_saving_or_exporting_takes_a_transcript_out_of_recovery(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before: a saved project's autosave stayed and was offered at every start."""
    store = SessionStore(folder=tmp_path / "autosave")
    saved = store.create(tmp_path / "a.wav", NETFLIX, Document([Cue(1, 0, 1000, "a")]))
    exported = store.create(tmp_path / "b.wav", NETFLIX, Document([Cue(1, 0, 1000, "b")]))
    kept = store.create(tmp_path / "c.wav", NETFLIX, Document([Cue(1, 0, 1000, "c")]))
    for session in (saved, exported, kept):
        _edit(session, session.path.stem + " edited")
    store.flush()
    assert len(SessionStore(folder=tmp_path / "autosave").recoverable().entries) == 3
    save_session_project(saved, tmp_path / "a.wfsproj", {})
    export(exported, tmp_path / "b.srt", overwrite=False)
    exported.exported = True  # as gui.subtitle_files.export does after a successful export
    store.flush()
    entries = SessionStore(folder=tmp_path / "autosave").recoverable().entries
    assert [e.media.name for e in entries] == ["c.wav"]
    assert store.unsaved() == [kept]
    _edit(saved, "changed after saving")  # a new change is unsaved work again
    store.flush()
    assert sorted(e.media.name for e in SessionStore(folder=tmp_path / "autosave").recoverable().entries) == [
        "a.wav",
        "c.wav",
    ]


def test_recovery_lists_each_transcript_with_its_file_cues_and_whether_it_was_edited(
    tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path)
    edited = store.create(
        tmp_path / "edited.wav", NETFLIX, Document([Cue(1, 0, 1000, "a"), Cue(2, 2000, 3000, "b")])
    )
    streamed = store.create(tmp_path / "streamed.wav", NETFLIX)
    _edit(edited, "changed")
    store.add_segments(
        streamed, [(0, [Segment(0, 900, " Yes.", (Word(0, 900, " Yes.", 0.9),))])], NETFLIX, "none"
    )
    store.flush()
    entries = {e.media.name: e for e in SessionStore(folder=tmp_path).recoverable().entries}
    assert {name: (e.cues, e.edited) for name, e in entries.items()} == {
        "edited.wav": (2, True),
        "streamed.wav": (1, False),
    }
    assert entries["edited.wav"].saved_at.year >= 2024


def test_a_damaged_autosave_is_set_aside_and_leftover_temp_files_removed(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(folder=tmp_path)
    good = store.create(tmp_path / "good.wav", NETFLIX, Document([Cue(1, 0, 1000, "kept")]))
    store.touch(good)
    store.flush()
    damaged = tmp_path / "film-0123.wfsproj"
    damaged.write_text(
        '{"format": "whisper-for-subs-project", "version": 1, "next_id": Infinity, "cues": []}'
    )
    (tmp_path / ".good-1.wfsproj.k2j3.tmp").write_bytes(b'{"format": "whisper-for-')
    found = SessionStore(folder=tmp_path).recoverable()
    assert [e.media.name for e in found.entries] == ["good.wav"]
    [bad] = found.damaged
    assert bad.original == damaged and not damaged.exists()
    assert bad.set_aside is not None and bad.set_aside.read_text().startswith(
        '{"format"'
    )  # renamed, not deleted
    assert "film-0123.wfsproj is damaged" in bad.reason
    assert found.temps_removed == 1 and not list(tmp_path.glob("*.tmp"))
    assert SessionStore(folder=tmp_path).recoverable().damaged == []  # reported once, not at every start
