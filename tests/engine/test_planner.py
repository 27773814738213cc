from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.planner import Chunk, ChunkPlanner, quietest_point


def silent(ms: int) -> np.ndarray:
    return np.zeros(ms * 16, dtype=np.float32)


def slicer(audio: np.ndarray):
    return lambda start, end: audio[start * 16 : end * 16]


def plan(
    regions: list[tuple[int, int]], total_ms: int, audio: np.ndarray | None = None, **kw: int
) -> list[Chunk]:
    audio = silent(total_ms) if audio is None else audio
    planner = ChunkPlanner(slicer(audio), **kw)
    chunks: list[Chunk] = []
    for region in regions:
        chunks += planner.add(region)
    return chunks + planner.finish(total_ms)


def covered(chunks: list[Chunk], start: int, end: int) -> bool:
    return any(s <= start and end <= e for c in chunks for s, e in c.pieces)


def test_packs_regions_up_to_the_limit_and_cuts_only_in_silence() -> None:
    regions = [(i * 5_000, i * 5_000 + 4_000) for i in range(20)]  # 4 s speech, 1 s gaps
    chunks = plan(regions, 100_000)
    assert all(c.duration_ms <= 30_000 for c in chunks)
    assert len(chunks) == 4  # 100 s of mostly speech in chunks near 30 s
    for region in regions:
        assert covered(chunks, *region)  # no region split or dropped
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_short_speech_is_never_dropped() -> None:
    chunks = plan([(10_000, 10_300)], 60_000)
    assert len(chunks) == 1 and covered(chunks, 10_000, 10_300)
    assert chunks[0].pieces == ((9_800, 10_500),)  # padded with real silence


def test_long_silences_are_left_out_and_times_map_back() -> None:
    chunks = plan([(11_000, 13_000), (30_000, 32_000)], 40_000)
    (chunk,) = chunks
    assert chunk.pieces == ((10_800, 13_200), (29_800, 32_200))
    assert chunk.duration_ms == 4_800
    assert chunk.to_file_ms(0) == 10_800
    assert chunk.to_file_ms(2_400) == 29_800  # a start at the seam belongs to the later piece
    assert chunk.to_file_ms(2_400, is_end=True) == 13_200  # an end to the earlier one
    assert chunk.to_file_ms(4_000) == 31_400
    assert chunk.to_file_ms(99_999) == 32_200


def test_a_region_longer_than_the_limit_is_cut_at_its_quietest_point() -> None:
    rng = np.random.default_rng(1)
    audio = (rng.standard_normal(80_000 * 16) * 0.3).astype(np.float32)
    audio[21_000 * 16 : 21_100 * 16] *= 0.01  # a breath inside a long monologue
    chunks = plan([(0, 80_000)], 80_000, audio)
    assert all(c.duration_ms <= 30_000 for c in chunks)
    assert chunks[0].end_ms == pytest.approx(21_050, abs=60)
    assert sum(c.duration_ms for c in chunks) == 80_000  # nothing lost or doubled


def test_quietest_point_finds_the_dip() -> None:
    audio = np.ones(10_000 * 16, dtype=np.float32)
    audio[6_000 * 16 : 6_200 * 16] = 0
    assert 6_000 <= quietest_point(slicer(audio), 2_000, 9_000) <= 6_200


def test_chunk_audio_joins_its_pieces() -> None:
    audio = np.arange(10_000 * 16, dtype=np.float32)
    chunk = Chunk(0, ((0, 10), (100, 110)))
    joined = chunk.audio(slicer(audio))
    assert joined.size == 20 * 16 and joined[160] == audio[100 * 16]


def test_regions_overlapping_or_out_of_order_never_overlap_pieces() -> None:
    chunks = plan([(0, 5_000), (4_000, 6_000), (5_500, 9_000)], 10_000)
    pieces = [p for c in chunks for p in c.pieces]
    assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:]))
    assert covered(chunks, 0, 9_000)


def test_segments_and_words_map_back_to_the_file() -> None:
    from engine.protocol import Segment, Word

    chunk = Chunk(0, ((1_000, 3_000), (10_000, 12_000)))
    segment = Segment(500, 3_500, " a b", (Word(500, 2_000, " a", 0.9), Word(2_000, 3_500, " b", 0.8)))
    mapped = chunk.segment_to_file(segment)
    assert (mapped.start_ms, mapped.end_ms) == (1_500, 11_500)
    assert [(w.start_ms, w.end_ms) for w in mapped.words] == [(1_500, 3_000), (10_000, 11_500)]


def test_chunks_carry_their_speech_and_word_edges_snap_to_it() -> None:
    from engine.protocol import Segment, Word

    chunks = plan([(11_000, 12_000), (14_000, 16_000), (50_000, 51_000)], 60_000)
    (chunk,) = chunks
    assert chunk.pieces[0] == (10_800, 16_200)
    assert chunk.speech == ((11_000, 12_000), (14_000, 16_000), (50_000, 51_000))
    # Whisper stretched "over" across the pause and "there" back into it.
    words = (Word(200, 3_000, " over", 0.9), Word(3_000, 4_900, " there", 0.9))
    mapped = chunk.segment_to_file(Segment(200, 4_900, " over there", words))
    assert [(w.start_ms, w.end_ms) for w in mapped.words] == [(11_000, 12_000), (14_000, 15_700)]
    assert (mapped.start_ms, mapped.end_ms) == (11_000, 15_700)


def test_a_word_in_what_vad_called_silence_keeps_its_times() -> None:
    from engine.planner import snap_to_speech

    assert snap_to_speech(2_100, 2_500, ((1_000, 2_000), (4_000, 6_000))) == (2_100, 2_500)
    assert snap_to_speech(1_500, 4_500, ((1_000, 2_000), (4_000, 6_000))) == (1_500, 4_500)


def test_gaps_up_to_five_seconds_stay_in_the_chunk() -> None:
    (chunk,) = plan([(11_000, 12_000), (16_500, 17_000)], 30_000)
    assert chunk.pieces == ((10_800, 17_200),)


def test_short_gaps_at_the_file_edges_are_covered_long_ones_are_not() -> None:
    (chunk,) = plan([(1_000, 2_000), (6_500, 7_000)], 10_000)
    assert chunk.pieces == ((0, 10_000),)  # VAD may have missed the first or last words
    (chunk,) = plan([(6_000, 7_000)], 20_000)
    assert chunk.pieces == ((5_800, 7_200),)


def test_a_full_chunk_ends_soon_after_its_speech_at_the_quietest_point() -> None:
    """mfa_michaelandsickmichael: "I have a cold" (30.80-31.40 s) sits in a gap between regions."""
    rng = np.random.default_rng(3)
    audio = (rng.standard_normal(60_000 * 16) * 0.2).astype(np.float32)
    audio[29_250 * 16 : 29_350 * 16] *= 0.001  # a pause after the region, before the weak speech
    audio[30_000 * 16 : 30_200 * 16] *= 0.0001  # a pause between weak words VAD did not find
    regions = [(0, 29_000), (30_500, 40_000)]
    chunks = plan(regions, 60_000, audio)
    assert chunks[0].pieces[-1][1] == pytest.approx(29_300, abs=60)
    assert chunks[1].pieces[0][0] == chunks[0].pieces[-1][1]  # no gap between them, no overlap


def pieces_cover(chunks: list[Chunk], start: int, end: int) -> bool:
    """[start, end) lies inside the union of all pieces (it may span two adjacent chunks)."""
    spans = sorted(p for c in chunks for p in c.pieces)
    position = start
    for s, e in spans:
        if s <= position < e:
            position = e
        if position >= end:
            return True
    return position >= end


@st.composite
def layouts(draw: st.DrawFn) -> tuple[list[tuple[int, int]], int, int]:
    max_chunk = draw(st.sampled_from([2_000, 8_000, 30_000]))
    regions: list[tuple[int, int]] = []
    t = draw(st.integers(0, 8_000))
    for _ in range(draw(st.integers(1, 25))):
        length = draw(st.integers(50, 45_000))
        regions.append((t, t + length))
        t += length + draw(st.integers(0, 9_000))
    return regions, t + draw(st.integers(0, 8_000)), max_chunk


@settings(max_examples=200, deadline=None)
@given(layouts(), st.integers(0, 2**31 - 1), st.sampled_from([0, 0, 1, 2_000, 5_000, 10_000]))
def test_every_gap_shorter_than_the_threshold_is_covered_exactly_once(
    layout: tuple[list[tuple[int, int]], int, int], seed: int, first_chunk: int
) -> None:
    """Coverage, with or without a shorter first chunk (``first_chunk_ms``, on by default)."""
    regions, total, max_chunk = layout
    audio = (np.random.default_rng(seed).standard_normal(total * 16) * 0.1).astype(np.float32)
    chunks = plan(regions, total, audio, max_chunk_ms=max_chunk, first_chunk_ms=first_chunk)
    pieces = sorted(p for c in chunks for p in c.pieces)
    assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:]))  # no moment in two chunks
    assert all(c.duration_ms <= max_chunk for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for start, end in regions:
        assert pieces_cover(chunks, start, min(end, total))
    boundaries = {c.start_ms for c in chunks} | {c.end_ms for c in chunks}
    stretches: list[list[tuple[int, int]]] = []  # regions whose pads touch: one stretch of speech
    for region in regions:
        if stretches and region[0] - stretches[-1][-1][1] < 2 * 200:
            stretches[-1].append(region)
        else:
            stretches.append([region])
    for stretch in stretches:  # speech that fits in a chunk is never cut inside a region
        if stretch[-1][1] - stretch[0][0] + 2 * 200 <= max_chunk - 1_000 and stretch[-1][1] <= total:
            for start, end in stretch:
                assert not any(start < b < end for b in boundaries), (start, end, boundaries)


def test_a_region_that_fits_is_not_cut_for_the_silence_before_it() -> None:
    """Found in review: regions (0-20 s), (24-51 s) made a boundary at 35 s, inside the second."""
    chunks = plan([(0, 20_000), (24_000, 51_000)], 60_000)
    assert not any(24_000 < b < 51_000 for c in chunks for b in (c.start_ms, c.end_ms))
    chunks = plan([(4_900, 31_000)], 40_000)
    assert not any(4_900 < b < 31_000 for c in chunks for b in (c.start_ms, c.end_ms))
    assert chunks[0].start_ms == 0  # the head is still covered, in a chunk of its own


def test_a_start_just_before_vads_region_is_kept_for_its_energy_onset() -> None:
    from engine.planner import snap_to_speech

    speech = ((2_000, 3_000),)
    assert snap_to_speech(1_900, 2_500, speech) == (1_900, 2_500)  # the energy rose before silero's start
    assert snap_to_speech(1_500, 2_500, speech) == (2_000, 2_500)  # stretched back over a pause: snapped
    # Where the file's energy shows the speech rising before silero's region, the start goes there.
    assert snap_to_speech(1_500, 2_500, speech, lambda start, region: 1_750) == (1_750, 2_500)
    assert snap_to_speech(1_500, 2_500, speech, lambda start, region: None) == (2_000, 2_500)
    assert snap_to_speech(1_500, 2_500, speech, lambda start, region: 1_200) == (
        1_500,
        2_500,
    )  # never earlier


def test_the_first_chunk_is_packed_shorter_so_its_cues_come_back_sooner() -> None:
    """Issue 14, first cue: a warm engine waited for a whole 30 s first chunk (4.5 s on one core).
    With ``first_chunk_ms`` the first ends at the first silence that keeps it within that; the
    rest are packed to 30 s as before, and nothing is split or left out."""
    regions = [(i * 5_000, i * 5_000 + 4_000) for i in range(20)]  # 4 s speech, 1 s gaps
    chunks = plan(regions, 100_000, first_chunk_ms=10_000)
    assert chunks[0].duration_ms <= 10_000 and chunks[0].end_ms <= 10_000
    assert (
        all(c.duration_ms <= 30_000 for c in chunks[1:]) and max(c.duration_ms for c in chunks[1:]) > 20_000
    )
    for region in regions:
        assert covered(chunks, *region)
    assert plan(regions, 100_000)[0].duration_ms > 20_000  # without it: as long as the others


def test_a_first_region_longer_than_the_first_limit_is_not_cut_for_it() -> None:
    """Cutting speech to make the first chunk short would risk a word: the limit only picks
    among silences."""
    chunks = plan([(0, 18_000), (19_000, 25_000)], 30_000, first_chunk_ms=10_000)
    assert covered(chunks, 0, 18_000) and covered(chunks, 19_000, 25_000)
    assert chunks[0].end_ms >= 18_000
