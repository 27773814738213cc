"""The model a worker holds: faster-whisper behind a small interface tests can replace.

Each chunk is transcribed on its own: ``condition_on_previous_text=False`` (long-form conditioning
drifts and invents text), temperature 0 first with the usual fallbacks, word timestamps on;
several chunks' first decodes can run as one batch (engine.one_window).
Imported only inside worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from engine.protocol import SAMPLE_RATE, JobOptions, Segment, Word
from engine.subtitles.timecode import ms_from_seconds

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
SAMPLING_SEED = 1


class Transcriber(Protocol):
    multilingual: bool

    def transcribe(
        self, audio: npt.NDArray[np.float32], language: str | None, options: JobOptions
    ) -> Iterator[Segment]:
        """Segments with times in ms relative to ``audio``, as the model produces them. The
        iterator may also name, once read, the language it was decoded in (``written_in``) and
        other languages the chunk seems to hold (``mixed_with``: engine.own_language); a worker
        reads both with getattr, so a model without them (a test's) decodes each chunk in one
        language. A cluster's model sends them after the segments
        (engine.cluster.actor.DecodeLanguages)."""
        ...

    def detect_language(self, audio: npt.NDArray[np.float32]) -> list[tuple[str, float]]:
        """(language, probability) pairs, most likely first."""
        ...


class WhisperTranscriber:
    def __init__(
        self, model_path: str, device: str, device_index: int, compute_type: str, cpu_threads: int
    ) -> None:
        import ctranslate2

        from engine.one_window import OneWindowWhisper

        # The fallback temperatures sample at random from a generator CTranslate2 seeds once per
        # decoding thread, from this seed (else from std::random_device): a worker then gives the
        # same text for the same chunks in the same order. It cannot be reseeded per chunk (the
        # generator is thread_local), so chunks shared among several workers can still differ.
        ctranslate2.set_random_seed(SAMPLING_SEED)
        self._model = OneWindowWhisper(
            model_path,
            device=device,
            device_index=device_index,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            num_workers=1,
            local_files_only=True,
        )
        self.multilingual = bool(self._model.model.is_multilingual)
        self.device = device

    def transcribe(self, audio: npt.NDArray[np.float32], language: str | None, options: JobOptions) -> Decode:
        """Segments with times in ms relative to ``audio``, as the model produces them."""
        segments, _info = self._model.transcribe(
            audio, own_languages=self._own_languages(options), **self._arguments(language, options)
        )
        return Decode(segments, language)

    def transcribe_batch(
        self, audios: Sequence[npt.NDArray[np.float32]], language: str | None, options: JobOptions
    ) -> list[Decode]:
        """``transcribe`` of each audio (<= 30 s): their first decodes run now, as one batch; the
        rest of each when its iterator is read (engine.one_window)."""
        batches = self._model.transcribe_batch(
            audios, own_languages=self._own_languages(options), **self._arguments(language, options)
        )
        return [Decode(segments, language) for segments in batches]

    def _own_languages(self, options: JobOptions) -> bool:
        """Whether a chunk clearly in another language than the file's is written in its own
        (engine.own_language): when the file's language was detected, not chosen."""
        return self.multilingual and options.language is None

    def _arguments(self, language: str | None, options: JobOptions) -> dict[str, Any]:
        return {
            "language": language if self.multilingual else "en",
            "task": options.task.value,
            "beam_size": options.beam_size,
            "temperature": list(TEMPERATURES),
            "condition_on_previous_text": False,
            "word_timestamps": True,
            "without_timestamps": False,
            "vad_filter": False,  # the engine's planner already cut at silences
            "initial_prompt": options.initial_prompt,
            "hotwords": options.hotwords,  # the user's names and terms (faster-whisper >= 1.0)
        }

    def warm_up(self) -> None:
        """On a GPU, one small transcription before the worker reports ready; on a CPU nothing.

        The first call on a GPU pays one-time setup (cuBLAS handles, kernel selection), which
        would otherwise land on the first chunk of the first file. On a CPU it cost 0.9 CPU-s
        per worker at start-up (2 cores, tiny.en, measured 2026-11-30) and made no measurable
        difference to the first chunk, so a CPU worker skips it.
        """
        if self.device == "cpu":
            return
        import numpy as np

        rng = np.random.default_rng(0)
        noise = (rng.standard_normal(SAMPLE_RATE * 2) * 0.01).astype(np.float32)
        for _ in self.transcribe(noise, "en", JobOptions(beam_size=1)):
            pass

    def detect_language(self, audio: npt.NDArray[np.float32]) -> list[tuple[str, float]]:
        if not self.multilingual:
            return [("en", 1.0)]
        _lang, _prob, probabilities = self._model.detect_language(audio)
        return [(str(code), float(p)) for code, p in probabilities]


def load_model(
    model_path: str, device: str, device_index: int, compute_type: str, cpu_threads: int
) -> Transcriber:
    return WhisperTranscriber(model_path, device, device_index, compute_type, cpu_threads)


class Decode(Iterator[Segment]):
    """faster-whisper's ``segments`` of one chunk as protocol Segments, read lazily, each with
    the language it was written in where that is not ``language`` (a window decoded in its own:
    engine.own_language)."""

    def __init__(self, segments: Any, language: str | None) -> None:
        self._segments: Any = segments
        self._language = language
        self._inner = iter(segments)
        self._written_in: str | None = None
        self._mixed_with: tuple[str, ...] = ()

    def __next__(self) -> Segment:
        if self._segments is None:
            raise StopIteration
        try:
            s = next(self._inner)
        except StopIteration:
            # Read to the end: keep what the decode found, not the decode (a window holds its
            # features and audio, and a batch's answers are kept until the batch ends).
            self._written_in, self._mixed_with = self.written_in, self.mixed_with
            self._segments = self._inner = None
            raise
        spoken = self.written_in
        return _segment(s, spoken if spoken and self._language and spoken != self._language else "")

    @property
    def written_in(self) -> str | None:
        """The language the chunk was decoded in: the one asked for, or its own (engine.own_language)."""
        if self._segments is None:
            return self._written_in
        tokenizer = getattr(self._segments, "tokenizer", None)
        return getattr(tokenizer, "language_code", None) or self._language

    @property
    def mixed_with(self) -> tuple[str, ...]:
        """The other languages the chunk seems to hold beside the file's, once it has been read
        (engine.own_language.mixed_with); () when it was not asked or holds one."""
        if self._segments is None:
            return self._mixed_with
        return tuple(getattr(self._segments, "mixed_with", ()))


def _segment(s: Any, language: str = "") -> Segment:
    """A faster-whisper segment as the protocol's Segment (times in ms)."""
    words = tuple(Word(_ms(w.start), _ms(w.end), w.word, float(w.probability)) for w in s.words or ())
    return Segment(
        start_ms=_ms(s.start),
        end_ms=_ms(s.end),
        text=s.text,
        words=words,
        avg_logprob=float(s.avg_logprob),
        no_speech_prob=float(s.no_speech_prob),
        compression_ratio=float(s.compression_ratio),
        language=language,
    )


_ms = ms_from_seconds
