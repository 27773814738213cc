from __future__ import annotations

from engine.filters import clean_segment, keep_segment
from engine.jobs import ChunkQueue, Job, QueueEntry, ramped_batch
from engine.planner import Chunk
from engine.protocol import JobOptions, Segment, Word


def seg(text: str = " Hello.", logprob: float = -0.3, no_speech: float = 0.05, ratio: float = 1.3) -> Segment:
    return Segment(0, 1000, text, (), logprob, no_speech, ratio)


def test_keeps_ordinary_speech_and_drops_what_the_model_marks_as_invented() -> None:
    assert keep_segment(seg())
    assert keep_segment(seg(no_speech=0.9, logprob=-0.2))  # confident text despite a quiet window
    assert not keep_segment(seg(" Thanks for watching!", logprob=-1.2, no_speech=0.8))
    assert not keep_segment(seg("   "))


def test_an_unsure_window_keeps_the_lines_vad_heard_as_speech() -> None:
    """base on common_voice_ja_24511055 said 20 times: a window's lines, close to the real one,
    came with no-speech 0.41 and log-probability -1.85 and all went ("12 s ... removed")."""
    words = (Word(6_600, 8_000, "マッピルマナのぎ", 0.6), Word(8_000, 11_000, "キャンプの外れの", 0.5))
    line = Segment(6_600, 11_000, "マッピルマナのぎキャンプの外れの", words, -1.85, 0.41, 1.0)
    assert not keep_segment(line)  # the window's figures alone drop it
    assert keep_segment(line, [(6_500, 11_200)])
    assert keep_segment(line, [(6_500, 9_000)])  # 2.4 of 4.4 s in speech
    assert not keep_segment(line, [(10_000, 12_000)])  # 1 of 4.4 s: VAD heard no speech there
    assert not keep_segment(line, [])  # a chunk without VAD speech: the figures decide
    sure_nothing = Segment(6_600, 11_000, " Thanks for watching!", words, -1.3, 0.8, 1.0)
    assert not keep_segment(sure_nothing, [(6_500, 11_200)])  # the model is sure: VAD does not overrule
    assert clean_segment(line, [(6_500, 11_200)]) is not None


def timed(phrase: str, starts: list[int], length_ms: int, ratio: float = 1.5) -> Segment:
    """``phrase`` said at each of ``starts``, each time over ``length_ms``, with word timings."""
    words: list[Word] = []
    for start in starts:
        parts = phrase.split()
        step = length_ms // len(parts)
        words += [Word(start + k * step, start + (k + 1) * step, " " + p, 0.9) for k, p in enumerate(parts)]
    text = "".join(w.text for w in words)
    return Segment(starts[0], words[-1].end_ms, text, tuple(words), -0.2, 0.01, ratio)


def test_a_line_really_said_eight_times_is_kept_whatever_the_windows_compression_ratio() -> None:
    """repeated_line_x8.flac: every segment of the window had ratio 2.6 and all were dropped."""
    segment = timed("has never been surpassed,", [2_400 * k for k in range(8)], 1_800, ratio=2.6)
    assert clean_segment(segment) == segment


def test_a_loop_is_trimmed_to_the_repetitions_the_time_can_hold() -> None:
    said = timed("Thank you.", [0], 600)
    looped = timed("Thank you.", [700 + 20 * k for k in range(30)], 20)  # 30 more in 0.6 s
    segment = Segment(0, looped.end_ms, said.text + looped.text, said.words + looped.words, -0.4, 0.1, 3.5)
    cleaned = clean_segment(segment)
    assert cleaned is not None and cleaned.text.strip() == "Thank you."
    assert cleaned.words == said.words


def test_a_loop_without_word_timings_is_trimmed_by_the_segments_duration() -> None:
    cleaned = clean_segment(seg(" la" * 40, ratio=3.1))  # 40 "la" in one second
    assert cleaned is not None
    from engine.filters import MAX_CHARS_PER_S

    assert 1 <= cleaned.text.count("la") <= MAX_CHARS_PER_S * 1.0 / len("la")  # 1 s at that rate
    assert clean_segment(seg(" so so so, I think")) == seg(" so so so, I think")  # short words said fast


def job(job_id: str, order: int, language: str | None = "en") -> Job:
    j = Job(job_id, f"/{job_id}.wav", JobOptions(), order)
    j.language = language
    return j


def test_queue_takes_jobs_in_order_first_chunks_in_time_order_then_longest() -> None:
    a, b = job("a", 0), job("b", 1)
    queue = ChunkQueue()
    queue.push(b, Chunk(0, ((0, 30_000),)))
    lengths = [5_000, 4_000, 3_000, 19_000, 2_000, 25_000]
    for index, length in enumerate(lengths):
        queue.push(a, Chunk(index, ((index * 30_000, index * 30_000 + length),)))
    jobs = {"a": a, "b": b}
    order = [(e.job_id, e.chunk_index) for e in iter(lambda: queue.pop(jobs), None)]
    # the first TIME_ORDER_CHUNKS (3) in time order, so cues come back from the start; then longest
    assert order == [("a", 0), ("a", 1), ("a", 2), ("a", 5), ("a", 3), ("a", 4), ("b", 0)]


def test_batches_grow_from_one_chunk_as_chunks_come_back() -> None:
    """User test 7: batches of 4 from the start brought every cue but the first back together at
    the end; a job's batches now grow 1, 2, 4 ... with the chunks done."""
    assert [ramped_batch(4, done) for done in range(5)] == [1, 2, 4, 4, 4]
    assert [ramped_batch(16, done) for done in range(6)] == [1, 2, 4, 8, 16, 16]
    assert ramped_batch(1, 10) == 1 and ramped_batch(4, 10**6) == 4


def test_queue_holds_chunks_until_the_language_is_known_but_not_other_jobs() -> None:
    waiting, ready = job("w", 0, language=None), job("r", 1)
    queue = ChunkQueue()
    queue.push(waiting, Chunk(0, ((0, 20_000),)))
    queue.push(waiting, Chunk(0, ((0, 20_000),)), detect=True)
    queue.push(ready, Chunk(0, ((0, 1_000),)))
    jobs = {"w": waiting, "r": ready}
    first, second = queue.pop(jobs), queue.pop(jobs)
    assert (first.job_id, first.kind) == ("w", 0)  # language detection goes first
    assert second.job_id == "r"
    assert queue.pop(jobs) is None and len(queue) == 1
    waiting.language = "zh"
    assert queue.pop(jobs).job_id == "w"


def test_language_is_the_sum_of_several_votes() -> None:
    j = job("j", 0, language=None)
    j.vote_chunks = [0, 1, 2]
    j.votes = {0: (("en", 0.6), ("zh", 0.4)), 1: (("zh", 0.9), ("en", 0.1))}
    assert j.decide_language() is None  # waits for the third vote
    j.votes[2] = (("zh", 0.7), ("en", 0.3))
    assert j.decide_language() == "zh"


def test_a_short_first_chunk_of_intro_does_not_outvote_the_dialogue() -> None:
    """Review 7: the first chunk is packed to 10 s (planner.first_chunk_ms); its vote counts by
    its speech, so 4 s of an English intro lose to 2 x 28 s of Chinese dialogue voted less surely."""
    j = job("j", 0, language=None)
    j.chunks = {
        0: Chunk(0, ((0, 10_000),), ((6_000, 10_000),)),
        1: Chunk(1, ((10_000, 40_000),), ((11_000, 39_000),)),
        2: Chunk(2, ((40_000, 70_000),), ((41_000, 69_000),)),
    }
    j.vote_chunks = [0, 1, 2]
    j.votes = {0: (("en", 1.0),), 1: (("zh", 0.5), ("en", 0.3)), 2: (("zh", 0.5), ("en", 0.3))}
    assert j.decide_language() == "zh"  # unweighted: en 1.6 vs zh 1.0


def test_cancelled_jobs_leave_the_queue() -> None:
    a = job("a", 0)
    queue = ChunkQueue()
    queue.push(a, Chunk(0, ((0, 1_000),)))
    a.cancelled.set()
    assert queue.pop({"a": a}) is None


def test_real_repetitions_with_short_word_timings_are_kept() -> None:
    """Whisper's word times are often 0-60 ms: "No, no, no, no." spaced 300 ms apart is speech."""
    words = tuple(Word(300 * k, 300 * k + 60, " No," if k < 3 else " no.", 0.9) for k in range(4))
    segment = Segment(0, 960, "".join(w.text for w in words), words, -0.2, 0.01, 1.4)
    assert clean_segment(segment) == segment
    laughs = tuple(Word(250 * k, 250 * k + 50, " ha", 0.9) for k in range(6))
    laugh = Segment(0, 1_300, "".join(w.text for w in laughs), laughs, -0.3, 0.02, 2.0)
    assert clean_segment(laugh) == laugh


def test_a_batch_takes_its_share_of_one_jobs_chunks_never_with_the_first_chunk() -> None:
    a, b = job("a", 0), job("b", 1)
    queue = ChunkQueue()
    for index in range(9):
        queue.push(a, Chunk(index, ((index * 30_000, index * 30_000 + 20_000 + index),)))
    queue.push(b, Chunk(1, ((0, 25_000),)))
    jobs = {"a": a, "b": b}

    def batch(workers: int, most: int) -> list[int]:
        first = queue.pop(jobs)
        assert first is not None
        return [first.chunk_index] + [e.chunk_index for e in queue.pop_more(first, workers, most)]

    assert batch(2, 4) == [0]  # the first chunk alone: its cues come first
    assert batch(2, 4) == [
        1,
        2,
        8,
        7,
    ]  # 8 waiting, 2 workers: 4 each; the first chunks in time order, then longest
    assert batch(2, 4) == [6, 5]  # 4 waiting: 2 each
    assert batch(2, 4) == [4]
    assert batch(2, 4) == [3]  # the job's last chunk: b's chunk does not join a's batch
    assert batch(2, 4) == [1] and queue.pop(jobs) is None
    assert ChunkQueue().pop_more(QueueEntry(0, 0, 1, 0, 3, "a"), 1, 4) == []  # language votes go alone


def test_a_batch_finds_its_jobs_chunks_behind_another_jobs_held_chunks() -> None:
    waiting, ready = job("w", 0, language=None), job("r", 1)
    queue = ChunkQueue()
    for index in range(3):
        queue.push(waiting, Chunk(index, ((index * 30_000, index * 30_000 + 20_000),)))
    for index in range(5):
        queue.push(ready, Chunk(index, ((index * 30_000, index * 30_000 + 20_000 + index),)))
    jobs = {"w": waiting, "r": ready}
    first = queue.pop(jobs)
    assert first is not None and (first.job_id, first.chunk_index) == ("r", 0)
    second = queue.pop(jobs)
    assert second is not None and second.job_id == "r"
    more = queue.pop_more(second, 1, 4)
    assert [e.job_id for e in more] == ["r", "r", "r"]  # w's held chunks at the top did not stop it
    assert len(queue) == 3  # w's chunks wait for their language


def test_progress_never_runs_ahead_while_the_file_is_still_being_planned() -> None:
    """A 600 s file with 60 s planned and 30 s done is not half done (it showed 14.7 % and then
    8 % when planning caught up, on a Ctrl+C of a 10-minute file)."""
    j = job("p", 0)
    j.duration_ms = 600_000
    j.chunks = {0: Chunk(0, ((0, 30_000),)), 1: Chunk(1, ((31_000, 60_000),))}
    j.done_ms = 30_000
    shown = []
    shown.append(j.progress().done_ms / j.progress().total_ms)
    assert shown[-1] < 0.051  # 30 s of 599 s still to decode (a 1 s silence is known); was 0.51
    j.chunks[2] = Chunk(2, ((120_000, 150_000),))  # a long silence between: it is never counted
    j.done_ms = 59_000
    shown.append(j.progress().done_ms / j.progress().total_ms)
    j.chunks[3] = Chunk(3, ((160_000, 600_000),))
    j.planned = True
    shown.append(j.progress().done_ms / j.progress().total_ms)
    assert shown == sorted(shown)
    assert j.progress().total_ms == j.total_ms == 30_000 + 29_000 + 30_000 + 440_000


def test_removed_text_is_placed_for_the_user_nearby_places_joined() -> None:
    from engine.cli.events import dropped_places, empty_text_warning
    from engine.protocol import JobFinished

    j = job("a", 0)
    j.dropped += [(26_000, 26_160), (6_570, 12_000), (13_000, 20_000), (61_000, 62_500)]
    assert j.dropped_spans == ((6_570, 20_000), (26_000, 26_160), (61_000, 62_500))
    assert dropped_places(j.dropped_spans) == " at 00:00:06-00:00:20, 00:00:26-00:00:27, 00:01:01-00:01:03"
    many = tuple((k * 10_000, k * 10_000 + 500) for k in range(8))
    assert dropped_places(many).endswith(", 00:00:50-00:00:51 and 2 more")
    finished = JobFinished("a", "en", 90_000, 5, 1.0, 60_000, 12_000, (), j.dropped_spans)
    warning = empty_text_warning(finished, 5)
    assert (
        warning is not None
        and "removed as not speech (no-speech or repetition loop) at 00:00:06-00:00:20" in warning
    )


def test_a_character_cut_in_the_middle_does_not_reach_the_cues() -> None:
    """base on a Japanese line wrote "í店中に\ufffd" (a byte-level token ending inside a character)."""
    words = (Word(0, 400, "í店中", 0.5), Word(400, 700, "に", 0.5), Word(700, 900, "\ufffd", 0.2))
    cleaned = clean_segment(Segment(0, 900, "í店中に\ufffd", words, -0.4, 0.1, 1.0))
    assert (
        cleaned is not None
        and cleaned.text == "í店中に"
        and [w.text for w in cleaned.words] == ["í店中", "に"]
    )
    assert clean_segment(Segment(0, 900, " \ufffd", (Word(0, 900, " \ufffd", 0.2),), -0.4, 0.1, 1.0)) is None


def test_an_unsure_window_over_noise_keeps_no_invented_line() -> None:
    """Reversed speech in white noise (a stand-in for chatter): base invented English lines over
    VAD speech (no-speech 0.545, log-probability -2.01) with mean word probabilities 0.08-0.34."""
    words = tuple(
        Word(1_680 + k * 400, 2_080 + k * 400, w, p)
        for k, (w, p) in enumerate(
            [(" We", 0.3), (" are", 0.2), (" talking", 0.1), (" about", 0.15), (" our", 0.1), (" new", 0.12)]
        )
    )
    invented = Segment(1_680, 4_080, " We are talking about our new", words, -2.01, 0.545, 1.0)
    assert not keep_segment(invented, [(0, 28_000)])


def test_a_dropped_span_over_a_seam_leaves_out_the_gap_the_chunk_skipped() -> None:
    chunk = Chunk(3, ((0, 5_000), (600_000, 605_000)))
    assert chunk.file_spans(4_000, 6_000) == [(4_000, 5_000), (600_000, 601_000)]
    assert chunk.file_spans(1_000, 2_000) == [(1_000, 2_000)]
    assert chunk.file_spans(5_000, 5_000) == []


def test_a_broken_character_leaves_no_double_space() -> None:
    words = (Word(0, 300, " Hello", 0.9), Word(300, 400, " \ufffd", 0.1), Word(400, 800, " world", 0.9))
    cleaned = clean_segment(Segment(0, 800, " Hello \ufffd world", words, -0.3, 0.05, 1.0))
    assert cleaned is not None and cleaned.text == " Hello world"
