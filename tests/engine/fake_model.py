"""A scripted stand-in for faster-whisper, loaded inside real worker processes by import string.

The model string is the script: ``fake?delay=0.2&crash_once=/tmp/marker``. Segments are made from
the chunk's loud stretches, so their times test the engine's mapping back to the file.
Behaviours:
  delay=S          sleep S seconds per chunk (split across its segments, so cancel can land)
  crash_once=PATH  exit the process mid-chunk the first time (PATH marks that it happened)
  crash_after=DIR  every chunk after the first N (crash_from=N, default 2; counted in DIR) exits
  hang_once=PATH   sleep forever in the first chunk, ignoring cancel
  raise=1          every chunk raises RuntimeError
  garbage_once=PATH  the first chunk returns something that is not a Segment
  edge_word=W      every chunk also says W in its first and last 150 ms (a word cut at a seam)
  flat=1           without an initial prompt, text comes lower-case with no punctuation
  invent=1         every segment is marked as not speech (no-speech 0.9, log-prob -1.3)
  unsure=1         every segment comes from a hard window (no-speech 0.45, log-prob -1.85)
  load_fail=1      the model fails to load
  loads=DIR        each load writes a file into DIR (to count model loads)
  tqdm=1           loading makes a disabled tqdm bar, as faster-whisper's warm-up transcription does
  language=XX      what detect_language answers
  fail_on_cuda=1   loading on a GPU fails as with missing CUDA libraries
  load_sleep=S     loading takes S seconds (after the loads= file is written); with
                   load_sleep_times=N only the first N loads counted in loads= do, and with
                   load_sleep_from=M not the first M of them
  helper=DIR       loading starts a helper process (as some libraries do) that sleeps for
                   minutes; DIR/helper-<pid> names it
  detect_raise=DIR   detect_language raises its first detect_raise_times (default 1) times,
                   counted in DIR
  stop_mid_reply=PATH  the first chunk writes the start of a message on the worker's pipe, then
                   the worker stops itself (SIGSTOP), as a stop in the middle of a reply would
  busy=DIR         while transcribing, the file DIR/<pid> exists (tests pick a busy worker)
  batch=DIR        the model decodes batches (transcribe_batch); each batch writes a file
                   DIR/<n>-<size> (n counts batches, from 0)
  poison=DIR       one chunk, the poison_n-th distinct audio transcribed (0-based, default 2,
                   counted in DIR), fails every time it is given, or only its first poison_times;
                   poison_count=K poisons K chunks: the poison_n-th to the (poison_n+K-1)-th;
                   poison_mode says how: exit (os._exit(3), default), raise (RuntimeError),
                   sigkill (SIGKILL to itself, as the OOM killer does) or segv (SIGSEGV to itself)
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import numpy as np

from engine.protocol import JobOptions, Segment, Word


def _first_time(marker: str) -> bool:
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def loud_spans(audio: np.ndarray, frame: int = 1600, threshold: float = 0.01) -> list[tuple[int, int]]:
    """Runs of 100 ms frames whose RMS exceeds ``threshold``, in ms."""
    n = audio.size // frame
    if n == 0:
        return []
    rms = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1))
    spans: list[tuple[int, int]] = []
    start = None
    for i, loud in enumerate(rms > threshold):
        if loud and start is None:
            start = i
        elif not loud and start is not None:
            spans.append((start * 100, i * 100))
            start = None
    if start is not None:
        spans.append((start * 100, n * 100))
    return spans


class FakeTranscriber:
    def __init__(self, script: dict[str, str]) -> None:
        self.script = script
        self.multilingual = True

    def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Any]:
        busy = Path(self.script["busy"], str(os.getpid())) if "busy" in self.script else None
        if busy is not None:
            busy.touch()
        try:
            yield from self._transcribe(audio, language, options)
        finally:
            if busy is not None:
                busy.unlink(missing_ok=True)

    def _poisoned(self, audio: np.ndarray) -> bool:
        """Whether this audio is the poisoned chunk's (and still within poison_times)."""
        s = self.script
        root = Path(s["poison"])
        digest = hashlib.sha1(audio.tobytes()).hexdigest()[:16]
        known = root / f"h-{digest}"
        if not known.exists():
            number = 0  # claim the next number atomically: two workers may race here
            while not _first_time(str(root / f"n-{number}")):
                number += 1
            known.write_text(str(number))
        first = int(s.get("poison_n", 2))
        if not first <= int(known.read_text() or -1) < first + int(s.get("poison_count", 1)):
            return False
        hit = 0
        while not _first_time(str(root / f"hit-{digest}-{hit}")):
            hit += 1
        return hit < int(s.get("poison_times", 1_000_000))

    def _transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Any]:
        s = self.script
        if "poison" in s and self._poisoned(audio):
            mode = s.get("poison_mode", "exit")
            time.sleep(0.1)
            if mode == "raise":
                raise RuntimeError("fake model failure on this chunk")
            if mode in ("sigkill", "segv"):
                os.kill(os.getpid(), signal.SIGKILL if mode == "sigkill" else signal.SIGSEGV)
                time.sleep(10)
            os._exit(3)
        if "crash_once" in s and _first_time(s["crash_once"]):
            time.sleep(0.1)
            os._exit(3)
        if "crash_after" in s:
            number = 0  # claim the next number atomically: two workers may race here
            while not _first_time(str(Path(s["crash_after"], str(number)))):
                number += 1
            if number >= int(s.get("crash_from", 2)):
                os._exit(3)
        if "stop_mid_reply" in s and _first_time(s["stop_mid_reply"]):
            _stop_mid_message()
        if "hang_once" in s and _first_time(s["hang_once"]):
            time.sleep(3600)
        if s.get("raise"):
            raise RuntimeError("fake model failure")
        if "garbage_once" in s and _first_time(s["garbage_once"]):
            yield {"not": "a segment"}
            return
        total_ms = max(1, audio.size * 1000 // 16000)
        edge = s.get("edge_word")
        if edge:
            yield Segment(0, 150, f" {edge}", (Word(0, 150, f" {edge}", 0.9),), -0.2, 0.01, 1.2)
        yield from self._speech(audio, language, options)
        if edge:
            yield Segment(
                total_ms - 150,
                total_ms,
                f" {edge}",
                (Word(total_ms - 150, total_ms, f" {edge}", 0.9),),
                -0.2,
                0.01,
                1.2,
            )

    def _speech(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Any]:
        s = self.script
        spans = loud_spans(audio) or [(0, max(1, audio.size * 1000 // 16000))]
        delay = float(s.get("delay", 0)) / len(spans)
        for start, end in spans:
            time.sleep(delay)
            middle = (start + end) // 2
            words = (Word(start, middle, " speech", 0.9), Word(middle, end, " here", 0.8))
            unsure = (-1.3, 0.9) if s.get("invent") else (-1.85, 0.45) if s.get("unsure") else (-0.2, 0.01)
            text = f" speech at {start} in {language}."  # punctuated, as Whisper mostly writes
            if s.get("flat"):
                text = (
                    f" Speech at {start}, in {language}, said with no marks."
                    if options.initial_prompt
                    else f" speech at {start} in {language} said with no marks"
                )
            yield Segment(start, end, text, words, *unsure, 1.2)

    def detect_language(self, audio: np.ndarray) -> list[tuple[str, float]]:
        if "detect_raise" in self.script:
            number = 0
            while not _first_time(str(Path(self.script["detect_raise"], f"detect-{number}"))):
                number += 1
            if number < int(self.script.get("detect_raise_times", 1)):
                raise RuntimeError("fake detection failure")
        return [(self.script.get("language", "en"), 0.9), ("fr", 0.1)]


class FakeBatchTranscriber(FakeTranscriber):
    """A fake that decodes several chunks at once (engine.worker's TranscribeBatch path)."""

    def transcribe_batch(
        self, audios: list[np.ndarray], language: str | None, options: JobOptions
    ) -> list[list[Any]]:
        number = 0
        while not _first_time(str(Path(self.script["batch"], f"{number}"))):
            number += 1
        Path(self.script["batch"], f"{number}-{len(audios)}").touch()
        return [list(self.transcribe(audio, language, options)) for audio in audios]


def _stop_mid_message() -> None:
    """Write a message's length and part of its body on the worker's pipe, then stop."""
    import gc
    import struct
    from multiprocessing.connection import Connection

    conn = next(o for o in gc.get_objects() if isinstance(o, Connection) and not o.closed)
    conn._send(struct.pack("!i", 1_000_000) + b"x" * 100)  # type: ignore[attr-defined]
    os.kill(os.getpid(), signal.SIGSTOP)


def load(model: str, device: str, device_index: int, compute_type: str, cpu_threads: int) -> FakeTranscriber:
    script = dict(parse_qsl(urlsplit(model).query))
    if "loads" in script:
        Path(script["loads"], f"load-{os.getpid()}").touch()
    if "helper" in script:
        helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        Path(script["helper"], f"helper-{helper.pid}").touch()
    loads = len(list(Path(script["loads"]).iterdir())) if "loads" in script else 0
    if int(script.get("load_sleep_from", 0)) < loads <= int(script.get("load_sleep_times", 1_000_000)):
        time.sleep(float(script.get("load_sleep", 0)))
    if script.get("tqdm"):
        from tqdm import tqdm

        tqdm(total=1, disable=True).close()
    if script.get("load_fail"):
        raise OSError("fake model files are damaged")
    if script.get("fail_on_cuda") and device == "cuda":
        raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")
    return FakeBatchTranscriber(script) if "batch" in script else FakeTranscriber(script)


def two_gpus() -> Any:
    """A discovery that reports two GPUs (EngineConfig.discovery in tests)."""
    from engine.devices import Discovery, GpuInfo

    return Discovery(
        (GpuInfo(0, "Fake RTX A", 24_000, ("float16",)), GpuInfo(1, "Fake RTX B", 12_000, ("float16",))), None
    )


def no_gpus_slowly() -> Any:
    """A discovery that finds no GPU after 3.5 s, longer than the VAD waits for the workers
    (engine.prep.LOAD_AFTER_MAX_S): a slow driver query or cluster plan."""
    import time

    from engine.devices import Discovery

    time.sleep(3.5)
    return Discovery((), None)
