"""Voice activity detection (silero, bundled weights, offline), run block by block.

Blocks let planning (and so transcription) start after the first seconds of a long file instead
of after the whole file. A region that touches a block's end is held back and re-detected with
the next block, so block edges never cut speech.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from engine.audio import duration_ms, ms_to_samples
from engine.levels import (
    BACKGROUND_MS,
    FRAME_MS,
    GAP_MARGIN_MS,
    MIN_QUIET_REGION_MS,
    PAD_MS,
    QUIET_UNDER_DB,
    SILENCE_DBFS,
    active_level_db,
    frame_levels_db,
    loud_speech_db,
    peak,
)
from engine.protocol import SAMPLE_RATE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

log = logging.getLogger(__name__)

Region = tuple[int, int]  # start_ms, end_ms on the file's timeline


class Vad(Protocol):
    def regions(self, audio: npt.NDArray[np.float32], threshold: float) -> list[Region]:
        """Speech regions in ``audio``, in ms relative to its first sample."""
        ...


# What the VAD sees is scaled so that its loud peaks (the 99.9th percentile of |x|, so one click
# does not count) sit at -6 dBFS. Silero is trained on ordinary levels: at -55 dB RMS it found
# LJ001-0001's first word 640 ms late (866 ms instead of 226 ms). The gain is capped at +50 dB so
# that a dithered 16-bit silence (about -90 dBFS) stays near -40 dBFS, which silero calls silence.
# Whisper's own input is raised only when it is very quiet (raise_quiet_for_whisper).
VAD_PEAK_DBFS = -6.0
VAD_MAX_GAIN_DB = 50.0


def normalise_for_vad(audio: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``audio`` (float32 mono, any length) scaled to a -6 dBFS peak level, at most +50 dB.

    Never turns a loud block down: clipped or hot audio is passed through as it is.
    """
    return _raisepeak(audio, below_dbfs=VAD_PEAK_DBFS, to_dbfs=VAD_PEAK_DBFS)


# Whisper's log-mel features are not level-free (log10 of the power, clamped 8 decades under
# the maximum, then shifted by a constant): raising mfa_michaelandsickmichael (peak -10 dBFS) by
# 4 dB changed its words and lost "I have a cold". So audio at ordinary levels is left alone and
# only a chunk whose peak is under -30 dBFS (speech under about -45 dB RMS) is raised. It is
# raised to -12 dBFS, an ordinary speech peak, not just to -30: LJ001-0009 at -55 dB RMS raised
# to -30 dBFS gave its last word "types" with a probability of 0.03-0.3 depending on the CPU's
# instruction set and compute type (int8/float32, AVX2/generic), and CI's CPU heard "thanks for
# watching" instead; raised to -18 dBFS or more it was 0.99-1.0 in all four.
# The gain is capped at +36 dB: speech down to a -48 dBFS peak (about -63 dB RMS) still reaches
# -12 dBFS, while a chunk of near-silence (a -90 dBFS dither) stays under -50 dBFS, where Whisper
# hears nothing to write; +50 dB would have put room noise at ordinary speech levels.
WHISPER_QUIET_DBFS = -30.0
WHISPER_RAISE_TO_DBFS = -12.0
WHISPER_MAX_GAIN_DB = 36.0


def raise_quiet_for_whisper(audio: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``audio`` whose peak level is under -30 dBFS raised to -12 dBFS (at most +36 dB); else as it is."""
    return _raisepeak(
        audio, below_dbfs=WHISPER_QUIET_DBFS, to_dbfs=WHISPER_RAISE_TO_DBFS, max_gain_db=WHISPER_MAX_GAIN_DB
    )


def _raisepeak(
    audio: npt.NDArray[np.float32], *, below_dbfs: float, to_dbfs: float, max_gain_db: float = VAD_MAX_GAIN_DB
) -> npt.NDArray[np.float32]:
    """``audio`` whose peak (99.9th percentile of |x|) is under ``below_dbfs`` raised to ``to_dbfs``.

    The gain is at most ``max_gain_db``; audio at or above ``below_dbfs`` is returned as it is.
    """
    import numpy as np

    if audio.size == 0:
        return audio
    step = 4 if audio.size > 64_000 else 1  # every 4th sample estimates the level as well, 4x cheaper
    peak = float(np.percentile(np.abs(audio[::step]), 99.9))
    if peak <= 0.0 or peak >= 10 ** (below_dbfs / 20):
        return audio
    gain = min(10 ** (to_dbfs / 20) / peak, 10 ** (max_gain_db / 20))
    return (audio * np.float32(gain)).astype(np.float32, copy=False)


# Pauses looked at again for quiet speech (with_quiet_speech): at least 400 ms once 200 ms beside
# each loud region is left out (a loud word's tail, raised, would read as speech).
MIN_GAP_MS = 400
# What VAD finds from edge to edge (within 100 ms) of a pause of BACKGROUND_MS or more is
# background (engine.levels).
TOUCH_MS = 100
# Quiet sound at both ends of a pause is background only if it never stops for longer than this
# (voices under a scene pause between words; a quick reply and a quiet line before the next
# loud one have a silence between them).
BACKGROUND_GAP_MS = 500
# A quiet line's peak, with where its gain reaches, is at least 6 dB under the block's (else
# there is no room to raise it).
MAX_LINE_PEAK = 0.5
# A quiet line starts this much before where VAD's second look finds it, and ends this much
# after, within its pause.
LINE_LEAD_MS = 200
LINE_TAIL_MS = 100


@dataclass(frozen=True)
class QuietLook:
    """What :func:`with_quiet_speech` found in a VAD block (ms on the block's timeline)."""

    regions: list[Region]  # the first look's, with the quiet lines it missed, in time order
    lines: list[Region]  # the quiet lines, in time order
    # The start of the last loud region when quiet sound after it reaches the block's end (not
    # the file's): whether it is a line or background is known only with what follows, so the
    # next block should start there (BlockVad); None otherwise.
    judge_from: int | None = None


def with_quiet_speech(
    vad: Vad,
    audio: npt.NDArray[np.float32],
    regions: list[Region],
    threshold: float,
    opens_file: bool = False,
    ends_file: bool = False,
) -> QuietLook:
    """The quiet lines beside loud speech in ``audio`` (a VAD block, float32 mono 16 kHz), and
    ``regions`` (``vad``'s first look at it, ms on its timeline, in time order) with those the
    first look missed added.

    Each pause between the loud regions (within QUIET_UNDER_DB of the block's loud speech,
    engine.levels.loud_speech_db), or before the first or after the last, less GAP_MARGIN_MS
    beside a loud region, of at least MIN_GAP_MS, with MIN_QUIET_REGION_MS or more of sound
    above SILENCE_DBFS and more than QUIET_UNDER_DB under the loud speech, is run through ``vad``
    again on its own, scaled as a quiet block is (:func:`normalise_for_vad`). What it finds there
    (MIN_QUIET_REGION_MS or longer: not clicks) are quiet lines, unless it reaches both ends of a
    pause of BACKGROUND_MS or more (1.4 s between two loud regions) and never stops there for
    more than BACKGROUND_GAP_MS: quiet sound all through a pause is background (voices under the
    scene, music), neither added nor a quiet line. The block's start and end count as a pause's
    ends except where they are the file's (``opens_file``, ``ends_file``), as a line may open or
    end a file. Quiet sound after the last loud region that reaches the block's end names that
    region in ``judge_from``. The regions returned are the first look's joined with the lines,
    in time order.

    Why: VAD sees a block scaled by its loud peak, so a line 40 dB under its neighbours reaches it
    40 dB too quiet: silero missed every one of six such lines (engine.levels)."""
    loud = loud_speech_db(audio, regions)
    if loud is None:
        return QuietLook(regions, [])
    block_peak = peak(audio)
    loud_regions = [r for r in regions if loud - active_level_db(_ms_slice(audio, *r)) <= QUIET_UNDER_DB]
    total_ms = duration_ms(audio)
    edges = [0, *(t for region in loud_regions for t in region), total_ms]
    lines: list[Region] = []
    judge_from = None
    for i in range(0, len(edges), 2):
        first, last = i == 0, i + 2 == len(edges)
        start = edges[i] + (0 if first else GAP_MARGIN_MS)
        end = edges[i + 1] - (0 if last else GAP_MARGIN_MS)
        if end - start < MIN_GAP_MS:
            continue
        pause = _ms_slice(audio, start, end)
        # At least 200 ms of it between silence and QUIET_UNDER_DB under the loud speech: a short
        # line in a long silent pause counts, and a loud word's tail beside it does not hide it.
        frames = frame_levels_db(pause)
        quiet_frames = int(((frames > SILENCE_DBFS) & (frames < loud - QUIET_UNDER_DB)).sum())
        if quiet_frames * FRAME_MS < MIN_QUIET_REGION_MS:
            continue
        heard = [
            (s, e)
            for s, e in vad.regions(normalise_for_vad(pause), threshold)
            if e - s >= MIN_QUIET_REGION_MS
        ]
        if not heard:
            continue
        # The file's own start and end are not a pause's ends: a line may open or end a file.
        to_start = heard[0][0] <= TOUCH_MS and not (first and opens_file)
        to_end = heard[-1][1] >= end - start - TOUCH_MS and not (last and ends_file)
        if last and to_end and not first:
            # Line or background, the pause is known whole only with what follows the block.
            judge_from = edges[i - 1]  # the last loud region's start
        silent = max((b[0] - a[1] for a, b in zip(heard, heard[1:])), default=0)
        if to_start and to_end and end - start >= BACKGROUND_MS and silent <= BACKGROUND_GAP_MS:
            log.debug("quiet sound all through the pause at %d-%d ms: background, not a line", start, end)
            continue
        # VAD finds a quiet line's onset late (a user test: 170 ms after its first sound, which the
        # snapping of words to speech then cut from the cue) and its soft tail early.
        found = [(max(start, start + s - LINE_LEAD_MS), min(end, start + e + LINE_TAIL_MS)) for s, e in heard]
        # A line with a click as loud as the block's peak in it or where its gain reaches
        # (engine.levels.PAD_MS) has no room to be raised, and a line not raised must not be
        # speech either: words Whisper stretched over it would be kept there (a user test:
        # "Now," shown 2.2 s before it was said).
        lines += [
            (s, e)
            for s, e in found
            if peak(_ms_slice(audio, max(start, s - PAD_MS), min(end, e + PAD_MS)))
            <= block_peak * MAX_LINE_PEAK
        ]
    lines = _union(lines)
    return QuietLook(_union([*regions, *lines]) if lines else regions, lines, judge_from)


def _union(spans: list[Region]) -> list[Region]:
    """``spans`` joined where they overlap, in time order."""
    joined: list[Region] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _ms_slice(audio: npt.NDArray[np.float32], start_ms: int, end_ms: int) -> npt.NDArray[np.float32]:
    return audio[ms_to_samples(start_ms) : ms_to_samples(end_ms)]


# A "yes" of 0.3 s is a subtitle: keep short speech; the planner pads regions itself.
MIN_SPEECH_MS = 100
MIN_SILENCE_MS = 150
SPEECH_PAD_MS = 30


class BatchedSileroVad:
    """Silero VAD v6 as faster-whisper ships it: ONNX weights run in batches, no torch.

    Faster (305 s of speech: 0.54 s against 1.32 s), but these are other weights than the
    silero-vad package's: on the first 60 s of bench/out/lj_300s.wav its speech probabilities
    differ from the package's by 0.054 on average (0.82 at most), 71 of 1,875 windows fall on
    the other side of 0.5, and the chunks cut from its regions had twice the word errors
    (tiny.en WER 0.018 vs 0.007, deterministic). Thresholds, durations and padding cannot
    make up for other probabilities: it is an option, and the fallback when the package's
    weights are missing.
    """

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        get_vad_model()  # load the weights now, not on the first file

    def regions(self, audio: npt.NDArray[np.float32], threshold: float) -> list[Region]:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        if audio.size < SAMPLE_RATE // 10:
            return []
        options = VadOptions(
            threshold=threshold,
            min_speech_duration_ms=MIN_SPEECH_MS,
            min_silence_duration_ms=MIN_SILENCE_MS,
            speech_pad_ms=SPEECH_PAD_MS,
        )
        return _to_ms(get_speech_timestamps(audio, options))


WINDOW = 512  # samples a probability covers at 16 kHz (silero's fixed window)
CONTEXT = 64  # samples of the previous window the model sees before each window


def silero_onnx_path() -> Path | None:
    """The silero-vad package's ``data/silero_vad.onnx`` (found without importing the package,
    which imports torch); in a frozen build the copy PyInstaller put beside the app; else None."""
    import importlib.util
    import sys

    folders: list[str] = []
    try:
        spec = importlib.util.find_spec("silero_vad")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        folders += list(spec.submodule_search_locations)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(str(Path(bundle) / "silero_vad"))
    for folder in folders:
        path = Path(folder) / "data" / "silero_vad.onnx"
        if path.is_file():
            return path
    return None


class OnnxSileroVad:
    """The silero-vad package's own ONNX weights, run window by window on onnxruntime: the default.

    The same probabilities as ``SileroVad`` (bit for bit: the package's OnnxWrapper does these
    session calls, with torch only as glue) and so the same regions, without importing torch
    (2-5 s and ~2 CPU-s at start-up, ~150 MB). The rule from probabilities to regions is the
    package's ``get_speech_timestamps_from_probs`` (silero-vad 6.2), ported in ``speech_stamps``.
    """

    def __init__(self, path: Path) -> None:
        import numpy as np
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1  # as the package sets them: the workers have the cores
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            str(path), providers=["CPUExecutionProvider"], sess_options=options
        )
        self._rate = np.array(SAMPLE_RATE, dtype=np.int64)

    def probabilities(self, audio: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Speech probability of each 512-sample window of ``audio`` (the last one zero-padded),
        from a fresh state, as the package's ``get_speech_timestamps`` computes them."""
        import numpy as np

        count = -(-audio.size // WINDOW)
        padded = np.zeros(count * WINDOW, dtype=np.float32)
        padded[: audio.size] = audio
        windows = padded.reshape(count, WINDOW)
        frame = np.zeros((1, CONTEXT + WINDOW), dtype=np.float32)  # the context, then the window
        states = (np.zeros((2, 1, 128), dtype=np.float32), np.zeros((2, 1, 128), dtype=np.float32))
        prob = np.zeros((1, 1), dtype=np.float32)
        out = np.empty(count, dtype=np.float32)
        # The session reads and writes these arrays in place (bound once, the state going back
        # and forth between two): one call per 32 ms window, 18 % less CPU than session.run's
        # dictionaries and new arrays (60 s of lj_180s, median of 6 interleaved: 0.52 -> 0.43 CPU-s;
        # the same probabilities, to the bit).
        bindings = [self._bind(frame, states[k], states[1 - k], prob) for k in (0, 1)]
        run = self._session.run_with_iobinding
        for i in range(count):
            frame[0, CONTEXT:] = windows[i]
            run(bindings[i % 2])
            out[i] = prob[0, 0]
            frame[0, :CONTEXT] = windows[i, -CONTEXT:]
        return out

    def _bind(self, frame: Any, state: Any, next_state: Any, prob: Any) -> Any:
        """An IOBinding of the session to these arrays' memory (OrtValues over numpy arrays on
        the CPU share it), ``state`` in and ``next_state`` out."""
        from onnxruntime import OrtValue

        binding = self._session.io_binding()
        binding.bind_ortvalue_input("input", OrtValue.ortvalue_from_numpy(frame))
        binding.bind_ortvalue_input("state", OrtValue.ortvalue_from_numpy(state))
        binding.bind_ortvalue_input("sr", OrtValue.ortvalue_from_numpy(self._rate))
        binding.bind_ortvalue_output("output", OrtValue.ortvalue_from_numpy(prob))
        binding.bind_ortvalue_output("stateN", OrtValue.ortvalue_from_numpy(next_state))
        return binding

    def regions(self, audio: npt.NDArray[np.float32], threshold: float) -> list[Region]:
        if audio.size < SAMPLE_RATE // 10:
            return []
        probabilities = self.probabilities(audio.astype("float32", copy=False))
        return _to_ms(speech_stamps(probabilities.tolist(), audio.size, threshold))


def speech_stamps(probabilities: list[float], audio_samples: int, threshold: float) -> list[dict[str, int]]:
    """Speech regions (start/end in samples at 16 kHz) from per-window probabilities.

    silero-vad 6.2's ``get_speech_timestamps_from_probs`` with our durations (MIN_SPEECH_MS,
    MIN_SILENCE_MS, SPEECH_PAD_MS) and no maximum speech length, which leaves out its branch
    for cutting long speech: speech starts at a window at or over ``threshold``, ends after
    MIN_SILENCE_MS under ``threshold - 0.15``; regions of MIN_SPEECH_MS or less are dropped;
    each side is padded by SPEECH_PAD_MS, or by half the gap when two regions are closer.
    """
    min_speech = SAMPLE_RATE * MIN_SPEECH_MS / 1000
    min_silence = SAMPLE_RATE * MIN_SILENCE_MS / 1000
    pad = SAMPLE_RATE * SPEECH_PAD_MS / 1000
    neg_threshold = max(threshold - 0.15, 0.01)
    speeches: list[dict[str, int]] = []
    start: int | None = None
    temp_end = 0
    for i, probability in enumerate(probabilities):
        sample = WINDOW * i
        if probability >= threshold and temp_end:
            temp_end = 0
        if probability >= threshold and start is None:
            start = sample
            continue
        if probability < neg_threshold and start is not None:
            if not temp_end:
                temp_end = sample
            if sample - temp_end < min_silence:
                continue
            if temp_end - start > min_speech:
                speeches.append({"start": start, "end": temp_end})
            start, temp_end = None, 0
    if start is not None and audio_samples - start > min_speech:
        speeches.append({"start": start, "end": audio_samples})
    for i, speech in enumerate(speeches):
        if i == 0:
            speech["start"] = int(max(0, speech["start"] - pad))
        if i != len(speeches) - 1:
            gap = speeches[i + 1]["start"] - speech["end"]
            if gap < 2 * pad:
                speech["end"] += int(gap // 2)
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - gap // 2))
            else:
                speech["end"] = int(min(audio_samples, speech["end"] + pad))
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - pad))
        else:
            speech["end"] = int(min(audio_samples, speech["end"] + pad))
    return speeches


class SileroVad:
    """The silero-vad package itself (imports torch): ``engine.vad:load_torch_vad``."""

    def __init__(self) -> None:
        from silero_vad import load_silero_vad

        self._model = load_silero_vad(onnx=True)

    def regions(self, audio: npt.NDArray[np.float32], threshold: float) -> list[Region]:
        import torch
        from silero_vad import get_speech_timestamps

        if audio.size < SAMPLE_RATE // 10:
            return []
        stamps = get_speech_timestamps(
            torch.from_numpy(audio),
            self._model,
            threshold=threshold,
            sampling_rate=SAMPLE_RATE,
            min_speech_duration_ms=MIN_SPEECH_MS,
            min_silence_duration_ms=MIN_SILENCE_MS,
            speech_pad_ms=SPEECH_PAD_MS,
        )
        return _to_ms(stamps)


def _to_ms(stamps: list[dict[str, int]]) -> list[Region]:
    return [(int(s["start"]) * 1000 // SAMPLE_RATE, int(s["end"]) * 1000 // SAMPLE_RATE) for s in stamps]


def load_vad() -> Vad:
    """The silero-vad package's weights on onnxruntime (no torch); without them (a build that
    left the package's data out) faster-whisper's batched ONNX copy."""
    path = silero_onnx_path()
    if path is None:
        log.info("silero-vad's silero_vad.onnx not found; using faster-whisper's ONNX silero")
        return BatchedSileroVad()
    return OnnxSileroVad(path)


def load_torch_vad() -> Vad:
    """``EngineConfig(vad_factory="engine.vad:load_torch_vad")``: the silero-vad package itself."""
    return SileroVad()


def load_batched_vad() -> Vad:
    """``EngineConfig(vad_factory="engine.vad:load_batched_vad")`` selects the faster one."""
    return BatchedSileroVad()


class BlockVad:
    """Feeds growing audio to a Vad in blocks and yields only regions that are final."""

    def __init__(
        self,
        vad: Vad,
        threshold: float,
        first_block_ms: int = 20_000,
        block_ms: int = 60_000,
        quiet_speech: bool = True,
    ) -> None:
        self._vad = vad
        self._threshold = threshold
        self._next_block_ms = first_block_ms
        self._block_ms = block_ms
        self.position_ms = 0  # everything before this is final
        self.quiet_speech = quiet_speech  # look again for quiet speech beside loud (with_quiet_speech)
        # The quiet lines found so far (with_quiet_speech), final as the regions yielded are: ms on
        # the file's timeline, in time order.
        self.quiet_lines: list[Region] = []

    def feed(self, audio_ms: int, slice_ms: SliceFn, final: bool = False) -> Iterator[Region]:
        """Run VAD over whatever full blocks ``audio_ms`` of available audio allows."""
        while True:
            end = self.position_ms + self._next_block_ms
            if end >= audio_ms:
                if not final:
                    return
                end = audio_ms
            if end <= self.position_ms:
                return
            block = slice_ms(self.position_ms, end)
            regions = self._vad.regions(normalise_for_vad(block), self._threshold)
            is_last = final and end >= audio_ms
            look = QuietLook(regions, [])
            if self.quiet_speech:
                look = with_quiet_speech(
                    self._vad,
                    block,
                    regions,
                    self._threshold,
                    opens_file=self.position_ms == 0,
                    ends_file=is_last,
                )
            found = [(self.position_ms + s, self.position_ms + e) for s, e in look.regions]
            held_from = end
            # Hold back a region that reaches the block's end unless it fills the whole block, or
            # from the last loud region on when quiet sound after it reaches the block's end
            # (look.judge_from): the next block judges them whole.
            starts = [self.position_ms + look.judge_from] if look.judge_from is not None else []
            if found and found[-1][1] >= end - 2 * MIN_SILENCE_MS:
                starts.append(found[-1][0])
            restart = next((t for t in starts if t > self.position_ms + 1000), None)
            if not is_last and restart is not None:
                kept = [r for r in found if r[0] < restart]
                # Restart a little before the held region: silero needs some lead-in.
                held_from = max(kept[-1][1] if kept else self.position_ms, restart - 300)
                found = kept
            # What lies past the restart is found again with the next block (a kept line ends
            # before it: the restart is at a loud region or a held one, which no line overlaps).
            self.quiet_lines += [
                (self.position_ms + s, self.position_ms + e)
                for s, e in look.lines
                if self.position_ms + e <= held_from
            ]
            yield from found
            self.position_ms = held_from
            self._next_block_ms = self._block_ms
            if is_last:
                return


class SliceFn(Protocol):
    def __call__(self, start_ms: int, end_ms: int) -> npt.NDArray[np.float32]: ...
