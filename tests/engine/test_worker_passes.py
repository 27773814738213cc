"""The worker's second looks, with a stub model in-process: what each pass may and may not change."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from multiprocessing import Pipe

import numpy as np

from engine.protocol import ChunkDone, JobOptions, Segment, Task, TranscribeChunk, Word
from engine.worker import _transcribe


def seg(text: str, start: int, end: int) -> Segment:
    parts = text.split()
    step = (end - start) // len(parts)
    words = tuple(Word(start + i * step, start + (i + 1) * step, " " + p, 0.9) for i, p in enumerate(parts))
    return Segment(start, end, " " + text, words)


class Stub:
    """Answers the whole chunk with ``whole``, a prompted decode with ``prompted``, a stretch by
    the stretches' texts in order."""

    def __init__(
        self,
        whole: list[Segment],
        prompted: list[Segment] | None = None,
        stretch_texts: list[str] | None = None,
    ) -> None:
        self.whole, self.prompted, self.stretch_texts = whole, prompted or [], list(stretch_texts or [])
        self.calls: list[str] = []

    def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Segment]:
        ms = audio.size // 16
        if options.initial_prompt:
            self.calls.append("prompt")
            yield from self.prompted
        elif ms == 24_000:
            self.calls.append("whole")
            yield from self.whole
        else:
            self.calls.append("stretch")
            if self.stretch_texts:
                yield seg(self.stretch_texts.pop(0), 0, max(10, ms - 10))


def run(
    model: Stub, speech: tuple[tuple[int, int], ...] = (), task: Task = Task.TRANSCRIBE, language: str = "en"
) -> list[str]:
    mine, _theirs = Pipe()
    chunk = TranscribeChunk(
        "j", 0, np.zeros(16 * 24_000, np.float32), language, JobOptions(task=task), speech
    )
    done = _transcribe(model, chunk, mine)
    assert isinstance(done, ChunkDone)
    return [s.text.strip() for s in done.segments]


LINE = "has never been surpassed."
SPEECH = tuple((k * 2_400 + 200, k * 2_400 + 2_000) for k in range(8)) + ((20_000, 23_000),)


def test_the_stretch_pass_decodes_the_whole_chunk_so_speech_vad_missed_is_kept() -> None:
    whole = [seg(f"{LINE} {LINE} {LINE} {LINE} {LINE}", 0, 19_000), seg("I have a cold.", 19_200, 19_900)]
    stretch = [LINE] * 7 + [f"{LINE} I have a cold.", "Then in the same operations."]
    model = Stub(whole, stretch_texts=stretch)
    texts = run(model, SPEECH)
    assert model.calls.count("stretch") == 9
    assert texts.count(LINE) == 7 and texts[-2:] == [f"{LINE} I have a cold.", "Then in the same operations."]


def test_the_stretch_result_is_kept_only_when_it_holds_more_words() -> None:
    whole = [seg(f"{LINE} {LINE} {LINE}", 0, 7_000)]
    model = Stub(whole, stretch_texts=["has never"] * 3)
    assert run(model, SPEECH[:3]) == [f"{LINE} {LINE} {LINE}"]


def test_a_japanese_stretch_pass_that_says_more_is_kept() -> None:
    """A line said twice, written without spaces: the first pass heard one (3 space-separated
    runs), the stretch pass both (1 run each); counted in words, 2 < 3 lost the second line."""
    line = "マッピルマナノギキャンプの外れの電柱に電球がともっていた"
    whole = [seg("マッピルマナノギ キャンプの外れの伝給に 伝給が止まっていた", 3_000, 7_800)]
    model = Stub(whole, stretch_texts=[line, line])
    assert run(model, ((3_200, 7_900), (11_600, 16_400)), language="ja") == [line, line]


def test_the_style_pass_never_gives_up_a_word() -> None:
    flat = [seg("so this is the acoustic corpus i'm talking pretty fast here", 0, 5_000)]
    shorter = [seg("So this is the acoustic corpus. I'm talking fast.", 0, 5_000)]
    model = Stub(flat, prompted=shorter)
    assert run(model) == ["so this is the acoustic corpus i'm talking pretty fast here"]
    styled = [seg("So this is the acoustic corpus. I'm talking pretty fast here.", 0, 5_000)]
    assert run(Stub(flat, prompted=styled)) == [
        "So this is the acoustic corpus. I'm talking pretty fast here."
    ]


def test_no_style_prompt_when_translating() -> None:
    flat = [seg("so this is the acoustic corpus i'm talking pretty fast here", 0, 5_000)]
    model = Stub(
        flat, prompted=[seg("So this is. The acoustic corpus, I'm talking pretty fast here.", 0, 5_000)]
    )
    run(model, task=Task.TRANSLATE)
    assert "prompt" not in model.calls


def test_words_skipped_inside_a_window_send_the_chunk_to_the_stretch_pass() -> None:
    """Whisper skipped "importance that the letter used should" and the alignment stretched "the"
    over them (lj_600s, tiny.en): no VAD region is left without a word, yet words were lost."""
    said = seg("consist principally of types composed to form letterpress, it is of", 0, 13_000)
    stretched = Segment(13_000, 15_400, " the", (Word(13_000, 15_400, " the", 0.9),))
    whole = [said, stretched, seg("first be fine and form.", 15_400, 17_000)]
    stretch_texts = [
        "consist principally of types composed to form letterpress,",
        "it is of the first importance that the letter used should be fine in form.",
    ]
    model = Stub(whole, stretch_texts=stretch_texts)
    assert run(model, ((0, 8_000), (8_600, 17_000))) == stretch_texts
    assert model.calls == ["whole", "stretch", "stretch"]


def test_an_invented_line_does_not_make_a_first_pass_that_lost_a_line_look_longer() -> None:
    """The first pass heard two of three lines and invented a long line the model itself marks
    as not speech (which the supervisor drops); the stretch pass heard all three. Counted with
    the invention, the first pass won and the third line was lost."""
    line = "has never been surpassed."
    text = "Thank you so much for watching and see you all next time, goodbye everyone."
    words = seg(text, 23_000, 23_900).words
    invented = Segment(23_000, 23_900, " " + text, words, -1.3, 0.8, 1.0)
    whole = [seg(f"{line} {line}", 0, 4_400), invented]  # the third line (5-6.8 s) unheard
    model = Stub(whole, stretch_texts=[line, line, line])
    speech = ((200, 2_000), (2_600, 4_400), (5_000, 6_800))
    assert run(model, speech) == [line, line, line]


def test_the_style_pass_is_judged_without_a_line_the_filters_drop() -> None:
    flat = seg("so this is the acoustic corpus i'm talking pretty fast here", 0, 5_000)
    text = "Thank you so much for watching and see you all next time, goodbye everyone."
    invented = Segment(20_000, 21_000, " " + text, seg(text, 20_000, 21_000).words, -1.3, 0.8, 1.0)
    styled = [seg("So this is the acoustic corpus. I'm talking pretty fast here.", 0, 5_000)]
    # The invented line goes back as it came (the supervisor drops it); the real one is styled.
    assert run(Stub([flat, invented], prompted=styled))[0] == (
        "So this is the acoustic corpus. I'm talking pretty fast here."
    )


def test_a_translation_is_not_judged_by_its_words_letters() -> None:
    """English words aligned on speech in another language: " with" over 1.8 s is no sign of
    skipped words (multilingual.mp3, base, translate)."""
    said = seg("and so we went home", 0, 5_000)
    stretched = Segment(5_000, 6_800, " with", (Word(5_000, 6_800, " with", 0.9),))
    model = Stub([said, stretched], stretch_texts=["and so we went home with all of them"])
    run(model, ((0, 3_000), (3_600, 7_000)), task=Task.TRANSLATE)
    assert model.calls == ["whole"]
    run(model, ((0, 3_000), (3_600, 7_000)))
    assert model.calls[-1] == "stretch"


def test_a_chunk_written_in_its_own_language_is_looked_at_again_in_that_language() -> None:
    """Review: the second looks decoded a German chunk of an English file (engine.own_language)
    as English, stretch by stretch (a 1.5 s stretch alone was heard as English: "Eden, there
    is the soft..."), and judged it by English rules. Now every second look is in German, and
    what it gives is tagged German."""
    import dataclasses

    class Languages(Stub):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.languages: list[tuple[str | None, str | None]] = []

        def transcribe(
            self, audio: np.ndarray, language: str | None, options: JobOptions
        ) -> Iterator[Segment]:
            self.languages.append((language, options.language))
            return super().transcribe(audio, language, options)

    german = "die Software zu verwenden und der"
    for spoken, expected in (("de", ("de", "de")), ("", ("en", "en"))):
        whole = [dataclasses.replace(seg(f"{german} {german} {german}", 0, 7_000), language=spoken)]
        model = Languages(whole, stretch_texts=[f"{german} {german}", german, german])
        mine, _theirs = Pipe()
        chunk = TranscribeChunk("j", 0, np.zeros(16 * 24_000, np.float32), "en", JobOptions(), SPEECH[:3])
        done = _transcribe(model, chunk, mine)
        assert isinstance(done, ChunkDone)
        assert model.calls[0] == "whole" and "stretch" in model.calls  # the stretches were decoded
        assert model.languages[0] == ("en", None)  # the first decode: the file's, asked per window
        # Then the chunk's own language (German, or the file's), never asked again: a short
        # stretch alone may sound like another language.
        assert set(model.languages[1:]) == {expected}
        assert {s.language for s in done.segments} == {spoken}


def test_a_chunk_holding_two_languages_is_decoded_again_in_runs_of_one() -> None:
    """engine.own_language.mixed_with: the first decode (in the file's language) said the German
    half as invented English; the chunk comes back as an English run and a German one, each
    looked at again in its own language (here: the style look, as both come back unpunctuated)."""

    class Decode(list[Segment]):
        mixed_with = ("de",)

    class Mixed:
        def __init__(self) -> None:
            self.calls: list[tuple[int, str | None, str | None, bool]] = []

        def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> list[Segment]:
            ms = audio.size // 16
            prompted = options.initial_prompt is not None
            self.calls.append((ms, language, options.language, prompted))
            if ms == 24_000:  # the whole chunk, in the file's language
                return Decode([seg("each of these software and the password", 0, 23_000)])
            text = (
                "ein Satz auf Deutsch ohne jedes Zeichen am Ende"
                if language == "de"
                else "a line in English with no mark at its end"
            )
            return [seg(text + ("." if prompted else ""), 500, 4_500)]

        def detect_language(self, audio: np.ndarray) -> list[tuple[str, float]]:
            german = audio.size // 16 > 10_000  # the test's second stretch
            return [("de", 0.9), ("en", 0.1)] if german else [("en", 0.9), ("de", 0.1)]

    model = Mixed()
    mine, _theirs = Pipe()
    chunk = TranscribeChunk(
        "j", 0, np.zeros(16 * 24_000, np.float32), "en", JobOptions(), ((500, 8_000), (9_000, 23_000))
    )
    done = _transcribe(model, chunk, mine)
    assert isinstance(done, ChunkDone)
    assert model.calls == [
        (24_000, "en", None, False),  # the first decode, asked its language per window
        (8_500, "en", "en", False),  # the English run, then its style look in English
        (8_500, "en", "en", True),
        (15_500, "de", "de", False),  # the German run, then its style look in German
        (15_500, "de", "de", True),
    ]
    assert [(s.text.strip(), s.language) for s in done.segments] == [
        ("a line in English with no mark at its end.", ""),
        ("ein Satz auf Deutsch ohne jedes Zeichen am Ende.", "de"),
    ]
    assert done.segments[1].start_ms >= 8_500  # on the chunk's timeline


def test_a_chunk_moved_to_another_language_that_said_nothing_is_looked_at_in_that_one() -> None:
    """Review: with no segment to carry its language, the second looks went back to the file's."""

    class Moved(list[Segment]):
        written_in = "de"
        mixed_with = ()

    class Model:
        def __init__(self) -> None:
            self.languages: list[str | None] = []

        def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> list[Segment]:
            if audio.size // 16 == 24_000:
                return Moved()
            self.languages.append(options.language)
            return []

    model = Model()
    mine, _theirs = Pipe()
    speech = ((500, 8_000), (12_000, 20_000))
    chunk = TranscribeChunk("j", 0, np.zeros(16 * 24_000, np.float32), "en", JobOptions(), speech)
    assert isinstance(_transcribe(model, chunk, mine), ChunkDone)
    assert model.languages and set(model.languages) == {"de"}  # the stretch pass, in German


def test_words_crammed_into_no_time_do_not_count_against_the_stretch_pass() -> None:
    """repeated_line_x8.flac with tiny.en: the first decode wrote the line 10 times for 8, words
    stacked at one instant where the copies were crammed, and left two copies' speech without a
    word; the stretch pass wrote all 8 but fewer words, so the crammed decode was kept."""
    stacked = seg(f"{LINE} {LINE} {LINE}", 14_000, 14_400).words
    crammed = tuple(
        dataclasses.replace(w, start_ms=14_000 + k // 4 * 100, end_ms=14_000 + k // 4 * 100)
        for k, w in enumerate(stacked)
    )
    whole = [
        seg(f"{LINE} {LINE} {LINE} {LINE}", 0, 9_000),
        Segment(14_000, 14_400, f" {LINE} {LINE} {LINE}", crammed),
        seg(f"{LINE} {LINE} {LINE}", 14_400, 19_000),
    ]
    model = Stub(whole, stretch_texts=[LINE] * 8)
    assert run(model, SPEECH[:8]) == [LINE] * 8


def test_a_lone_word_without_time_still_counts() -> None:
    """Whisper's alignment gives a short word no time in fluent speech ("I'm"): such a word is
    said, and a second look that drops it says less (a review of the first rule, which did not
    count any word without time)."""
    from engine.recheck import amount_said

    words = seg("so I'm here and then I'm there", 0, 3_500).words
    lone = tuple(dataclasses.replace(w, end_ms=w.start_ms) if "I'm" in w.text else w for w in words)
    assert amount_said([Segment(0, 3_500, " so I'm here and then I'm there", lone)], "en") == 7
    stack = tuple(
        dataclasses.replace(w, start_ms=1_000, end_ms=1_000) if k in (2, 3, 4) else w
        for k, w in enumerate(words)
    )
    assert amount_said([Segment(0, 3_500, " so I'm here and then I'm there", stack)], "en") == 4
