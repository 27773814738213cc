"""LiveCues' promise, checked after every update: settled cues never change (issue 11).

Cues before the settled cut (``LiveCues.settled``) are never changed, moved or removed again, and
the finished cues are the CLI's (``segments_to_cues`` over the whole file), also when the user
edited a settled cue (kept as the user left it). Chunks come back in random orders and batches,
some of them empty.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.protocol import Segment, Word
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.live import LiveCues
from tests.engine.subtitles.test_live import EN, MFA, Chunks, cli_cues, content, streams, transcripts

_CHECKS = [HealthCheck.too_slow, HealthCheck.large_base_example]
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=_CHECKS)
THOROUGH = settings(max_examples=200, deadline=None, suppress_health_check=_CHECKS)


class Watch:
    """A document fed by LiveCues that checks the settled promise after every update."""

    def __init__(self) -> None:
        self.doc = Document()
        self.live = LiveCues(EN, new_id=self.doc.new_id)
        self.settled: dict[int, Cue] = {}  # every cue ever settled, as it must still be
        self.most = 0  # the most settled cues seen at once, to tell the check was not empty

    def apply(self, edit: Edit) -> None:
        self.doc.apply(edit)
        shown = {c.id: c for c in self.doc.cues}
        for cue_id, cue in self.settled.items():
            assert shown.get(cue_id) == cue, f"settled cue {cue_id} changed: {cue} -> {shown.get(cue_id)}"
        settled = self.live.settled
        self.most = max(self.most, len(settled))
        for cue in settled:
            assert shown.get(cue.id) == cue, f"LiveCues lists cue {cue.id} as settled but shows another"
            self.settled.setdefault(cue.id, cue)

    def stream(self, chunks: Chunks, batches: list[list[int]]) -> None:
        for batch in batches:
            self.apply(self.live.chunks_done((i, chunks[i]) for i in batch))

    def edit_a_settled_cue(self, pick: int) -> Cue | None:
        """The user rewrites one settled cue's text; from then on it must stay as the user left it."""
        settled = [c for c in self.live.settled if c.id in self.settled]
        if not settled:
            return None
        cue = settled[pick % len(settled)]
        edit = self.doc.set_text(cue.id, "Edited: " + cue.text)
        self.live.user_edited(edit)
        (mine,) = edit.added
        self.settled[cue.id] = mine
        return mine


def check(chunks: Chunks, media_end: int, batches: list[list[int]], edit_at: int | None, pick: int) -> int:
    watch = Watch()
    mine = None
    for n, batch in enumerate(batches):
        watch.stream(chunks, [batch])
        if n == edit_at:
            mine = watch.edit_a_settled_cue(pick)
    watch.apply(watch.live.set_media_end(media_end))
    watch.apply(watch.live.finish(media_end))
    expected = cli_cues(chunks, media_end)
    if mine is not None:
        at = [c.id for c in watch.doc.cues].index(mine.id)
        assert mine.text.startswith("Edited: ")
        assert watch.doc.cues[at].text[len("Edited: ") :] == expected[at].text
        expected[at] = watch.doc.cues[at]
    assert content(watch.doc.cues) == content(expected)
    assert watch.live.settled_changed_at_finish == 0
    return watch.most


@PROPERTY
@given(st.data())
def test_settled_cues_never_change_and_the_end_is_the_cli_cues(data: st.DataObject) -> None:
    chunks, media_end = data.draw(transcripts(8))
    batches = data.draw(streams(len(chunks)))
    check(chunks, media_end, batches, None, 0)


@PROPERTY
@given(st.data())
def test_a_user_edit_on_a_settled_cue_stays_and_nothing_else_settled_changes(data: st.DataObject) -> None:
    chunks, media_end = data.draw(transcripts(8))
    batches = data.draw(streams(len(chunks)))
    edit_at = data.draw(st.integers(0, len(batches) - 1))
    check(chunks, media_end, batches, edit_at, data.draw(st.integers(0, 1000)))


@pytest.mark.slow
@THOROUGH
@given(st.data())
def test_settled_cues_never_change_thoroughly(data: st.DataObject) -> None:
    chunks, media_end = data.draw(transcripts(14))
    batches = data.draw(streams(len(chunks)))
    edit_at = data.draw(st.none() | st.integers(0, len(batches) - 1))
    check(chunks, media_end, batches, edit_at, data.draw(st.integers(0, 1000)))


def mfa_segments() -> list[Segment]:
    """The MFA recording's real segments, cut after every few words as Whisper does, with word
    times spread over each segment by length (the fixture has no word times)."""
    out: list[Segment] = []
    for raw in json.loads(MFA.read_text(encoding="utf-8"))["segments"]:
        start, end = round(raw["start"] * 1000), round(raw["end"] * 1000)
        texts = raw["text"].split()
        total = sum(len(t) + 1 for t in texts)
        words, t = [], start
        for text in texts:
            d = (end - start) * (len(text) + 1) // total
            words.append(Word(t, t + max(d - 20, 1), " " + text, 0.9))
            t += d
        for a in range(0, len(words), 7):
            part = tuple(words[a : a + 7])
            out.append(Segment(part[0].start_ms, part[-1].end_ms, "".join(w.text for w in part), part))
    return out


@st.composite
def mfa_chunks(draw: st.DrawFn) -> Chunks:
    """The MFA segments in chunks cut at random places, with empty chunks between."""
    segments = mfa_segments()
    chunks: Chunks = []
    while segments:
        if draw(st.integers(0, 4)) == 4:
            chunks.append([])
        take = draw(st.integers(1, 5))
        chunks.append(segments[:take])
        segments = segments[take:]
    return chunks


@PROPERTY
@given(st.data())
def test_a_real_transcript_settles_and_ends_as_the_cli(data: st.DataObject) -> None:
    chunks = data.draw(mfa_chunks())
    batches = data.draw(streams(len(chunks)))
    edit_at = data.draw(st.none() | st.integers(0, len(batches) - 1))
    check(chunks, 52_441, batches, edit_at, data.draw(st.integers(0, 1000)))


def test_the_check_is_not_empty() -> None:
    """Chunks back in order with long pauses: cues settle before the end, so the promise is tested."""
    words = [Word(i * 3000, i * 3000 + 400, f" Word{i}.", 0.9) for i in range(8)]
    chunks = [[Segment(w.start_ms, w.end_ms, w.text, (w,))] for w in words]
    assert check(chunks, 30_000, [[i] for i in range(len(chunks))], None, 0) >= 5
