"""The document's operations, their errors, and undo/redo through Edit snapshots."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.protocol import Word
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import CueNotFoundError, Document
from engine.subtitles.retime import frames_to_ms, ms_to_frames


def words(*spec: tuple[int, int, str]) -> tuple[Word, ...]:
    return tuple(Word(s, e, t, 0.9) for s, e, t in spec)


def sample() -> Document:
    return Document(
        [
            Cue(
                1,
                1000,
                3000,
                "Hello there\nmy friend",
                words(
                    (1000, 1400, " Hello"),
                    (1500, 1900, " there"),
                    (2100, 2400, " my"),
                    (2500, 2900, " friend"),
                ),
            ),
            Cue(2, 4000, 5000, "Second"),
            Cue(3, 6000, 8000, "Third one"),
        ]
    )


def test_invariants_are_enforced() -> None:
    with pytest.raises(ValueError, match="end 1000 ms must be after start"):
        Cue(1, 1000, 1000, "x")
    with pytest.raises(ValueError, match="overlap"):
        Document([Cue(1, 0, 2000, "a"), Cue(2, 1000, 3000, "b")])
    with pytest.raises(ValueError, match="share id 1"):
        Document([Cue(1, 0, 1000, "a"), Cue(1, 2000, 3000, "b")])
    doc = Document([Cue(5, 3000, 4000, "b"), Cue(9, 0, 1000, "a")])
    assert [c.id for c in doc.cues] == [9, 5] and doc.next_id == 10
    with pytest.raises(CueNotFoundError, match="no cue with id 7"):
        doc.get(7)


def test_insert_delete_and_ids_never_reused() -> None:
    doc = sample()
    edit = doc.insert(3100, 3900, "new")
    (new_id,) = edit.new_ids
    assert new_id == 4 and doc.index_of(new_id) == 1
    doc.apply(edit.inverse())
    assert doc.insert(3100, 3900, "again").new_ids == (5,)
    with pytest.raises(ValueError, match="overlap"):
        doc.insert(2500, 3500, "clash")
    removed = doc.delete([2, 3])
    assert [c.id for c in removed.removed] == [2, 3] and len(doc) == 2


def test_split_uses_word_timings() -> None:
    doc = sample()
    edit = doc.split(1, doc.get(1).text.index("my"))
    left, right = doc.cues[0], doc.cues[1]
    assert (left.id, left.text, left.end_ms) == (1, "Hello there", 1900)
    assert (right.text, right.start_ms, right.end_ms) == ("my friend", 2100, 3000)
    assert [w.text for w in right.words] == [" my", " friend"]
    assert edit.new_ids == (right.id,)


def test_split_without_words_is_proportional() -> None:
    doc = sample()
    doc.split(3, 5)  # "Third| one" over 6000-8000 ms
    assert [(c.text, c.start_ms, c.end_ms) for c in doc.cues[-2:]] == [
        ("Third", 6000, 7111),
        ("one", 7111, 8000),
    ]
    with pytest.raises(ValueError, match="empty"):
        Document([Cue(1, 0, 1000, "ab  ")]).split(1, 2)
    with pytest.raises(ValueError, match="outside"):
        doc.split(3, 99)


def test_merge_neighbours_only() -> None:
    doc = sample()
    with pytest.raises(ValueError, match="neighbouring"):
        doc.merge([1, 3])
    doc.merge([2, 1])
    merged = doc.get(1)
    assert merged.text == "Hello there\nmy friend\nSecond" and merged.end_ms == 5000
    assert len(merged.words) == 4 and len(doc) == 2


def test_set_times_and_text() -> None:
    doc = sample()
    doc.set_times(2, 3500, 5500)
    assert doc.get(2).start_ms == 3500
    with pytest.raises(ValueError, match="overlap cue 2"):
        doc.set_times(3, 5400, 7000)
    doc.set_text(2, "two\r\nlines")
    assert doc.get(2).text == "two\nlines"


def test_shift_all_selected_and_from() -> None:
    doc = sample()
    doc.shift(None, 500)
    assert [c.start_ms for c in doc.cues] == [1500, 4500, 6500]
    assert doc.get(1).words[0].start_ms == 1500
    with pytest.raises(ValueError, match="overlap"):
        doc.shift([2], 1600)
    doc.shift_from(2, -400)
    assert [c.start_ms for c in doc.cues] == [1500, 4100, 6100]
    with pytest.raises(ValueError, match="before the beginning"):
        doc.shift(None, -2000)
    doc.shift_frames([3], 2, 24.0)
    assert doc.get(3).start_ms == 6100 + 83


def test_frames_helpers() -> None:
    assert frames_to_ms(24, 24.0) == 1000
    assert ms_to_frames(1000, 23.976) == 23
    assert frames_to_ms(ms_to_frames(5005, 25.0), 25.0) == 5000


def test_two_point_sync_stretches_linearly() -> None:
    doc = sample()
    doc.sync_two_points(1, 2000, 3, 12000)  # 1000->2000, 6000->12000: t' = 2t... minus 0
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [
        (2000, 6000),
        (8000, 10000),
        (12000, 16000),
    ]
    assert doc.get(1).words[1].start_ms == 3000
    with pytest.raises(ValueError, match="reverse"):
        doc.sync_two_points(1, 5000, 3, 1000)


def test_snap_to_word_edge() -> None:
    doc = sample()
    doc.set_times(1, 1080, 2700)
    doc.snap_to_word_edge(1, "start")
    doc.snap_to_word_edge(1, "end")
    assert (doc.get(1).start_ms, doc.get(1).end_ms) == (1000, 2900)
    assert not doc.snap_to_word_edge(1, "end")  # already there: an empty edit
    with pytest.raises(ValueError, match="no word"):
        Document([Cue(1, 0, 10, "x")]).snap_to_word_edge(1)


def test_apply_refuses_a_stale_edit() -> None:
    doc = sample()
    edit = doc.set_text(2, "changed")
    doc.set_text(2, "changed again")
    with pytest.raises(ValueError, match="has changed"):
        doc.apply(edit.inverse())


OPS = st.lists(
    st.tuples(
        st.sampled_from(["split", "merge", "shift", "delete", "insert", "text", "times"]),
        st.integers(0, 10),
        st.integers(-3000, 3000),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_any_sequence_undoes_and_redoes_exactly(
    ops: list[tuple[str, int, int]],
) -> None:
    doc = sample()
    history: list[tuple[tuple[Cue, ...], Edit]] = []
    for op, k, n in ops:
        ids = [c.id for c in doc.cues]
        if not ids:
            break
        cue_id = ids[k % len(ids)]
        before = doc.cues
        try:
            if op == "split":
                edit = doc.split(cue_id, 1 + k % max(len(doc.get(cue_id).text) - 1, 1))
            elif op == "merge":
                edit = doc.merge(ids[k % len(ids) : k % len(ids) + 2])
            elif op == "shift":
                edit = doc.shift([cue_id], n)
            elif op == "delete":
                edit = doc.delete([cue_id])
            elif op == "insert":
                edit = doc.insert(abs(n) * 3, abs(n) * 3 + 50, "ins")
            elif op == "text":
                edit = doc.set_text(cue_id, f"t{n}")
            else:
                edit = doc.set_times(
                    cue_id,
                    max(0, doc.get(cue_id).start_ms + n),
                    doc.get(cue_id).end_ms + 5,
                )
        except ValueError:
            assert doc.cues == before  # a refused operation changes nothing
            continue
        history.append((before, edit))
    after = doc.cues
    for before, edit in reversed(history):
        doc.apply(edit.inverse())
        assert doc.cues == before
    for _before, edit in history:
        doc.apply(edit)
    assert doc.cues == after


def test_seconds_for_messages_keep_a_decimal_when_short() -> None:
    from engine.subtitles.document import format_seconds

    assert [format_seconds(ms) for ms in (400, 9_940, 9_960, 24_400)] == ["0.4", "9.9", "10", "24"]


def test_a_styled_cue_splits_its_words_and_time_by_the_text_shown() -> None:
    """Tags are not spoken: the split follows the words, as for the same cue unstyled."""
    words = (Word(0, 400, "Hello", 1.0), Word(400, 800, "there", 1.0), Word(3000, 4000, "world", 1.0))
    text = '<font color="#ffff00">Hello there</font> world'
    doc = Document([Cue(1, 0, 4000, text, words)])
    left, right = doc.split(1, text.index(" world")).added
    assert (left.end_ms, [w.text for w in left.words]) == (800, ["Hello", "there"])
    assert (right.start_ms, right.text, [w.text for w in right.words]) == (3000, "world", ["world"])
    unaligned = Document([Cue(1, 0, 4000, "<i>abcd</i>efgh")])
    left, right = unaligned.split(1, len("<i>abcd</i>")).added
    assert left.end_ms == right.start_ms == 2000  # half the shown characters, half the time
