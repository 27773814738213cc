"""A word Whisper writes on both sides of a chunk seam is kept once."""

from __future__ import annotations

from engine.protocol import Segment, Word
from engine.seams import drop_first_word, drop_last_word, first_word, is_seam_repeat, last_word


def seg(*words: tuple[int, int, str]) -> Segment:
    ws = tuple(Word(s, e, t, 0.9) for s, e, t in words)
    return Segment(ws[0].start_ms, ws[-1].end_ms, "".join(w.text for w in ws), ws)


def test_the_same_word_touching_the_seam_from_both_sides_is_one_word() -> None:
    assert is_seam_repeat(Word(24_700, 25_100, " Thanks.", 0.9), Word(25_150, 25_500, " thanks", 0.8), 25_120)


def test_a_word_said_twice_with_a_pause_or_away_from_the_seam_is_kept() -> None:
    seam = 25_000
    assert not is_seam_repeat(Word(23_000, 23_400, " words,", 0.9), Word(25_050, 25_400, " words", 0.9), seam)
    assert not is_seam_repeat(Word(24_200, 24_450, " no,", 0.9), Word(25_100, 25_400, " no", 0.9), seam)
    assert not is_seam_repeat(Word(24_700, 24_990, " so", 0.9), Word(25_010, 25_300, " then", 0.9), seam)


def test_dropping_an_edge_word_keeps_the_rest_and_removes_an_emptied_segment() -> None:
    segments = (seg((0, 300, " Thanks.")), seg((400, 700, " See"), (700, 900, " you.")))
    assert drop_first_word(segments) == (seg((400, 700, " See"), (700, 900, " you.")),)
    assert drop_last_word(segments) == (seg((0, 300, " Thanks.")), seg((400, 700, " See")))
    assert first_word(segments) == Word(0, 300, " Thanks.", 0.9)
    assert last_word(segments) == Word(700, 900, " you.", 0.9)
    assert first_word(()) is None and last_word((Segment(0, 1, " x"),)) is None
