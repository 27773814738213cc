"""The model actor: one warm model on one node's GPU or CPU slot (made a Ray actor by the proxy).

It resolves the model on its own node (engine.models.resolve_model: offline package, cache or
download) and builds it with the configured factory, as a local worker does. The constructor
does no work, so ``ready`` answers as soon as Ray has given the actor its slot (the proxy tells a
slot held by another job from a slow load); ``load`` then loads the model. A load error is
returned, not raised, so that it comes back in words (a raise gives only Ray's "actor died"). Two calls may run at once (max_concurrency 2): ``stop``
reaches a running ``transcribe``, which then ends at its next segment (a cancelled chunk).
Every model call runs on one thread of the actor's own, in order, as in a local worker: the
fallback temperatures sample from a generator CTranslate2 seeds once per thread
(engine.transcriber), so Ray's pool threads would give other text for the same chunk. Ray sets
OMP_NUM_THREADS to the actor's CPUs; a local worker inherits the caller's (mostly unset, and
CTranslate2's int8 decode then gave other words on tiny.en: "concern" for "concerned"), so the
actor takes the caller's value, or none, before the model library loads.
Audio arrives as float32 mono 16 kHz arrays from Ray's object store (read-only views). What a
decode found out about its chunk's languages (engine.transcriber.Decode: the language it was
written in, the others it seems to hold) goes back after its segments as a ``DecodeLanguages``,
so that the worker redoes a mixed chunk in runs of one language as it does locally.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from engine.protocol import JobOptions, Segment

T = TypeVar("T")

DEFAULT_FACTORY = "engine.transcriber:load_model"


@dataclass(frozen=True)
class DecodeLanguages:
    """A decode's languages, read once it has ended: ``written_in``, the language it was decoded
    in (None: the one asked for), and ``mixed_with``, the other languages its chunk seems to hold
    (engine.own_language.mixed_with; () when not asked or one)."""

    written_in: str | None
    mixed_with: tuple[str, ...]

    @classmethod
    def of(cls, decode: object) -> DecodeLanguages:
        """Those of a model's decode (a model without them: None and ())."""
        written_in = getattr(decode, "written_in", None)
        mixed_with = tuple(str(code) for code in getattr(decode, "mixed_with", ()))
        return cls(str(written_in) if written_in else None, mixed_with)


class ModelActor:
    def __init__(
        self,
        model: str,
        factory: str,
        device: str,
        compute_type: str,
        cpu_threads: int,
        omp_threads: str | None,
    ) -> None:
        if omp_threads is None:  # see the module docstring
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = omp_threads
        self._model: Any = None
        self._stopped: set[int] = set()
        self._lock = threading.Lock()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="model")  # see the module docstring
        self._load_args = (model, factory, device, compute_type, cpu_threads)

    def ready(self) -> int:
        """This process's pid, at once: the actor has its slot (the model loads in ``load``)."""
        return os.getpid()

    def load(self) -> tuple[str | None, bool, bool, int]:
        """Load the model; (load error or None, multilingual, whether it batches, this process's pid)."""
        model, factory, device, compute_type, cpu_threads = self._load_args
        error_text: str | None = None
        try:
            from engine.worker import import_string, keep_freed_memory

            keep_freed_memory()  # a long-lived decoding process, as a local worker
            path = model
            if factory == DEFAULT_FACTORY:  # an injected factory (tests) reads the model string itself
                from engine.models import resolve_model

                path = resolve_model(model).path
            if device == "cuda":  # Ray set CUDA_VISIBLE_DEVICES to this actor's GPU: index 0
                from engine.devices import preload_cuda_libraries

                preload_cuda_libraries()
            self._model = self._run(
                lambda: import_string(factory)(path, device, 0, compute_type, cpu_threads)
            )
            if hasattr(self._model, "warm_up"):
                self._run(self._model.warm_up)
        except BaseException as error:  # noqa: BLE001 - any load failure is the node's answer
            error_text = f"{type(error).__name__}: {error}"
        return (
            error_text,
            bool(getattr(self._model, "multilingual", True)),
            hasattr(self._model, "transcribe_batch"),
            os.getpid(),
        )

    def transcribe(
        self, audio: Any, language: str | None, options: JobOptions, token: int
    ) -> Iterator[Segment | DecodeLanguages]:
        """The model's segments, each as soon as it is made, then the decode's DecodeLanguages;
        ends early, without them, once ``stop(token)``."""
        segments = self._run(lambda: iter(self._model.transcribe(audio, language, options)))
        while (segment := self._run(lambda: next(segments, None))) is not None:
            with self._lock:
                if token in self._stopped:
                    self._stopped.discard(token)
                    return
            yield segment
        yield DecodeLanguages.of(segments)

    def stop(self, token: int) -> None:
        with self._lock:
            self._stopped.add(token)
            if len(self._stopped) > 64:  # tokens of calls that had already ended
                self._stopped = set(sorted(self._stopped)[-64:])

    def transcribe_batch(
        self, language: str | None, options: JobOptions, *audios: Any
    ) -> list[tuple[list[Segment], DecodeLanguages]]:
        """Each audio's segments and DecodeLanguages: the first decodes as one batch
        (engine.one_window)."""

        def decoded() -> list[tuple[list[Segment], DecodeLanguages]]:
            return [
                (list(decode), DecodeLanguages.of(decode))
                for decode in self._model.transcribe_batch(list(audios), language, options)
            ]

        return self._run(decoded)

    def detect_language(self, audio: Any) -> list[tuple[str, float]]:
        return self._run(lambda: [(str(c), float(p)) for c, p in self._model.detect_language(audio)])

    def _run(self, call: Callable[[], T]) -> T:
        return self._thread.submit(call).result()
