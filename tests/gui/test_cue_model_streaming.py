"""The cue table model while cues stream in (through the window's path: LiveCues -> Edit ->
apply_streamed), and the signals that keep views in step with the document under any mix of
streaming, edits, undo and redo."""

from __future__ import annotations

import logging
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from engine.protocol import Segment, Word
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.live import LiveCues
from gui.models.cue_model import (
    NUMBER,
    START,
    TEXT,
    CueTableModel,
)
from tests.gui.cue_model_helpers import NETFLIX, ROLE, SignalLog, cue, make_model, texts
from tests.gui.live_feed import LiveFeed

# ---------------------------------------------------------------------- streaming


def test_streamed_cues_land_in_time_order_one_insert_per_block(qtmodeltester) -> None:
    model = make_model((10_000, 11_000, "ten"), (20_000, 21_000, "twenty"))
    qtmodeltester.check(model)
    feed = LiveFeed(model)
    log = SignalLog(model)
    rows = feed.send(
        [
            cue(30_000, 31_000, "thirty"),
            cue(1_000, 2_000, "one"),
            cue(3_000, 4_000, "three"),
            cue(15_000, 16_000, "fifteen"),
        ]
    )
    assert texts(model) == ["one", "three", "ten", "fifteen", "twenty", "thirty"]
    assert log.inserted == [(0, 1), (3, 3), (5, 5)] and rows == [0, 1, 3, 5]
    assert len({model.cue_id_at(r) for r in range(6)}) == 6
    assert model.undo_stack.count() == 0  # streaming is not undoable
    assert [model.data(model.index(r, NUMBER)) for r in range(6)] == ["1", "2", "3", "4", "5", "6"]
    feed.send([cue(25_000, 26_000, "twenty-five")])
    qtmodeltester.check(model)


def test_row_of_is_right_inside_every_insert_signal() -> None:
    model = make_model((3_000, 4_000, "y"), (10_000, 11_000, "x"))
    feed = LiveFeed(model)
    seen: list[int] = []
    model.rowsInserted.connect(lambda *_: seen.append(model.row_of(2)))
    feed.send([cue(1_000, 2_000, "a"), cue(5_000, 6_000, "b")])  # two blocks around y
    assert seen == [2, 3] and model.row_of(2) == 3


def test_cues_appended_tells_the_rows_of_the_new_cues(qtbot) -> None:
    model = make_model((10_000, 11_000, "ten"))
    feed = LiveFeed(model)
    with qtbot.waitSignal(model.cues_appended) as blocker:
        feed.send([cue(12_000, 13_000, "b"), cue(5_000, 6_000, "a")])
    assert blocker.args == [[0, 2]]
    with qtbot.assertNotEmitted(model.cues_appended):
        assert feed.send([]) == []


def test_a_streamed_cue_is_fitted_after_the_cue_it_overlaps() -> None:
    model = make_model((1_000, 5_000, "long tail"))
    feed = LiveFeed(model)
    log = SignalLog(model)
    feed.send([cue(4_000, 6_000, "next chunk")])
    assert [(c.start_ms, c.end_ms) for c in model.document] == [(1_000, 5_000), (5_000, 6_000)]
    assert model.data(model.index(1, START)) == "0:00:05.000"
    assert 0 in log.rows_changed()  # the first row is coloured by the gap to its new neighbour


def test_streamed_cues_starting_together_with_another_are_fitted_after_it() -> None:
    model = make_model((1_000, 2_000, "there"))
    feed = LiveFeed(model)
    feed.send([cue(1_000, 1_500, "dup"), cue(3_000, 4_000, "a"), cue(3_000, 3_500, "b")])
    assert texts(model) == ["there", "dup", "b", "a"]
    assert [(c.start_ms, c.end_ms) for c in model.document][1:] == [
        (2_000, 2_500),
        (3_000, 3_500),
        (3_500, 4_000),
    ]


def test_a_streamed_cue_with_no_room_is_kept_aside_not_shown() -> None:
    model = make_model((1_000, 2_000, "there"), (2_000, 3_000, "here"))
    feed = LiveFeed(model)
    with_signal: list[object] = []
    model.cues_appended.connect(with_signal.append)
    assert feed.send([cue(1_000, 1_500, "dup")]) == []
    assert texts(model) == ["there", "here"] and not with_signal
    assert [c.text for c in feed.live.unplaced] == ["dup"]


def test_a_refused_streamed_update_is_logged_and_changes_nothing(caplog) -> None:
    model = make_model((1_000, 2_000, "there"))
    log = SignalLog(model)
    dup = Cue(model.document.new_id(), 1_000, 1_500, "starts together")
    with caplog.at_level(logging.ERROR, logger="gui.models.cue_model"):
        assert model.apply_streamed(Edit(added=(dup,))) == []
    assert texts(model) == ["there"] and not log.inserted and not log.changed
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_undo_after_streaming_restores_the_edited_cue_by_id(qtmodeltester) -> None:
    model = make_model((5_000, 7_000, "original A"), (20_000, 21_000, "B"))
    feed = LiveFeed(model)
    a = model.document.cues[0].id
    assert model.setData(model.index(0, TEXT), "edited A")
    # cues before and after A arrive; the one that overlaps A's tail is fitted after it
    feed.send([cue(1_000, 2_000, "before"), cue(6_500, 8_000, "after")])
    assert model.row_of(a) == 1 and model.document.get(a).end_ms == 7_000
    model.undo_stack.undo()
    assert model.document.get(a).text == "original A"
    assert model.data(model.index(model.row_of(a), TEXT)) == "original A"
    assert texts(model) == ["before", "original A", "after", "B"]
    model.undo_stack.redo()
    assert model.document.get(a).text == "edited A"
    qtmodeltester.check(model)


def test_streamed_segments_of_out_of_order_chunks_become_sorted_rows(qtbot) -> None:
    def chunk(start_s: int, *words: str) -> list[Segment]:
        ws = tuple(
            Word(start_s * 1000 + 400 * i, start_s * 1000 + 400 * i + 350, f" {w}", 0.9)
            for i, w in enumerate(words)
        )
        return [Segment(ws[0].start_ms, ws[-1].end_ms, "".join(w.text for w in ws), ws)]

    model = make_model()
    live = LiveCues(NETFLIX, language="en", new_id=model.document.new_id)  # the CLI's segmenter
    model.user_edited = live.user_edited
    chunks = {2: chunk(30, "third", "chunk"), 0: chunk(0, "first", "one"), 1: chunk(15, "second", "part")}
    for index, segments in chunks.items():
        with qtbot.waitSignal(model.cues_appended):
            model.apply_streamed(live.chunk_done(index, segments))
    assert texts(model) == ["first one", "second part", "third chunk"]


def test_reset_document_shows_the_new_cues_and_clears_the_history(qtbot) -> None:
    model = make_model((0, 1_000, "a"))
    model.setData(model.index(0, TEXT), "b")
    with qtbot.waitSignal(model.modelReset):
        model.reset_document(Document([Cue(7, 0, 500, "x"), Cue(8, 600, 900, "y")]))
    assert model.rowCount() == 2 and model.cue_id_at(1) == 8 and model.undo_stack.count() == 0


# ---------------------------------------------------------------------- signals match the document


class RowMirror:
    """The cue ids a view would believe are in the table, rebuilt from the model's signals alone."""

    def __init__(self, model: CueTableModel) -> None:
        self.model, self.ids = model, [model.cue_id_at(r) for r in range(model.rowCount())]
        model.rowsInserted.connect(self._inserted)
        model.rowsRemoved.connect(lambda _p, a, b: self.ids.__delitem__(slice(a, b + 1)))
        model.layoutChanged.connect(self._relaid)

    def _relaid(self, *_: object) -> None:  # a reorder; the model tester checks its persistent indexes
        self.ids = [self.model.cue_id_at(r) for r in range(self.model.rowCount())]

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.ids[first:first] = [self.model.cue_id_at(r) for r in range(first, last + 1)]


_ops = st.lists(
    st.one_of(
        st.tuples(st.just("stream"), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 9)), max_size=4)),
        st.tuples(st.just("text"), st.integers(0, 30), st.text("ab\n", max_size=3)),
        st.tuples(st.just("delete"), st.integers(0, 30)),
        st.tuples(st.just("split"), st.integers(0, 30)),
        st.tuples(st.just("merge"), st.integers(0, 30)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
    ),
    max_size=25,
)


_QT_MESSAGES: list[str] = []


def _record_qt_messages() -> None:
    """Keep Qt's messages (the model tester reports each failure as a warning) in _QT_MESSAGES.

    Installed once and never removed: removing a handler while a Qt thread logs crashed pytest-qt
    (see --no-qt-log in pyproject.toml)."""
    if not _QT_MESSAGES:
        _QT_MESSAGES.append("handler installed")

        def record(_kind: object, _context: object, message: str) -> None:
            _QT_MESSAGES.append(message)
            print(message, file=sys.stderr)  # still shown, as Qt's own handler would

        qInstallMessageHandler(record)


def test_the_qt_message_record_sees_a_model_tester_failure() -> None:
    _record_qt_messages()
    seen = len(_QT_MESSAGES)
    from PySide6.QtCore import qWarning

    qWarning("FAIL! a made-up failure")
    assert any("FAIL" in m for m in _QT_MESSAGES[seen:])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_signals_keep_views_in_step_with_the_document(ops: list[tuple]) -> None:
    _record_qt_messages()
    model = make_model((10_000, 12_000, "seed cue"))
    feed = LiveFeed(model)
    mirror = RowMirror(model)
    seen = len(_QT_MESSAGES)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    stack = model.undo_stack
    for op in ops:
        rows = model.rowCount()
        if op[0] == "stream":
            feed.send([cue(s * 1000, s * 1000 + d * 500, f"s{s}") for s, d in op[1]])
        elif op[0] in ("undo", "redo"):
            getattr(stack, op[0])()
        elif rows:
            cue_id = model.cue_id_at(op[1] % rows)
            if op[0] == "text":
                model.setData(model.index(op[1] % rows, TEXT), op[2])
            elif op[0] == "delete":
                model.controller.edit("Delete", lambda d, i=cue_id: d.delete([i]))
            elif op[0] == "split":
                model.controller.edit("Split", lambda d, i=cue_id: d.split(i, 1))
            elif op[0] == "merge" and op[1] % rows + 1 < rows:
                ids = [cue_id, model.cue_id_at(op[1] % rows + 1)]
                model.controller.edit("Merge", lambda d, i=ids: d.merge(i))
        assert mirror.ids == [c.id for c in model.document.cues]
        assert [model.data(model.index(r, TEXT), ROLE.EditRole) for r in range(model.rowCount())] == texts(
            model
        )
        assert [m for m in _QT_MESSAGES[seen:] if "FAIL" in m] == []
    del tester
