"""Decode chunks of up to 30 s as faster-whisper does, several at once (batches), with the
sentence each leaves unsaid said from the same encoder pass, or packed with others' in shared
windows.

Batches (:meth:`OneWindowWhisper.transcribe_batch`): the first decodes of several chunks run as
one encoder call and one beam search; when the first of them is read, all are word-timed and the
sentences they leave unsaid are said in one batched decode (engine.continuation.said_after_all);
then each chunk goes on alone. The words and times are those of one chunk at a time
(tests/integration/test_one_window.py). The continuations in one decode, measured on lj_600s
(tiny.en, two CPU workers, whole ``main.py transcribe``, 3 interleaved pairs): 17.4-17.9 ->
16.3-16.7 s, 30.6-31.9 -> 29.0-29.5 user CPU-s, the same SRT to the byte.

The rest said from the same encoder output (``say_the_rest``, on; engine.continuation): Whisper
stops most windows at the start timestamp of their last sentence; the decoder goes on from the
last segment, given as prefix, so the sentence costs a short decode instead of an encoder pass of
its own. Measured on lj_600s (tiny.en, two CPU workers, whole ``main.py transcribe``): 40 -> 24
encoder passes, 18.1 -> 16.4 s, WER 0.015 -> 0.011; the phrase lost since the eighth session is
found. Where Whisper may have skipped speech before its timestamp, where the rest is quiet, or
where the continuation is not kept, the rest goes on as below.

Packed rests (``pack_rests``, on): the rests still left are not given a 30 s window each; the
rests of a batch share windows (engine.rest_pack). Measured on lj_600s before the continuation
(tiny.en, two CPU workers, batches of 4, whole ``main.py transcribe``, rests 1 s apart):
50 -> 39 encoder passes, 35 -> 31 CPU-s, 20.6 -> 18.5 s; WER 0.018 -> 0.014-0.016 (2 s apart,
as shipped: WER 0.016-0.018). What changes: a rest's text now
depends on the rests it was packed with, so two runs (whose batches differ with the workers'
timing) can differ in a rest's capitals, full stops, or a word; where Whisper reads two rests as
one sentence, one may begin with a capital, end without a full stop, or gain a word at the edge
(engine.rest_pack.place_of). A chunk decoded alone (a
batch of one, the second looks) keeps faster-whisper's window, and so does a translation. The
first chunk of a batch waits for the other chunks' word timings and continuations, and the first
to need its rest for the whole pack (its cancel checks come after them).

The continuation, OFF by default (``continue_in_window``):

Whisper often leaves the last sentence of a window unsaid: it ends the window with the start
timestamp of that sentence and stops (``... types.<|20.30|><|20.30|>``), and faster-whisper then
decodes the audio from there as a new window, with a whole encoder pass of its own (the encoder
always reads 30 s). The engine's one-window chunks are cut at silences and hold at most 30 s, so that
second window holds no new audio: measured on ``bench/out/lj_300s.wav`` (tiny.en, int8, one
thread, the engine's 12 chunks), 23 encoder passes for 12 chunks, each pass ~48 % of a chunk's
CPU time.

:class:`OneWindowWhisper` decodes that last sentence from the encoder output it already has:
the decoder is started again with the sentence's start timestamp as its first token
(``<|sot|><|en|><|transcribe|><|20.30|>``), which makes it transcribe the audio from there; a
continuation that again leaves a sentence is continued in turn. When a continuation fails (it
needs a temperature fallback, says nothing, or goes back before its start) the rest is decoded
as faster-whisper would, in a fresh window. Measured on the same chunks, beam 5: tiny.en 23 -> 13
encoder passes, 37.5 -> 27.4 CPU-s, WER 0.0117 -> 0.0146; base 24 -> 13 passes, 76 -> 68 CPU-s,
WER 0.032 -> 0.026. A continued chunk's last sentence ends with the mark the model hears there:
a comma where the chunk ends at a pause inside a sentence (LJ001-0001 "... concerned," before
"differs from most"), where faster-whisper's second window wrote a full stop. See
bench/README.md ("Speed as users meet it"). It is off because it is not safe: on mfa (base) the
decoder, which still hears the audio before its start, lost "to be all" ("And that should
Thanks!") in one chunk and said "and here's the long" twice in the other; the fresh window of
faster-whisper hears only the rest. Its log-probabilities (-0.57, -0.72) lay among those of good
continuations (-0.32 to -0.80), so no threshold tells them apart.

Everything else (prompt, hotwords, temperature fallback, no-speech skip, word timestamps) is
faster-whisper's own code, called through its methods (the continuation calls CTranslate2's
``generate`` as faster-whisper's ``generate_with_fallback`` does); audio longer than one window,
and options this module does not handle (faster-whisper's per-window ``multilingual``, a prefix, hallucination
skipping, no word timestamps, no timestamps, a first temperature above 0), go through
faster-whisper unchanged.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim
from faster_whisper.transcribe import Segment, Word, get_compression_ratio

from engine.continuation import (
    GAP_EDGE_S,
    MAX_GAP_S,
    MAX_STEPS,
    cpu_array,
    dangling,
    quiet,
    said_after,
    said_after_all,
)
from engine.own_language import mixed_with, own_language, tokenizer_for
from engine.rest_pack import GAP_FRAMES, RestPack, split_back

log = logging.getLogger(__name__)

MIN_TAIL_FRAMES = 20  # 0.2 s (10 ms frames): a shorter rest after the last timestamp is not decoded
MAX_CONTINUATIONS = 4  # continuations within one window before the rest goes to a fresh window

# The faster-whisper internals this module calls (checked by tests/engine/test_one_window_api.py, so
# an upgrade that renames one fails there rather than at a user's first file).
REQUIRED_METHODS = (
    "_split_segments_by_timestamps",
    "generate_with_fallback",
    "get_prompt",
    "add_word_timestamps",
    "encode",
)


@dataclasses.dataclass
class _Decoded:
    """One timestamped piece of a decode, with the figures of the decode it came from."""

    piece: dict[str, Any]  # faster-whisper's segment dict: seek, start, end, tokens (+ words)
    no_speech_prob: float
    avg_logprob: float
    temperature: float
    compression_ratio: float


class OneWindowWhisper(WhisperModel):  # type: ignore[misc]
    """A WhisperModel that decodes several chunks of <= 30 s as one batch (``transcribe_batch``),
    the sentence each leaves unsaid said from the same encoder output (``say_the_rest``), what is
    still left packed in shared windows (``pack_rests``).

    ``windows`` counts encoder passes and ``continuations`` decoder restarts in a window (either
    kind), for measurements.
    """

    windows = 0
    continuations = 0
    # Continuing the decoder inside the window (see the module docstring) is off: on mfa (base)
    # it lost "to be all" ("And that should Thanks!") and said "and here's the long" twice, as the
    # decoder still hears the audio before its start; a fresh window cannot. Kept for measurement.
    continue_in_window = False
    # The sentence Whisper leaves unsaid at a window's end is said from the same encoder output,
    # the last segment as prefix (engine.continuation); what is still unsaid goes on as a rest.
    say_the_rest = True
    # The rests a batch's windows leave unsaid are packed, several to one window (engine.rest_pack).
    pack_rests = True

    def encode(self, features: Any) -> Any:
        self.windows += features.shape[0] if features.ndim == 3 else 1
        return super().encode(features)

    def transcribe(self, audio: Any, *args: Any, own_languages: bool = False, **kwargs: Any) -> Any:
        """faster-whisper's ``transcribe``; with ``own_languages`` a one-window chunk clearly in
        another language than ``language`` is decoded in its own (engine.own_language): the
        returned segments (a ``_Window``) then have that language's ``tokenizer.language_code``.
        A longer chunk goes through faster-whisper's own loop in ``language``, unasked."""
        segments, info = super().transcribe(audio, *args, **kwargs)
        if isinstance(segments, _Window) and own_languages and self.model.is_multilingual:
            segments.own_language = True
        return segments, info

    def generate_segments(
        self,
        features: Any,
        tokenizer: Any,
        options: Any,
        log_progress: bool = False,
        encoder_output: Any = None,
    ) -> Iterable[Segment]:
        """faster-whisper's decode loop, or a :class:`_Window` where one encoder pass does."""
        content_frames = features.shape[-1] - 1
        if (
            content_frames > self.feature_extractor.nb_max_frames
            or options.multilingual
            or options.prefix
            or options.hallucination_silence_threshold is not None
            or not options.word_timestamps
            or options.without_timestamps
            or not options.temperatures
            or options.temperatures[0] != 0
            or list(options.clip_timestamps or [0]) not in ([0], [0.0], ["0"])
        ):
            return self._prompt_every_window(
                super().generate_segments(features, tokenizer, options, log_progress, encoder_output),
                tokenizer,
                options,
            )
        return _Window(self, features, tokenizer, options)

    # The initial prompt's tokens while a long decode runs (see _prompt_every_window).
    _every_window_prompt: list[int] | None = None

    def _prompt_every_window(
        self, segments: Iterable[Segment], tokenizer: Any, options: Any
    ) -> Iterator[Segment]:
        """``segments`` of faster-whisper's own decode loop, every window of which reads the
        initial prompt: with ``condition_on_previous_text=False`` faster-whisper gives it to the
        first window only (it resets the prompt after each), so in a chunk longer than one window
        (engine.planner.chunk_limit_ms) the user's names and terms, and the style prompt of
        engine.recheck, reached only the first 30 s (measured: 9, 0, 0 prompt tokens in the
        three windows of 56 s)."""
        prompt = options.initial_prompt
        if prompt is None or options.condition_on_previous_text:  # then faster-whisper's own rule
            yield from segments
            return
        tokens = _prompt_tokens(tokenizer, prompt)
        inner = iter(segments)
        while True:
            # Set only while the decode itself runs, never while the caller holds a segment:
            # another decode read in between (or one never finished) must not get this prompt.
            outer, self._every_window_prompt = self._every_window_prompt, tokens
            try:
                segment = next(inner)
            except StopIteration:
                return
            finally:
                self._every_window_prompt = outer
            yield segment

    def get_prompt(
        self,
        tokenizer: Any,
        previous_tokens: list[int],
        without_timestamps: bool = False,
        prefix: str | None = None,
        hotwords: str | None = None,
    ) -> list[int]:
        """faster-whisper's prompt, with the initial prompt where it would have none (a long
        decode's later windows: _prompt_every_window)."""
        if not previous_tokens and self._every_window_prompt:
            previous_tokens = self._every_window_prompt
        return super().get_prompt(  # type: ignore[no-any-return]
            tokenizer,
            previous_tokens,
            without_timestamps=without_timestamps,
            prefix=prefix,
            hotwords=hotwords,
        )

    def transcribe_batch(
        self, audios: Sequence[Any], own_languages: bool = False, **kwargs: Any
    ) -> list[Iterable[Segment]]:
        """``transcribe(audio, **kwargs)[0]`` for each of ``audios`` (16 kHz float32, <= 30 s each).

        The windows' first decodes (temperature 0) run now as one batch: one encoder call for
        all, and one beam search over all (on 2 CPU cores, 4 windows of tiny.en decode in 0.68
        CPU-s each instead of 0.92; on a GPU the gain is larger). When the first window's
        segments are iterated, the windows are looked at together (:meth:`_look`: word timings,
        continuations in one batched decode); fallbacks run per window, as in :meth:`transcribe`,
        so a caller can answer, check for a cancel and fail one window at a time; the rests the
        windows leave unsaid are decoded packed together (``pack_rests``: engine.rest_pack), when
        the first window that needs its rest is iterated. Returns one iterable of segments per
        audio, in order; raises what ``transcribe`` raises. ``own_languages``: as in ``transcribe``;
        windows found in another language are decoded in a batch of their own (alone when one).
        """
        pending = [self.transcribe(audio, own_languages=own_languages, **kwargs)[0] for audio in audios]
        windows = [w for w in pending if isinstance(w, _Window)]
        if len(windows) > 1 and len({w.tokenizer.language_code for w in windows}) == 1:
            audio_of = {id(w): audio for w, audio in zip(pending, audios)}
            for batch in self._first_pass(windows):
                for window in batch:
                    window.batch = batch  # looked at together: their continuations share a decode
                # Not when translating: English words timed on speech in another language (0.8 s
                # late, engine.onsets) cannot be told to the rest they were heard in.
                if len(batch) > 1 and self.pack_rests and not _translating(batch[0].tokenizer):
                    pack = RestPack(self, batch)
                    for window in batch:
                        window.audio, window.pack = audio_of[id(window)], pack
        return pending

    def _decode_pack(self, group: list[_Window]) -> dict[int, list[Segment]]:
        """The rests of ``group`` decoded in one window (engine.rest_pack): ``id(window)`` ->
        segments on the window's own chunk's timeline (s). A single rest, and a rest that got no
        word in the pack, are decoded as faster-whisper would, in a window of their own."""
        import numpy as np

        alone = {id(w): w for w in group} if len(group) == 1 else {}
        packed = [w for w in group if id(w) not in alone]
        out: dict[int, list[Segment]] = {}
        if packed:
            step = self.feature_extractor.hop_length  # samples per 10 ms frame
            rate = self.feature_extractor.sampling_rate
            parts: list[Any] = []
            places: list[tuple[float, float, float]] = []
            for w in packed:
                seek = w.rest_seek or 0
                rest = np.asarray(w.audio[seek * step : w.content_frames * step], np.float32)
                at = sum(p.size for p in parts) / rate
                places.append((at, at + rest.size / rate, seek * self.feature_extractor.time_per_frame))
                parts += [rest, np.zeros(GAP_FRAMES * step, np.float32)]
            first = packed[0]
            features = self.feature_extractor(np.concatenate(parts[:-1]))
            segments = self._prompt_every_window(
                super().generate_segments(features, first.tokenizer, first.options, False),
                first.tokenizer,
                first.options,
            )
            decoded = list(segments)
            if any(s.temperature > 0 for s in decoded):
                # The pack needed a temperature fallback: one rest's noise or loop would have the
                # others' text sampled too. Each is decoded alone, as without packing.
                log.debug("packed decode fell back to sampling: decoding its rests one by one")
                decoded, alone = [], {id(w): w for w in group}
            for w, mine in zip(packed, split_back(decoded, places)):
                if id(w) in alone:
                    continue
                if any(s.words for s in mine):
                    out[id(w)] = mine
                else:
                    log.debug("a packed rest got no word: decoding it alone")
                    alone[id(w)] = w
        for key, w in alone.items():
            out[key] = self._fresh_window(w.features, w.rest_seek or 0, w.tokenizer, w.options)
        return out

    def _first_pass(self, windows: list[_Window]) -> list[list[_Window]]:
        """Encode ``windows`` together and decode them at temperature 0 in batches, one per
        language: the batch's own, then each language windows were found in (engine.own_language;
        a bilingual interview keeps both halves batched). Returns the batches, each of windows
        in one language, in order; a window alone in its language is not decoded here (it keeps
        its encoder output for a decode of its own)."""
        import ctranslate2
        import numpy as np

        stacked = np.stack([pad_or_trim(w.features[:, : w.content_frames]) for w in windows])
        encoded = self.encode(stacked)
        language = windows[0].tokenizer.language_code
        if any(w.own_language for w in windows):
            self._find_languages(windows, encoded)
        if all(w.tokenizer.language_code == language for w in windows):
            self._decode_first(windows, encoded)
            return [windows]
        # Each window has a tokenizer of its own (faster-whisper makes one per transcribe):
        # the windows that moved are told by their language.
        array = cpu_array(encoded)
        for i, window in enumerate(windows):
            window.encoder_output = ctranslate2.StorageView.from_array(np.ascontiguousarray(array[i : i + 1]))
        rows: dict[str, list[int]] = {language: []}
        for i, window in enumerate(windows):
            rows.setdefault(window.tokenizer.language_code, []).append(i)
        batches: list[list[_Window]] = []
        for indexes in rows.values():
            if len(indexes) > 1 or (indexes and windows[indexes[0]].tokenizer.language_code == language):
                batch = [windows[i] for i in indexes]
                self._decode_first(
                    batch, ctranslate2.StorageView.from_array(np.ascontiguousarray(array[indexes]))
                )
                batches.append(batch)
            else:
                batches += [[windows[i]] for i in indexes]
        return batches

    def _decode_first(self, windows: list[_Window], encoded: Any) -> None:
        """The temperature-0 decode of ``windows`` (one language and options) from their rows of
        ``encoded``, as one batch: each window's ``first`` (unless it needs a fallback) and
        ``encoder_output``."""
        import ctranslate2
        import numpy as np

        options, tokenizer = windows[0].options, windows[0].tokenizer
        prompt = self._prompt(tokenizer, options)
        results = self.model.generate(
            encoded,
            [list(prompt) for _ in windows],
            beam_size=options.beam_size,
            patience=options.patience,
            length_penalty=options.length_penalty,
            repetition_penalty=options.repetition_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_length=self.max_length
            if options.max_new_tokens is None
            else len(prompt) + options.max_new_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=options.suppress_blank,
            suppress_tokens=options.suppress_tokens,
            max_initial_timestamp_index=int(round(options.max_initial_timestamp / self.time_precision)),
        )
        array = cpu_array(encoded)
        for i, (window, result) in enumerate(zip(windows, results)):
            window.encoder_output = ctranslate2.StorageView.from_array(np.ascontiguousarray(array[i : i + 1]))
            tokens = result.sequences_ids[0]
            avg_logprob = result.scores[0] * (len(tokens) ** options.length_penalty) / (len(tokens) + 1)
            ratio = get_compression_ratio(tokenizer.decode(tokens).strip())
            if not _needs_fallback(result, avg_logprob, ratio, options):
                window.first = (result, avg_logprob, 0.0, ratio)

    def _find_languages(self, windows: list[_Window], encoded: Any) -> None:
        """Each of ``windows`` (those asking, ``own_language``) given the tokenizer of the
        language it is clearly in, when that is not its file's (engine.own_language), from its
        row of ``encoded``: one decoder step for all; ``mixed_with`` set where it seems to hold
        another language beside the file's."""
        answers = self.model.detect_language(encoded)
        for window, probabilities in zip(windows, answers):
            if not window.own_language:
                continue
            window.own_language = False  # asked once
            spoken = own_language(probabilities, window.tokenizer.language_code)
            window.mixed_with = mixed_with(probabilities, window.tokenizer.language_code)
            if spoken is not None:
                log.debug(
                    "a window in %s, not %s: decoded in %s", spoken, window.tokenizer.language_code, spoken
                )
                window.tokenizer = tokenizer_for(window.tokenizer, spoken)

    def _prompt(self, tokenizer: Any, options: Any) -> list[int]:
        previous = _prompt_tokens(tokenizer, options.initial_prompt)
        return self.get_prompt(tokenizer, previous, without_timestamps=False, hotwords=options.hotwords)

    def _one_window(self, window: _Window) -> Iterator[Segment]:
        if self.continue_in_window:
            yield from self._continued(window)
            return
        if not self._first_look(window):
            return  # faster-whisper's no-speech skip
        rest: list[Segment] = []
        if window.rest_seek is not None:
            if window.pack is not None:
                rest = window.pack.rest_of(window)
                window.pack = None
            else:
                rest = self._decode_pack([window])[id(window)]  # a rest alone: its own window
        yield from self._segments(window.decoded, window.tokenizer)
        yield from rest

    def _first_look(self, window: _Window) -> bool:
        """The window's first decode, split at its timestamps and word-timed, and where the rest
        it leaves unsaid starts (``window.decoded``, ``window.rest_seek``); once per window.
        False when faster-whisper would skip the window as silence.

        The windows of its batch not yet looked at whose first decode was made in the batch are
        looked at with it (:meth:`_look`), so that their continuations share one decode; an
        error in a window's look is kept for that window, which is looked at once more alone
        when it is read itself (and again at each later read, as before, while it fails)."""
        if window.looked is None and window.look_error is None:
            # Not the windows that need a temperature fallback: it runs when they are read (its
            # sampled decodes gain nothing here, and a chunk would wait for another's).
            batch = [
                w
                for w in window.batch
                if w is window or (w.looked is None and w.look_error is None and w.first is not None)
            ] or [window]  # a window's batch holds it, or is empty (decoded alone, or looked at)
            for w in window.batch:
                w.batch = []  # looked at once together; no window keeps the others alive
            self._look(batch)
            for w in batch:
                w.in_company = len(batch) > 1
        if window.look_error is not None and window.in_company:
            # It failed beside others (its own error, or one of theirs such as memory): once
            # more alone, as its look ran before the batch was looked at together.
            window.in_company, window.look_error = False, None
            self._look([window])
        if window.look_error is not None:
            error, window.look_error = window.look_error, None  # a later look tries again, as before
            raise error
        return bool(window.looked)

    def _look(self, windows: list[_Window]) -> None:
        """:meth:`_first_look` for ``windows`` (one language and options): each window's first
        decode split and word-timed; the sentences they leave unsaid said from their encoder
        outputs in one batched decode per step (engine.continuation.said_after_all), then split
        and timed again; at most MAX_STEPS steps. A window whose look raises gets the error in
        ``look_error``; a failed batched decode is tried again window by window, so that an
        error stays its own window's."""
        looks: list[_Look] = []
        for window in windows:
            try:
                look = self._begin_look(window)
            except Exception as error:
                window.look_error = error
                continue
            if look is not None:
                looks.append(look)
        while looks:
            going_on: list[_Look] = []
            for look in looks:
                try:
                    if self._time_words(look):
                        going_on.append(look)
                    else:
                        look.end()
                except Exception as error:
                    look.window.look_error = error
            looks = []
            for look, said in self._said_after(going_on):
                if isinstance(said, Exception):
                    look.window.look_error = said
                    continue
                more, more_logprob = said
                if not more:
                    look.end()
                    continue
                tokenizer = look.window.tokenizer
                look.said_from.append(
                    ((look.tokens[-1] - tokenizer.timestamp_begin) * self.time_precision, more_logprob)
                )
                look.tokens = look.tokens + more
                self.continuations += 1
                looks.append(look)  # its words are timed again over the whole window, with the new ones

    def _begin_look(self, window: _Window) -> _Look | None:
        """The window's first decode (made in its batch, or now), or None when faster-whisper
        would skip it as silence (``window.looked`` is then False)."""
        features, tokenizer, options = window.features, window.tokenizer, window.options
        encoder_output = window.encoder_output
        if encoder_output is None:
            encoder_output = self.encode(pad_or_trim(features[:, : window.content_frames]))
        if window.own_language:
            self._find_languages([window], encoder_output)
            tokenizer = window.tokenizer
        if window.first is not None:
            result, avg_logprob, temperature, ratio = window.first  # decoded in a batch
        else:
            result, avg_logprob, temperature, ratio = self.generate_with_fallback(
                encoder_output, self._prompt(tokenizer, options), tokenizer, options
            )
        window.encoder_output = None  # held by the look until it ends
        if _no_speech(result, avg_logprob, options):
            window.looked = False
            return None
        return _Look(window, encoder_output, result, avg_logprob, temperature, ratio)

    def _time_words(self, look: _Look) -> bool:
        """The look's tokens split at their timestamps and word-timed (``look.decoded``), the
        rest's start set; whether a continuation is to be tried from there."""
        window = look.window
        tokenizer, content_frames = window.tokenizer, window.content_frames
        pieces, new_seek, single_ending = self._split_segments_by_timestamps(
            tokenizer=tokenizer,
            tokens=look.tokens,
            time_offset=0.0,
            segment_size=content_frames,
            segment_duration=content_frames * self.feature_extractor.time_per_frame,
            seek=0,
        )
        result = look.result
        look.decoded = [
            _Decoded(
                p,
                result.no_speech_prob,
                _logprob_of(p, look.avg_logprob, look.said_from),
                look.temperature,
                look.ratio,
            )
            for p in pieces
        ]
        self._align(look.decoded, tokenizer, look.encoder_output, content_frames, window.options)
        window.rest_seek = None
        if single_ending or new_seek <= 0 or content_frames - new_seek < MIN_TAIL_FRAMES:
            return False
        # faster-whisper's way: the rest from the last word's end, even before the timestamp
        words = _word_frames(look.decoded, self.frames_per_second)
        last_end = words[-1][1] if words and words[-1][1] > 0 else new_seek
        if content_frames - last_end >= MIN_TAIL_FRAMES:
            window.rest_seek = last_end
        return not (
            len(look.said_from) == MAX_STEPS
            or not self.say_the_rest
            or look.temperature > 0
            or not dangling(look.tokens, tokenizer.timestamp_begin)
            or not self._may_continue(window.features, content_frames, words, last_end, new_seek)
        )

    def _said_after(self, looks: list[_Look]) -> list[tuple[_Look, tuple[list[int], float] | Exception]]:
        """Each look with what its decoder says after its tokens (engine.continuation), all in
        one decode; if that decode fails, each alone, an error standing in for a failed one's."""
        if not looks:
            return []
        window = looks[0].window
        prompt = self._prompt(window.tokenizer, window.options)
        windows = [(look.encoder_output, look.tokens) for look in looks]
        try:
            said = said_after_all(self, windows, prompt, window.tokenizer, window.options)
            return list(zip(looks, said))
        except Exception as error:
            if len(looks) == 1:
                return [(looks[0], error)]
            log.debug("batched continuation failed; continuing each window alone", exc_info=True)
        out: list[tuple[_Look, tuple[list[int], float] | Exception]] = []
        for look in looks:
            try:
                out.append(
                    (
                        look,
                        said_after(
                            self, look.encoder_output, look.tokens, prompt, window.tokenizer, window.options
                        ),
                    )
                )
            except Exception as error:
                out.append((look, error))
        return out

    def _may_continue(
        self, features: Any, content_frames: int, words: list[tuple[int, int]], last_end: int, seek: int
    ) -> bool:
        """Whether to continue from frame ``seek`` (Whisper's timestamp), given the window's words
        so far ((start, end) frames) and where the last of them ends (``last_end``, the rest's
        start): no sound in a gap of over MAX_GAP_S before it, and a rest that is not quiet
        (engine.continuation)."""
        # Up to 0.3 s at either edge of the gap is the last word's tail or the next one's onset
        # before Whisper's timestamp (lj_600s: sound only there, silence between).
        edge = round(GAP_EDGE_S * self.frames_per_second)
        gap = seek - last_end
        if gap > MAX_GAP_S * self.frames_per_second and (
            gap <= 2 * edge or not quiet(features, last_end + edge, seek - edge, words)
        ):
            log.debug("not continued: sound in the %.2f s before the rest", gap / self.frames_per_second)
            return False
        # The rest is judged after the last word's tail (its aligned end comes early).
        if quiet(features, min(last_end + edge, content_frames), content_frames, words):
            log.debug("not continued: the rest from %.2f s is quiet", last_end / self.frames_per_second)
            return False
        return True

    def _segments(self, decoded: list[_Decoded], tokenizer: Any) -> Iterator[Segment]:
        number = 0
        for d in decoded:
            text = tokenizer.decode(d.piece["tokens"])
            if d.piece["start"] == d.piece["end"] or not text.strip():
                continue
            number += 1
            yield Segment(
                id=number,
                seek=0,
                start=d.piece["start"],
                end=d.piece["end"],
                text=text,
                tokens=d.piece["tokens"],
                avg_logprob=d.avg_logprob,
                compression_ratio=d.compression_ratio,
                no_speech_prob=d.no_speech_prob,
                words=[Word(**w) for w in d.piece.get("words", [])],
                temperature=d.temperature,
            )

    def _continued(self, window: _Window) -> Iterator[Segment]:
        """The window decoded with the decoder continued inside it (``continue_in_window``)."""
        features, tokenizer, options = window.features, window.tokenizer, window.options
        content_frames = window.content_frames
        duration = content_frames * self.feature_extractor.time_per_frame
        encoder_output = window.encoder_output
        if encoder_output is None:
            encoder_output = self.encode(pad_or_trim(features[:, :content_frames]))
        prompt = self._prompt(tokenizer, options)
        decoded: list[_Decoded] = []
        rest: list[Segment] = []
        seek = 0  # frames (10 ms): where the audio not yet transcribed starts
        start_token: int | None = None
        for attempt in range(MAX_CONTINUATIONS + 1):
            if start_token is None and window.first is not None:
                result, avg_logprob, temperature, ratio = window.first  # decoded in a batch
            else:
                result, avg_logprob, temperature, ratio = self.generate_with_fallback(
                    encoder_output,
                    prompt if start_token is None else [*prompt, start_token],
                    tokenizer,
                    options,
                )
            if start_token is None and _no_speech(result, avg_logprob, options):
                return
            tokens = list(result.sequences_ids[0])
            if start_token is not None and tokens[:1] != [start_token]:
                tokens = [start_token, *tokens]  # CTranslate2 returns the prompt's timestamp; be sure
            pieces, new_seek, single_ending = self._split_segments_by_timestamps(
                tokenizer=tokenizer,
                tokens=tokens,
                time_offset=0.0,
                segment_size=content_frames,
                segment_duration=duration,
                seek=0,
            )
            if start_token is not None and not _good_continuation(
                tokens, start_token, temperature, tokenizer
            ):
                # The continuation went wrong: decode the rest as faster-whisper would.
                rest = self._fresh_window(features, seek, tokenizer, options)
                break
            decoded += [_Decoded(p, result.no_speech_prob, avg_logprob, temperature, ratio) for p in pieces]
            if single_ending or new_seek <= seek or content_frames - new_seek < MIN_TAIL_FRAMES:
                break
            if attempt == MAX_CONTINUATIONS:
                rest = self._fresh_window(features, new_seek, tokenizer, options)
                break
            seek = new_seek  # Whisper left the rest for another window: continue from there
            start_token = tokenizer.timestamp_begin + seek // self.input_stride
            self.continuations += 1
        self._align(decoded, tokenizer, encoder_output, content_frames, options)
        yield from self._segments(decoded, tokenizer)
        yield from rest

    def _align(
        self, decoded: list[_Decoded], tokenizer: Any, encoder_output: Any, frames: int, options: Any
    ) -> None:
        """Word timings for the decoded pieces (once: pieces that have them are left alone)."""
        if decoded and any("words" not in d.piece for d in decoded):
            self.add_word_timestamps(
                [[d.piece for d in decoded]],
                tokenizer,
                encoder_output,
                frames,
                options.prepend_punctuations,
                options.append_punctuations,
                last_speech_timestamp=0.0,
            )

    def _fresh_window(self, features: Any, seek: int, tokenizer: Any, options: Any) -> list[Segment]:
        """Segments of the audio from frame ``seek`` on, decoded in windows of their own."""
        offset = seek * self.feature_extractor.time_per_frame
        log.debug("decoding the rest from %.2f s in a fresh window", offset)
        return [
            dataclasses.replace(
                s,
                start=s.start + offset,
                end=s.end + offset,
                words=[
                    dataclasses.replace(w, start=round(w.start + offset, 2), end=round(w.end + offset, 2))
                    for w in s.words or ()
                ],
            )
            for s in self._prompt_every_window(
                super().generate_segments(features[:, seek:], tokenizer, options, False), tokenizer, options
            )
        ]


def _prompt_tokens(tokenizer: Any, prompt: str | Iterable[int] | None) -> list[int]:
    """The initial prompt's tokens, encoded as faster-whisper encodes it (none: [])."""
    if prompt is None:
        return []
    return tokenizer.encode(" " + prompt.strip()) if isinstance(prompt, str) else list(prompt)


class _Window:
    """One chunk's decode, run when iterated: what ``transcribe`` returns for a one-window chunk.

    ``transcribe_batch`` fills ``encoder_output`` and ``first`` (the temperature-0 decode) for
    several windows at once before they are iterated; a window decoded alone computes both.
    """

    def __init__(self, model: OneWindowWhisper, features: Any, tokenizer: Any, options: Any) -> None:
        self.model = model
        self.features = features
        self.content_frames = int(features.shape[-1] - 1)
        self.tokenizer = tokenizer  # its language: ``tokenizer.language_code``
        self.options = options
        self.own_language = False  # to be asked which language it is in (engine.own_language)
        # The other languages it seems to hold beside its own, when asked (own_language.mixed_with):
        # its decode in one language is then to be redone in runs of one (the worker's part).
        self.mixed_with: tuple[str, ...] = ()
        self.encoder_output: Any = None
        self.first: tuple[Any, float, float, float] | None = None
        self.audio: Any = None  # the samples, when a batch may pack this window's rest
        self.pack: RestPack | None = None
        self.looked: bool | None = None  # _first_look ran: False when skipped as silence
        self.decoded: list[_Decoded] = []
        self.rest_seek: int | None = None  # frame where the rest Whisper left unsaid starts
        self.batch: list[_Window] = []  # the windows of its batch, looked at together (then emptied)
        self.in_company = False  # looked at together with other windows
        self.look_error: Exception | None = None  # what its look raised, kept until it is read

    def __iter__(self) -> Iterator[Segment]:
        return self.model._one_window(self)


class _Look:
    """A window's decode while it is looked at (OneWindowWhisper._look): its tokens so far, the
    continuations said in them, their pieces."""

    def __init__(
        self,
        window: _Window,
        encoder_output: Any,
        result: Any,
        avg_logprob: float,
        temperature: float,
        ratio: float,
    ) -> None:
        self.window = window
        self.encoder_output = encoder_output
        self.result = result
        self.avg_logprob = avg_logprob
        self.temperature = temperature
        self.ratio = ratio
        self.tokens: list[int] = list(result.sequences_ids[0])
        # (start s, average log-probability) of each continuation
        self.said_from: list[tuple[float, float]] = []
        self.decoded: list[_Decoded] = []

    def end(self) -> None:
        """The window looked at: its pieces kept, the encoder output let go."""
        self.window.decoded = self.decoded
        self.window.looked = True
        self.encoder_output = None


def _word_frames(decoded: list[_Decoded], fps: int) -> list[tuple[int, int]]:
    """The aligned words of ``decoded`` as (start, end) frames (10 ms)."""
    return [
        (round(w["start"] * fps), round(w["end"] * fps)) for d in decoded for w in d.piece.get("words", [])
    ]


def _logprob_of(piece: dict[str, Any], first: float, said_from: list[tuple[float, float]]) -> float:
    """The average log-probability of the decode a piece came from: the first decode's, or that
    of the continuation it starts in (engine.continuation), so that engine.filters judges a
    continuation's pieces by their own figure, as a rest's own window would be judged."""
    figure = first
    for start, logprob in said_from:
        if piece["start"] >= start - 0.01:
            figure = logprob
    return figure


def _translating(tokenizer: Any) -> bool:
    """Whether the tokenizer's task token is ``<|translate|>`` (faster-whisper keeps its id)."""
    return bool(
        tokenizer.task is not None and tokenizer.task == tokenizer.tokenizer.token_to_id("<|translate|>")
    )


def _good_continuation(tokens: list[int], start_token: int, temperature: float, tokenizer: Any) -> bool:
    """A continuation is kept when it was decoded at temperature 0, says something, and never
    goes back before its start (the first free step has no timestamp rule in CTranslate2, so a
    timestamp before the start would repeat words already transcribed)."""
    said = any(t < tokenizer.eot for t in tokens)
    earlier = any(tokenizer.timestamp_begin <= t < start_token for t in tokens)
    return temperature == 0 and said and not earlier


def _needs_fallback(result: Any, avg_logprob: float, ratio: float, options: Any) -> bool:
    """faster-whisper's rule (``generate_with_fallback``) for decoding again at a higher temperature."""
    needs = (
        options.compression_ratio_threshold is not None and ratio > options.compression_ratio_threshold
    ) or (options.log_prob_threshold is not None and avg_logprob < options.log_prob_threshold)
    silence = (
        options.no_speech_threshold is not None
        and result.no_speech_prob > options.no_speech_threshold
        and options.log_prob_threshold is not None
        and avg_logprob < options.log_prob_threshold
    )
    return needs and not silence


def _no_speech(result: Any, avg_logprob: float, options: Any) -> bool:
    """faster-whisper's skip rule for a window: likely silence, and not confidently decoded."""
    if options.no_speech_threshold is None or result.no_speech_prob <= options.no_speech_threshold:
        return False
    return not (options.log_prob_threshold is not None and avg_logprob > options.log_prob_threshold)
