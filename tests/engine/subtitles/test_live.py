"""LiveCues: streamed chunks, in any order and batching, end as the CLI's cues (issue 11)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.protocol import Segment, Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.glossary import Glossary, Rule
from engine.subtitles.live import LiveCues
from engine.subtitles.presets import PRESETS, Preset
from engine.subtitles.segmentation import segments_to_cues

EN = PRESETS["netflix-en"]
_CHECKS = [HealthCheck.too_slow, HealthCheck.large_base_example]
FAST = settings(max_examples=12, deadline=None, suppress_health_check=_CHECKS)
THOROUGH = settings(max_examples=150, deadline=None, suppress_health_check=_CHECKS)
MFA = Path(__file__).resolve().parents[4] / "shared/testdata/timed/mfa_michaelandsickmichael.segments.json"
VOCAB = [
    "we",
    "the",
    "a",
    "house",
    "river",
    "went",
    "and",
    "to",
    "because",
    "John",
    "Smith",
    "said",
    "it",
    "was",
    "cold",
    "of",
    "New",
    "York",
    "really",
    "so",
    "but",
    "that",
    "bridge",
    "never",
]

Chunks = list[list[Segment]]


def cli_cues(chunks: Chunks, media_end_ms: int | None, preset: Preset = EN) -> list[Cue]:
    """What ``main.py transcribe`` writes (engine.cli.writing.write_outputs' call)."""
    segments = sorted((s for c in chunks for s in c), key=lambda s: (s.start_ms, s.end_ms))
    return segments_to_cues(segments, preset, language=None, chinese=None, media_end_ms=media_end_ms)


def content(cues: Sequence[Cue]) -> list[tuple[int, int, str, tuple[Word, ...]]]:
    return [(c.start_ms, c.end_ms, c.text, c.words) for c in cues]


@st.composite
def transcripts(draw: st.DrawFn, sentences: int = 14) -> tuple[Chunks, int]:
    """Word-timed sentences with short and long pauses, as Whisper segments (cut at sentence
    ends, sometimes inside a sentence), in chunks cut between segments (so sentences run across
    chunks), some chunks empty (silence, music). Returns the chunks and the media's length."""
    words: list[Word] = []
    ends: list[int] = []  # index after each sentence's last word
    t = draw(st.integers(0, 3000))
    for _ in range(draw(st.integers(1, sentences))):
        n = draw(st.integers(1, 12) | st.integers(13, 40))
        for k in range(n):
            core = draw(st.sampled_from(VOCAB))
            core = core.capitalize() if k == 0 else core
            core += (
                draw(st.sampled_from([".", "?", "", ","]))
                if k == n - 1
                else draw(st.sampled_from([""] * 6 + [","]))
            )
            t += draw(st.sampled_from([0, 40, 120, 250, 600])) if k else 0
            dur = draw(st.integers(80, 700))
            words.append(Word(t, t + dur, " " + core, 0.9))
            t += dur
        ends.append(len(words))
        t += draw(st.sampled_from([100, 400, 900, 1600, 2500, 6000]))
    cuts = set(ends[:-1])
    if len(words) > 1:
        cuts |= set(draw(st.lists(st.integers(1, len(words) - 1), max_size=12)))
    cuts -= set(draw(st.lists(st.sampled_from(sorted(cuts) or [0]), max_size=3)))
    bounds = [0, *sorted(cuts), len(words)]
    segments = [
        Segment(
            words[a].start_ms, words[b - 1].end_ms, "".join(w.text for w in words[a:b]), tuple(words[a:b])
        )
        for a, b in zip(bounds, bounds[1:])
    ]
    chunks: Chunks = []
    rest = segments
    while rest:
        if draw(st.integers(0, 5)) == 5:
            chunks.append([])  # a chunk with no speech in it (silence, music)
        take = draw(st.integers(1, 4))
        chunks.append(rest[:take])
        rest = rest[take:]
    return chunks, t + draw(st.integers(0, 2000))


@st.composite
def streams(draw: st.DrawFn, chunk_count: int) -> list[list[int]]:
    """Chunk indices in a random completion order, cut into random batches (drain ticks)."""
    order = draw(st.permutations(range(chunk_count)))
    batches: list[list[int]] = []
    for index in order:
        if not batches or draw(st.booleans()):
            batches.append([])
        batches[-1].append(index)
    return batches


def stream(live: LiveCues, doc: Document, chunks: Chunks, batches: list[list[int]]) -> None:
    for batch in batches:
        doc.apply(live.chunks_done((i, chunks[i]) for i in batch))


def check_any_order_gives_the_cli_cues(data: st.DataObject, sentences: int) -> None:
    chunks, media_end = data.draw(transcripts(sentences))
    batches = data.draw(streams(len(chunks)))
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id)
    planned_at = data.draw(st.integers(0, len(batches)))  # when JobPlanned tells the length
    stream(live, doc, chunks, batches[:planned_at])
    doc.apply(live.set_media_end(media_end))
    stream(live, doc, chunks, batches[planned_at:])
    doc.apply(live.finish(media_end))
    assert content(doc.cues) == content(cli_cues(chunks, media_end))
    # Not asserted: live.settled_changed_at_finish == 0. The cut rule holds in almost every
    # transcript, but hypothesis found long unpunctuated runs where the final pass still replaced
    # two settled cues (open question, see the issue); the final pass is what makes this exact.


@FAST
@given(st.data())
def test_any_order_and_batching_gives_the_cli_cues(data: st.DataObject) -> None:
    check_any_order_gives_the_cli_cues(data, sentences=5)


@pytest.mark.slow
@THOROUGH
@given(st.data())
def test_any_order_and_batching_gives_the_cli_cues_thoroughly(data: st.DataObject) -> None:
    check_any_order_gives_the_cli_cues(data, sentences=14)


def test_a_sentence_over_two_chunks_is_one_cue_as_on_the_command_line() -> None:
    """The fault: segmenting each batch alone made two cues of one sentence."""
    words = [
        Word(i * 300, i * 300 + 250, " " + w, 0.9) for i, w in enumerate("We went down to the river.".split())
    ]
    chunks = [
        [Segment(0, 850, " We went down", tuple(words[:3]))],
        [Segment(900, 1750, " to the river.", tuple(words[3:]))],
    ]
    per_batch = [c for chunk in chunks for c in segments_to_cues(chunk, EN)]
    assert len(per_batch) == 2  # what the window did
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id)
    doc.apply(live.chunk_done(1, chunks[1]))
    doc.apply(live.chunk_done(0, chunks[0]))
    doc.apply(live.finish(1750))
    assert [c.text for c in doc.cues] == ["We went down to the river."]
    assert content(doc.cues) == content(cli_cues(chunks, 1750))


def test_real_segments_without_word_timings() -> None:
    """The MFA recording's segments (no word timings), 30 s chunks, last chunk back first."""
    raw = json.loads(MFA.read_text(encoding="utf-8"))["segments"]
    segments = [Segment(round(s["start"] * 1000), round(s["end"] * 1000), " " + s["text"]) for s in raw]
    chunks: Chunks = [[s for s in segments if k * 30_000 <= s.start_ms < (k + 1) * 30_000] for k in range(2)]
    for order in ([1, 0], [0, 1]):
        doc = Document()
        live = LiveCues(EN, new_id=doc.new_id)
        for index in order:
            doc.apply(live.chunk_done(index, chunks[index]))
        doc.apply(live.finish(52_441))
        assert content(doc.cues) == content(cli_cues(chunks, 52_441))


def long_transcript(seed: int, chunk_count: int = 200, per_chunk: int = 10) -> Chunks:
    """About 2 hours: ``chunk_count`` chunks of ``per_chunk`` segments, a long pause now and then."""
    rng = random.Random(seed)
    chunks: Chunks = []
    t = 0
    for _ in range(chunk_count):
        chunk = []
        for _ in range(per_chunk):
            words = []
            for k in range(rng.randint(3, 10)):
                core = rng.choice(VOCAB) + ("." if k and rng.random() < 0.2 else "")
                words.append(Word(t, t + rng.randint(150, 450), " " + core, 0.9))
                t = words[-1].end_ms + rng.choice([30, 80, 200, 500])
            chunk.append(
                Segment(words[0].start_ms, words[-1].end_ms, "".join(w.text for w in words), tuple(words))
            )
            t += rng.choice([200, 700, 1200, 2000])
        chunks.append(chunk)
    return chunks


class Counting:
    """segments_to_cues, counting the segments it is given."""

    def __init__(self) -> None:
        self.segments = 0

    def __call__(
        self,
        segments: Sequence[Segment],
        preset: Preset,
        *,
        language: str | None = None,
        chinese: str | None = None,
        media_end_ms: int | None = None,
        glossary: Glossary | None = None,
    ) -> list[Cue]:
        self.segments += len(segments)
        return segments_to_cues(
            segments,
            preset,
            language=language,
            chinese=chinese,
            media_end_ms=media_end_ms,
            glossary=glossary,
        )


@pytest.mark.parametrize("chunk_count", [60, pytest.param(200, marks=pytest.mark.slow)])
def test_two_hours_in_200_batches_segment_only_the_unsettled_tail(chunk_count: int) -> None:
    """200 chunks of 10 segments (about 2 hours); 60 chunks for the quick run."""
    chunks = long_transcript(7, chunk_count)
    total = sum(len(c) for c in chunks)
    rng = random.Random(3)
    order = list(range(len(chunks)))
    for start in range(0, len(order), 4):  # four workers: chunks come back a little out of order
        window = order[start : start + 4]
        rng.shuffle(window)
        order[start : start + 4] = window
    counting = Counting()
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id, segmenter=counting)
    for index in order:
        doc.apply(live.chunk_done(index, chunks[index]))
    end = chunks[-1][-1].end_ms + 1000
    doc.apply(live.finish(end))
    assert content(doc.cues) == content(cli_cues(chunks, end))
    # Everything again at each batch would be about chunk_count * total / 2 (200,000 for 200 chunks);
    # the unsettled tail per batch plus the final pass is far less.
    assert counting.segments < 10 * total, counting.segments


@st.composite
def user_edits(draw: st.DrawFn) -> tuple[str, int, int]:
    kind = draw(st.sampled_from(["text", "shorter", "delete", "split"]))
    return kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000))


def check_a_user_edit_is_kept(data: st.DataObject, sentences: int) -> None:
    chunks, media_end = data.draw(transcripts(sentences))
    batches = data.draw(streams(len(chunks)))
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id)
    at = data.draw(st.integers(0, len(batches)))
    stream(live, doc, chunks, batches[:at])
    deleted: list[Word] = []
    kept: dict[int, Cue] = {}
    if doc.cues:
        kind, pick, where = data.draw(user_edits())
        cue = doc.cues[pick % len(doc.cues)]
        if kind == "text":
            edit = doc.set_text(cue.id, "Edited: " + cue.text)
        elif kind == "shorter":
            edit = doc.set_times(cue.id, cue.start_ms, cue.start_ms + max(1, cue.duration_ms // 2))
        elif kind == "split" and len(cue.text) > 2 and " " in cue.text.strip():
            edit = doc.split(cue.id, cue.text.index(" ", 1) if " " in cue.text[1:] else 1)
        else:
            edit = doc.delete([cue.id])
            deleted = list(cue.words)
        live.user_edited(edit)
        kept = {c.id: c for c in edit.added}
    stream(live, doc, chunks, batches[at:])
    doc.apply(live.finish(media_end))
    for cue_id, cue in kept.items():
        assert doc.get(cue_id) == cue  # as the user left it
    everything = Counter(w for chunk in chunks for s in chunk for w in s.words)
    shown = Counter(w for c in doc.cues for w in c.words) + Counter(w for c in live.unplaced for w in c.words)
    assert shown + Counter(deleted) == everything  # nothing lost, nothing twice
    assert not live.unplaced


@FAST
@given(st.data())
def test_a_user_edit_in_the_middle_is_kept_and_no_text_is_lost_or_doubled(data: st.DataObject) -> None:
    check_a_user_edit_is_kept(data, sentences=5)


@pytest.mark.slow
@THOROUGH
@given(st.data())
def test_a_user_edit_is_kept_thoroughly(data: st.DataObject) -> None:
    check_a_user_edit_is_kept(data, sentences=14)


def test_an_edited_cue_stays_while_the_sentence_around_it_arrives() -> None:
    """Chunk 1 arrives first; the user fixes its cue; chunk 0 then brings the sentence's start."""
    words = [
        Word(i * 300, i * 300 + 250, " " + w, 0.9) for i, w in enumerate("We went down to the river.".split())
    ]
    chunks = [
        [Segment(0, 850, " We went down", tuple(words[:3]))],
        [Segment(900, 1750, " to the river.", tuple(words[3:]))],
    ]
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id)
    doc.apply(live.chunk_done(1, chunks[1]))
    (cue,) = doc.cues
    edit = doc.set_text(cue.id, "to the River Thames.")
    live.user_edited(edit)
    doc.apply(live.chunk_done(0, chunks[0]))
    doc.apply(live.finish(1750))
    assert [c.text for c in doc.cues] == ["We went down", "to the River Thames."]
    assert doc.get(cue.id) == edit.added[0]
    assert doc.cues[0].end_ms <= doc.cues[1].start_ms


def test_finished_transcript_refuses_more_chunks() -> None:
    live = LiveCues(EN)
    live.finish(1000)
    with pytest.raises(ValueError, match="start a new LiveCues"):
        live.chunk_done(0, [])


def test_a_cue_held_for_editing_is_not_re_segmented_away() -> None:
    """A cell editor is open on chunk 1's cue when chunk 0 brings the sentence's start: without
    the hold the cue was replaced by one joined cue and the typed text had nowhere to go."""
    words = [
        Word(i * 300, i * 300 + 250, " " + w, 0.9) for i, w in enumerate("We went down to the river.".split())
    ]
    chunks = [
        [Segment(0, 850, " We went down", tuple(words[:3]))],
        [Segment(900, 1750, " to the river.", tuple(words[3:]))],
    ]
    for held in (False, True):
        doc = Document()
        live = LiveCues(EN, new_id=doc.new_id)
        doc.apply(live.chunk_done(1, chunks[1]))
        (cue,) = doc.cues
        if held:
            live.hold(cue.id)
            live.hold(10_000)  # not a live cue: ignored
        doc.apply(live.chunk_done(0, chunks[0]))
        doc.apply(live.finish(1750))
        if held:
            assert doc.get(cue.id) == cue  # still there, as it was: the typed text can be committed
            assert [c.text for c in doc.cues] == ["We went down", "to the river."]
        else:
            assert [c.text for c in doc.cues] == ["We went down to the river."]
            assert cue.id not in {c.id for c in doc.cues}


def test_glossary_entries_that_never_matched_are_told_at_the_end() -> None:
    words = (Word(0, 400, " Gutenburg", 0.9), Word(400, 800, " printed.", 0.9))
    glossary = Glossary((Rule("Gutenburg", "Gutenberg", 1), Rule("Caxtn", "Caxton", 2)), source="g.txt")
    doc = Document()
    live = LiveCues(EN, new_id=doc.new_id, glossary=glossary)
    doc.apply(live.chunk_done(0, [Segment(0, 800, " Gutenburg printed.", words)]))
    doc.apply(live.finish(800))
    assert [c.text for c in doc.cues] == ["Gutenberg printed."]
    assert [r.wrong for r in live.glossary_misses()] == ["Caxtn"]
    assert LiveCues(EN).glossary_misses() == ()
