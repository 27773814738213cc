"""Quiet lines beside loud speech: levels and gains (engine.levels), VAD's second look at quiet
pauses (engine.vad.with_quiet_speech), and the lines a chunk carries (engine.planner.Chunk).

The level tests pass every region as a candidate line: which regions are lines is VAD's call."""

from __future__ import annotations

import numpy as np
import pytest

from engine.levels import MAX_GAIN_DB, RAISE_TO_UNDER_DB, active_level_db, line_gains_db, raise_quiet_speech
from engine.vad import GAP_MARGIN_MS, LINE_LEAD_MS, LINE_TAIL_MS, QuietLook, with_quiet_speech
from tests.conftest import TESTDATA

RATE = 16_000


def noise(ms: int, rms_dbfs: float, seed: int = 0) -> np.ndarray:
    """Gaussian noise at an RMS level, a stand-in for speech whose level is known exactly."""
    x = np.random.default_rng(seed).standard_normal(ms * RATE // 1000)
    return (x / np.sqrt(np.mean(x**2)) * 10 ** (rms_dbfs / 20)).astype(np.float32)


def joined(*parts: tuple[int, float | None]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Audio of (ms, dBFS) parts, silence for a level of None, and the spans of the sounding ones."""
    audio, spans, t = [], [], 0
    for i, (ms, level) in enumerate(parts):
        audio.append(np.zeros(ms * RATE // 1000, np.float32) if level is None else noise(ms, level, seed=i))
        if level is not None:
            spans.append((t, t + ms))
        t += ms
    return np.concatenate(audio), spans


def test_the_active_level_is_the_level_of_the_sound_not_of_the_pauses_in_it() -> None:
    steady = noise(1_000, -20)
    assert active_level_db(steady) == pytest.approx(-20, abs=1.0)
    with_pauses = np.concatenate([steady[:4_000], np.zeros(8_000, np.float32), steady[4_000:8_000]])
    assert active_level_db(with_pauses) == pytest.approx(-20, abs=1.0)  # RMS of the whole: -24.8
    assert active_level_db(np.zeros(100, np.float32)) == float("-inf")


def test_only_a_region_far_under_the_loud_speech_gets_a_gain() -> None:
    audio, spans = joined(
        (3_000, -15), (500, None), (2_000, -32), (500, None), (2_000, -50), (500, None), (3_000, -16)
    )
    gains = line_gains_db(audio, spans, spans)
    assert gains[0] == gains[1] == gains[3] == 0.0  # 17 dB under is ordinary speech
    # -50 is 35 dB under the loud speech (about -14 dB: the 90th percentile of noise frames)
    # and is brought to RAISE_TO_UNDER_DB under it.
    loud = -15 + 1.2
    assert gains[2] == pytest.approx(loud - RAISE_TO_UNDER_DB - (-50 + 1.2), abs=1.0)
    far, spans = joined((3_000, -15), (500, None), (2_000, -80))
    assert line_gains_db(far, spans, spans)[1] == MAX_GAIN_DB


def test_a_short_loud_sound_does_not_make_the_speech_around_it_quiet() -> None:
    # mfa_michaelandsickmichael: a 0.38 s sound at -11 dBFS among speech at -27 to -41 dBFS.
    audio, spans = joined((4_000, -30), (300, None), (380, -8), (300, None), (4_000, -38))
    assert line_gains_db(audio, spans, spans) == [0.0, 0.0, 0.0]
    # Under 2 s of speech in all: nothing is called quiet.
    short, spans = joined((1_000, -10), (300, None), (500, -60))
    assert line_gains_db(short, spans, spans) == [0.0, 0.0]


def test_the_cut_off_tail_of_a_region_gets_no_gain() -> None:
    # A chunk cut inside a region may start with a few ms of a word's soft tail: too short to
    # be a quiet line (under one 20 ms frame its level is not even measured).
    for ms in (10, 150):
        audio, spans = joined((ms, -55), (300, None), (3_000, -15))
        assert line_gains_db(audio, spans, spans) == [0.0, 0.0]
    audio, spans = joined((250, -55), (300, None), (3_000, -15))
    assert line_gains_db(audio, spans, spans)[0] > 0


def test_a_click_in_a_quiet_region_never_passes_the_chunks_peak() -> None:
    audio, spans = joined((3_000, -15), (500, None), (2_000, -55))
    peak = float(np.max(np.abs(audio[: 3_000 * 16])))
    audio[spans[1][0] * 16 + 8_000] = peak / 3  # a click 10 dB under the loud speech's peak
    (loud_gain, gain) = line_gains_db(audio, spans, spans)
    assert loud_gain == 0 and gain == pytest.approx(20 * np.log10(3), abs=0.01)  # not the 30 dB asked
    out = raise_quiet_speech(audio, spans, spans)
    assert float(np.max(np.abs(out))) == pytest.approx(peak, rel=1e-4)
    # A click in the pause, 50 ms before the line, where the gain reaches too: the same.
    beside, spans = joined((3_000, -15), (500, None), (2_000, -55))
    beside[spans[1][0] * 16 - 800] = peak / 3
    assert line_gains_db(beside, spans, spans)[1] == pytest.approx(20 * np.log10(3), abs=0.01)
    assert float(np.max(np.abs(raise_quiet_speech(beside, spans, spans)))) <= peak * (1 + 1e-4)


def test_ordinary_speech_is_sent_as_it_is() -> None:
    audio, spans = joined((3_000, -15), (500, None), (2_000, -25), (500, None), (3_000, -18))
    assert raise_quiet_speech(audio, spans, spans) is audio
    assert raise_quiet_speech(audio, spans, []) is audio


def test_a_quiet_region_is_raised_and_nothing_else_is_touched() -> None:
    audio, spans = joined((3_000, -15), (1_000, None), (2_000, -50), (1_000, None), (3_000, -15))
    out = raise_quiet_speech(audio, spans, spans)
    assert out.dtype == np.float32 and out.shape == audio.shape
    (s0, e0), (s1, e1), (s2, e2) = [(s * 16, e * 16) for s, e in spans]
    assert np.array_equal(out[s0:e0], audio[s0:e0]) and np.array_equal(out[s2:e2], audio[s2:e2])
    gain = line_gains_db(audio, spans, spans)[1]
    assert active_level_db(out[s1:e1]) == pytest.approx(active_level_db(audio[s1:e1]) + gain, abs=0.01)
    # The whole gain from 250 ms before the line to 250 ms after it (silence here, so the shape
    # is seen on a marker), faded in and out over 20 ms, the rest of the pause untouched.
    marker = audio.copy()
    marker[e0:s1] = 1e-4
    marker[e1:s2] = 1e-4
    ratio = raise_quiet_speech(marker, spans, spans) / marker
    full = np.float32(10 ** (gain / 20))
    before, after = ratio[e0:s1], ratio[e1:s2]
    assert np.all(before[: 750 * 16] == 1.0) and np.allclose(before[-230 * 16 :], full)
    assert np.all(after[250 * 16 :] == 1.0) and np.allclose(after[: 230 * 16], full)
    assert np.all(np.diff(before) >= 0) and np.all(np.diff(after) <= 0)
    fade_in = before[-250 * 16 : -230 * 16]  # the 20 ms fade: rising, neither 1 nor the whole gain
    assert np.all(np.diff(fade_in) > 0) and 1.0 < fade_in[1] and fade_in[-1] < full


def test_the_gain_stops_half_way_to_a_close_neighbour() -> None:
    audio, spans = joined((3_000, -15), (100, None), (2_000, -50), (100, None), (3_000, -15))
    marker = audio.copy()
    (e0, s1), (e1, s2) = (spans[0][1] * 16, spans[1][0] * 16), (spans[1][1] * 16, spans[2][0] * 16)
    marker[e0:s1] = marker[e1:s2] = 1e-4
    gap = (raise_quiet_speech(marker, spans, spans) / marker)[e0:s1]
    assert np.all(gap[: 50 * 16] == 1.0) and gap[-1] > 10  # 50 of the 100 ms untouched


class FakeVad:
    """Finds 'speech' wherever the audio it is given is louder than -40 dBFS (after the
    normalisation a gap gets), and records the spans it was asked about."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def regions(self, audio: np.ndarray, threshold: float) -> list[tuple[int, int]]:
        self.calls.append(audio.size // 16)
        frames = np.abs(audio[: audio.size // 160 * 160]).reshape(-1, 160).max(axis=1) > 10 ** (-40 / 20)
        found, start = [], None
        for i, on in enumerate([*frames, False]):
            if on and start is None:
                start = i * 10
            elif not on and start is not None:
                found.append((start, i * 10))
                start = None
        return found


def test_a_quiet_gap_beside_loud_speech_is_looked_at_again() -> None:
    audio, spans = joined((3_000, -15), (1_000, None), (1_500, -55), (1_000, None), (3_000, -15))
    loud = [spans[0], spans[2]]  # what the first look found: the quiet line missed
    vad = FakeVad()
    look = with_quiet_speech(vad, audio, loud, 0.5)
    found, lines = look.regions, look.lines
    assert vad.calls == [3_500 - 2 * GAP_MARGIN_MS]  # the one gap, less the margins
    assert len(found) == 3 and found[0] == loud[0] and found[2] == loud[1]
    assert lines == [found[1]]
    # The line from a little before where VAD found it to a little after (VAD finds a quiet
    # onset late and a soft tail early; the fake VAD finds it to the frame).
    start, end = found[1]
    assert abs(start - (spans[1][0] - LINE_LEAD_MS)) <= 20 and abs(end - (spans[1][1] + LINE_TAIL_MS)) <= 20


def test_a_quiet_line_the_first_look_found_is_a_line_and_not_added_twice() -> None:
    audio, spans = joined((3_000, -15), (1_000, None), (1_500, -55), (1_000, None), (3_000, -15))
    look = with_quiet_speech(FakeVad(), audio, spans, 0.5)
    ((start, end),) = look.lines
    assert abs(start - (spans[1][0] - LINE_LEAD_MS)) <= 20 and abs(end - (spans[1][1] + LINE_TAIL_MS)) <= 20
    assert look.regions == [spans[0], (start, end), spans[2]]  # joined with the first look's, once


@pytest.mark.parametrize("first_look", ["nothing", "a fragment"])
def test_quiet_sound_all_through_a_pause_is_background(first_look: str) -> None:
    # Voices under the whole scene: in the pause they sound from one loud line to the next.
    audio, spans = joined((3_000, -15), (3_000, -55), (3_000, -15))
    regions = [spans[0], spans[2]] if first_look == "nothing" else [spans[0], (4_000, 4_600), spans[2]]
    vad = FakeVad()
    assert with_quiet_speech(vad, audio, regions, 0.5) == QuietLook(regions, [])
    assert len(vad.calls) == 1
    # The same sound with a pause of its own on one side is a line.
    audio, spans = joined((3_000, -15), (500, None), (2_500, -55), (3_000, -15))
    lines = with_quiet_speech(FakeVad(), audio, [spans[0], spans[2]], 0.5).lines
    assert len(lines) == 1


def test_silent_ordinary_and_short_gaps_are_not_looked_at() -> None:
    vad = FakeVad()
    silent, spans = joined((3_000, -15), (2_000, None), (3_000, -15))
    assert with_quiet_speech(vad, silent, spans, 0.5) == QuietLook(spans, [])
    ordinary, spans = joined((3_000, -15), (1_000, -30), (3_000, -15))
    assert with_quiet_speech(vad, ordinary, [spans[0], spans[2]], 0.5) == QuietLook([spans[0], spans[2]], [])
    short, spans = joined((3_000, -15), (700, -60), (3_000, -15))  # 300 ms once the margins are off
    assert with_quiet_speech(vad, short, [spans[0], spans[2]], 0.5) == QuietLook([spans[0], spans[2]], [])
    assert vad.calls == []


def test_silero_finds_a_line_40_db_under_its_neighbours() -> None:
    from engine.audio import decode
    from engine.vad import BlockVad, load_vad

    def lj(n: int) -> np.ndarray:
        return decode(TESTDATA / "en" / f"LJ001-{n:04d}.flac")

    pause = np.zeros(12_000, np.float32)
    audio = np.concatenate([lj(1), pause, lj(2) * np.float32(0.01), pause, lj(3)])
    quiet = ((len(lj(1)) + 12_000) // 16, (len(lj(1)) + 12_000 + len(lj(2))) // 16)
    vad = load_vad()

    def look(again: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        blocks = BlockVad(vad, 0.5, quiet_speech=again)
        regions = list(blocks.feed(len(audio) // 16, lambda s, e: audio[s * 16 : e * 16], final=True))
        return regions, blocks.quiet_lines

    def inside(found: list[tuple[int, int]]) -> int:
        return sum(max(0, min(e, quiet[1]) - max(s, quiet[0])) for s, e in found)

    regions, lines = look(again=False)
    assert inside(regions) == 0 and lines == []  # the first look misses it
    regions, lines = look(again=True)
    assert inside(regions) >= 0.8 * (quiet[1] - quiet[0])
    assert len(lines) == 1 and inside(lines) >= 0.8 * (quiet[1] - quiet[0])


def test_room_noise_between_lines_is_not_taken_for_speech() -> None:
    """Ordinary speech over a steady noise floor (-60 and -50 dBFS, 45 and 35 dB under it): the
    quiet stretches are looked at again and silero finds nothing in them, so the regions, and
    with them the chunks, are those of the first look."""
    from engine.audio import decode
    from engine.vad import BlockVad, load_vad

    speech = [decode(TESTDATA / "en" / f"LJ001-{n:04d}.flac") for n in (1, 2, 3, 4, 8)]
    pause = np.zeros(24_000, np.float32)
    clean = np.concatenate([part for line in speech for part in (line, pause)])
    vad = load_vad()
    for floor_dbfs in (-60, -50):
        audio = clean[: clean.size // 16 * 16] + noise(clean.size // 16, floor_dbfs, seed=-floor_dbfs)
        slices = lambda s, e, audio=audio: audio[s * 16 : e * 16]  # noqa: E731
        looks = []
        for look_again in (False, True):
            blocks = BlockVad(vad, 0.5, quiet_speech=look_again)
            looks.append(list(blocks.feed(audio.size // 16, slices, final=True)))
        assert looks[0] == looks[1], floor_dbfs


def test_a_click_found_in_a_gap_is_not_speech() -> None:
    audio, spans = joined(
        (3_000, -15), (500, None), (150, -55), (300, None), (100, -60), (500, None), (3_000, -15)
    )
    vad = FakeVad()
    assert with_quiet_speech(vad, audio, [spans[0], spans[3]], 0.5) == QuietLook([spans[0], spans[3]], [])
    assert len(vad.calls) == 1  # looked at, and what was found is too short to be a word


def test_a_chunk_carries_the_lines_inside_its_pieces_on_its_own_timeline() -> None:
    from engine.planner import Chunk

    chunk = Chunk(0, ((1_000, 4_000), (9_000, 12_000)), ((1_000, 4_000), (9_000, 12_000)))
    assert chunk.with_lines([(0, 500), (20_000, 21_000)]) is chunk  # none inside
    lined = chunk.with_lines([(500, 1_500), (3_500, 9_500), (11_000, 11_500)])
    assert lined.lines == ((1_000, 1_500), (3_500, 4_000), (9_000, 9_500), (11_000, 11_500))
    assert lined.lines_in_chunk() == ((0, 500), (2_500, 3_000), (3_000, 3_500), (5_000, 5_500))


@pytest.mark.parametrize("then", ["loud speech", "the file's end"])
def test_a_quiet_line_across_a_vad_blocks_end_is_judged_whole(then: str) -> None:
    """A line 40 dB under, from 18.5 s, across the first VAD block's end (20 s): the block sees
    quiet sound run from its last loud region to its end, holds back from that region, and the
    next block finds the line whole; fed in pieces as a file is decoded, the same."""
    from engine.audio import decode
    from engine.vad import BlockVad, load_vad

    def lj(n: int) -> np.ndarray:
        return decode(TESTDATA / "en" / f"LJ001-{n:04d}.flac")

    loud = np.concatenate([lj(1), np.zeros(8_000, np.float32), lj(3)])[: 18_000 * 16]
    pause = np.zeros(8_000, np.float32)
    parts = [loud, pause, lj(5) * np.float32(0.01)]
    parts += [pause, lj(14)] if then == "loud speech" else [np.zeros(1_600, np.float32)]
    audio = np.concatenate(parts)
    line = (18_500, 18_500 + lj(5).size // 16)
    vad = load_vad()

    def quiet_lines(step_ms: int) -> list[tuple[int, int]]:
        blocks = BlockVad(vad, 0.5)
        total = audio.size // 16
        for heard in range(step_ms, total + step_ms, step_ms):
            list(blocks.feed(min(heard, total), lambda s, e: audio[s * 16 : e * 16], final=heard >= total))
        return blocks.quiet_lines

    whole = quiet_lines(audio.size // 16)
    covered = sum(max(0, min(e, line[1]) - max(s, line[0])) for s, e in whole)
    assert covered >= 0.8 * (line[1] - line[0]), whole
    assert all(s >= line[0] - 300 and e <= line[1] + 300 for s, e in whole)
    assert quiet_lines(3_000) == whole


def test_a_quiet_line_may_open_or_end_the_file_without_a_pause_there() -> None:
    # Quiet from the file's start to just before the loud speech, and from just after it to the end.
    audio, spans = joined((2_000, -55), (250, None), (3_000, -15), (250, None), (2_000, -55))
    loud = [spans[1]]
    look = with_quiet_speech(FakeVad(), audio, loud, 0.5, opens_file=True, ends_file=True)
    assert len(look.lines) == 2 and look.judge_from is None
    # Inside a file the block's edges are pauses' ends: quiet sound from them to the loud
    # speech is background here; the block's end is judged again with what follows.
    assert with_quiet_speech(FakeVad(), audio, loud, 0.5) == QuietLook(loud, [], judge_from=loud[0][0])


def test_a_quiet_line_reaching_a_blocks_end_is_judged_again_from_the_loud_speech() -> None:
    audio, spans = joined((3_000, -15), (600, None), (2_000, -55))
    look = with_quiet_speech(FakeVad(), audio, [spans[0]], 0.5)
    assert len(look.lines) == 1 and look.judge_from == spans[0][0]
    assert with_quiet_speech(FakeVad(), audio, [spans[0]], 0.5, ends_file=True).judge_from is None


def blockwise(audio: np.ndarray, quiet_speech: bool = True, step_ms: int | None = None) -> tuple[list, list]:
    """BlockVad over ``audio`` with the FakeVad, fed whole or ``step_ms`` at a time as a file is
    decoded: (regions, quiet lines)."""
    from engine.vad import BlockVad

    blocks = BlockVad(FakeVad(), 0.5, quiet_speech=quiet_speech)
    total = audio.size // 16
    regions = []
    for heard in range(step_ms or total, total + (step_ms or total), step_ms or total):
        regions += blocks.feed(min(heard, total), lambda s, e: audio[s * 16 : e * 16], final=heard >= total)
    return regions, blocks.quiet_lines


def covered(spans: list[tuple[int, int]], start: int, end: int) -> float:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans) / (end - start)


@pytest.mark.parametrize("line_start", [15_500, 16_000, 17_000, 18_500, 19_500])
def test_a_quiet_line_across_a_blocks_end_is_found_whole_however_the_file_is_fed(line_start: int) -> None:
    line_ms = 3_850
    audio, _ = joined(
        (15_000, -15),
        (line_start - 15_000, None),
        (line_ms, -55),
        (25_000 - line_start - line_ms, None),
        (15_000, -15),
    )
    line = (line_start, line_start + line_ms)
    for step in (None, 3_000):
        regions, lines = blockwise(audio, step_ms=step)
        assert covered(lines, *line) >= 0.9 and covered(regions, *line) >= 0.9, (step, regions, lines)
        for spans in (regions, lines):
            assert all(s < e for s, e in spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_background_across_a_blocks_end_is_judged_whole() -> None:
    # Talk far under the loud speech from its tail through the first block's end (20 s) to the
    # next loud line: background, however the file is fed.
    audio, _ = joined((1_500, None), (16_000, -15), (3_500, -55), (4_000, -15), (2_000, None))
    for step in (None, 3_000):
        regions, lines = blockwise(audio, step_ms=step)
        assert lines == [] and covered(regions, 17_700, 20_800) < 0.5, (step, regions, lines)


def test_a_quiet_reply_across_a_blocks_end_is_a_line_whole() -> None:
    # A quiet reply from the loud speech's tail through the block's end, then silence.
    audio, _ = joined((1_500, None), (16_000, -15), (100, None), (3_900, -55), (3_000, None), (4_000, -15))
    for step in (None, 3_000):
        _, lines = blockwise(audio, step_ms=step)
        assert covered(lines, 17_600, 21_500) >= 0.95, (step, lines)


def test_two_quiet_lines_at_a_pauses_ends_are_lines_not_background() -> None:
    # A quick reply after the loud line, 1.5 s of silence, and a quiet line before the next one.
    audio, spans = joined(
        (3_000, -15), (100, None), (800, -55), (1_500, None), (800, -55), (100, None), (3_000, -15)
    )
    look = with_quiet_speech(FakeVad(), audio, [spans[0], spans[3]], 0.5)
    assert (
        len(look.lines) == 2
        and covered(look.lines, *spans[1]) >= 0.8
        and covered(look.lines, *spans[2]) >= 0.8
    )


def test_quiet_sound_filling_a_short_pause_is_a_line() -> None:
    audio, spans = joined((3_000, -15), (1_200, -55), (3_000, -15))  # 0.8 s once the margins are off
    look = with_quiet_speech(FakeVad(), audio, [spans[0], spans[2]], 0.5)
    assert len(look.lines) == 1 and covered(look.lines, 3_200, 4_000) == 1.0


def test_a_line_is_moved_earlier_only_within_its_pause() -> None:
    audio, spans = joined((3_000, -15), (300, None), (1_500, -55), (1_000, None), (3_000, -15))
    ((start, _),) = with_quiet_speech(FakeVad(), audio, [spans[0], spans[2]], 0.5).lines
    assert start == spans[0][1] + GAP_MARGIN_MS  # not LINE_LEAD_MS before the line: the margin


def test_a_line_with_a_louder_moment_is_a_region_whole() -> None:
    # The first look catches only the line's louder middle; next to a long silence the region
    # must still cover the whole line, or the chunk would hold only that middle.
    audio, spans = joined(
        (3_000, -15), (1_000, None), (1_200, -55), (500, -37), (1_300, -55), (6_000, None), (3_000, -15)
    )
    look = with_quiet_speech(FakeVad(), audio, [spans[0], spans[2], spans[4]], 0.5)
    line = (spans[1][0], spans[3][1])
    assert covered(look.regions, *line) >= 0.95 and covered(look.lines, *line) >= 0.95
    assert len(look.regions) == 3


def test_a_short_line_in_a_long_silent_pause_is_looked_for() -> None:
    # 1 s of speech in 15 s of silence: the pause's active level is silence's; its loudest
    # 200 ms are the line's.
    audio, spans = joined((3_000, -15), (7_000, None), (1_000, -55), (7_000, None), (3_000, -15))
    look = with_quiet_speech(FakeVad(), audio, [spans[0], spans[2]], 0.5)
    assert len(look.lines) == 1 and covered(look.lines, *spans[1]) >= 0.95


def test_a_line_with_a_click_as_loud_as_the_block_beside_it_is_no_line() -> None:
    # No room to raise it, and a line not raised must not be speech: words Whisper stretched
    # over it would be kept there ("Now," shown 2.2 s before it was said).
    class Sensitive(FakeVad):
        def regions(self, audio: np.ndarray, threshold: float) -> list[tuple[int, int]]:
            return super().regions(audio * np.float32(100.0), threshold)  # hears -80 dBFS

    audio, spans = joined((3_000, -15), (1_000, None), (2_000, -55), (1_000, None), (3_000, -15))
    loud = [spans[0], spans[2]]
    assert len(with_quiet_speech(Sensitive(), audio, loud, 0.5).lines) == 1
    clicked = audio.copy()
    clicked[(spans[1][0] - 100) * 16 : (spans[1][0] - 98) * 16] = 1.0  # 100 ms before the line
    assert with_quiet_speech(Sensitive(), clicked, loud, 0.5) == QuietLook(loud, [])
