"""A worker's model when the workers run on a Ray cluster: a proxy for one warm model actor.

``load_model`` is the worker's factory (engine.cluster.plan.PROXY_FACTORY); its model string is
the slot's Placement. It joins the cluster, starts a ModelActor pinned to the slot's node with the
slot's resources (one GPU, or CPU threads), waits until the actor has loaded the model, and
returns a ClusterModel with the interface engine.worker uses. Each chunk's audio goes through
Ray's object store (``ray.put``); segments stream back one by one, so the worker's cancel checks
between segments work as locally (a cancel also stops the actor at its next segment).

Faults (engine.cluster docstring): a Ray error other than the model's own exception means the
actor is gone. If its node or the cluster is gone (``node_lost``), the proxy ends its own process
with SIGKILL, which the supervisor judges a kill from outside: the chunk goes back without using
an attempt and the worker restarts, with a fresh actor. If the actor's process died on a live
node, it ends with exit code ``ACTOR_CRASHED_EXIT``, a crash: the chunk uses one of its attempts,
so a chunk that kills the model fails after 3, not after 10 interruptions and as many reloads.
An actor that gets no slot within ``SCHEDULE_TIMEOUT_S`` (another Ray job holds it) fails the
worker's load, naming the node and the busy resource; the heartbeats the worker sends while it
loads would otherwise keep the supervisor's load deadline from ever firing. The actor belongs to this process (Ray kills it when the
process ends), so a restarted or stopped worker leaves no actor behind.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

from engine.cluster.actor import DecodeLanguages, ModelActor
from engine.cluster.plan import ClusterError, Placement, connect
from engine.protocol import JobOptions, Segment

log = logging.getLogger(__name__)

T = TypeVar("T")
ACTOR_CRASHED_EXIT = 70  # the proxy's exit code when its actor's process died on a live node
NODE_CHECK_S = 5.0  # while the actor loads, how often its node is checked to be alive
# From the actor's request to its process running on the node. On a free slot that is the start of
# one Python worker (seconds; a cold node's first worker can take tens); a pending request past it
# means Ray gives the slot to another job (plan_cluster counts total, not free, resources). The
# model's own load (a download on the node) comes after and has no limit: the node is checked.
SCHEDULE_TIMEOUT_S = 120.0
NODE_ANSWER_S = 10.0  # how long a lost actor's node is asked whether it is alive (GCS may be gone)


def load_model(
    model_path: str, device: str, device_index: int, compute_type: str, cpu_threads: int
) -> ClusterModel:
    """The worker factory's signature (engine.worker); ``model_path`` is ``Placement.encode()``."""
    placement = Placement.decode(model_path)
    ray = connect(placement.address)
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    if not _node_alive(ray, placement.node_id):
        raise ClusterError(
            f"{placement.label}: this node has left the Ray cluster; its worker takes no work."
        )
    actor = (
        ray.remote(ModelActor)
        .options(
            num_cpus=placement.num_cpus,
            num_gpus=placement.num_gpus,
            max_concurrency=2,  # stop() reaches a running transcribe()
            max_restarts=0,  # a lost actor is replaced by the worker's restart, and its chunk requeued
            scheduling_strategy=NodeAffinitySchedulingStrategy(placement.node_id, soft=False),
        )
        .remote(
            placement.model,
            placement.factory,
            placement.device,
            placement.compute_type,
            placement.cpu_threads,
            os.environ.get("OMP_NUM_THREADS"),  # as a local worker would have it (engine.cluster.actor)
        )
    )
    started = time.monotonic()
    scheduled = actor.ready.remote()
    while not ray.wait([scheduled], timeout=NODE_CHECK_S)[0]:
        if not _node_alive(ray, placement.node_id):
            raise ClusterError(
                f"{placement.label}: the node left the Ray cluster before the model could load."
            )
        if time.monotonic() - started >= SCHEDULE_TIMEOUT_S:
            _withdraw(ray, actor)
            held = "GPU" if placement.num_gpus else f"{placement.num_cpus:g} CPU(s)"
            raise ClusterError(
                f"{placement.label}: the slot stayed busy for {SCHEDULE_TIMEOUT_S:.0f} s (another Ray job "
                f"holds its {held}), so its worker takes no work. End that job, or give this one a "
                "cluster of its own, and start again."
            )
    pending = actor.load.remote()
    while not ray.wait([pending], timeout=NODE_CHECK_S)[0]:
        if not _node_alive(ray, placement.node_id):
            raise ClusterError(f"{placement.label}: the node left the Ray cluster while loading the model.")
    try:
        ray.get(scheduled)
        error, multilingual, batches, pid = ray.get(pending)
    except ray.exceptions.RayError as failure:
        raise ClusterError(
            f"{placement.label}: the model actor could not start: {_first_line(failure)}"
        ) from None
    if error is not None:
        raise ClusterError(f"{placement.label} cannot load the model {placement.model!r}: {error}")
    log.debug("%s: model actor ready in process %d", placement.label, pid)
    kind = BatchingClusterModel if batches else ClusterModel
    return kind(ray, actor, placement, multilingual, pid)


class ClusterModel:
    """engine.worker's model interface (transcribe, detect_language, multilingual) over one actor."""

    def __init__(self, ray: Any, actor: Any, placement: Placement, multilingual: bool, pid: int) -> None:
        self._ray = ray
        self._actor = actor
        self.placement = placement
        self.multilingual = multilingual
        self.actor_pid = pid  # the actor's process on its node (tests kill it)
        self._tokens = itertools.count(1)

    def transcribe(self, audio: Any, language: str | None, options: JobOptions) -> ClusterDecode:
        """The actor's segments of ``audio`` as they come; the decode's languages once read."""
        return ClusterDecode(self._stream(audio, language, options))

    def _stream(
        self, audio: Any, language: str | None, options: JobOptions
    ) -> Iterator[Segment | DecodeLanguages]:
        token = next(self._tokens)
        finished = False
        try:
            stream = self._call(
                lambda: self._actor.transcribe.options(num_returns="streaming").remote(
                    self._ray.put(audio), language, options, token
                )
            )
            while True:
                ref = self._call(lambda: next(stream, None))
                if ref is None:
                    break
                yield self._call(functools.partial(self._ray.get, ref))
            finished = True
        finally:
            if not finished:  # cancelled (or failed): the actor stops at its next segment
                try:
                    self._actor.stop.remote(token)
                except Exception:  # noqa: BLE001 - a lost actor has nothing to stop
                    pass

    def detect_language(self, audio: Any) -> list[tuple[str, float]]:
        answer: list[tuple[str, float]] = self._call(
            lambda: self._ray.get(self._actor.detect_language.remote(self._ray.put(audio)))
        )
        return answer

    def _call(self, call: Callable[[], T]) -> T:
        """``call()``; the model's own exception raised as it is, any other Ray error ends us."""
        exceptions = self._ray.exceptions
        try:
            return call()
        except exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, Exception):
                raise cause from None
            raise RuntimeError(_first_line(error)) from None
        except exceptions.RayError as error:
            self._lost(error)

    def _lost(self, error: BaseException) -> NoReturn:
        sys.stderr.flush()
        if node_lost(self._ray, error, self.placement.node_id):
            log.warning(
                "%s: its Ray model actor was lost with its node or the cluster (%s); the chunk goes back "
                "to the queue and this worker restarts with a fresh actor",
                self.placement.label,
                _first_line(error),
            )
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)  # judged a kill from outside: engine.workers.exit_cause
            raise SystemExit(1)  # not reached
        log.warning(
            "%s: its Ray model actor's process died while its node stayed alive (%s): counted as a crash "
            "of the model on this chunk",
            self.placement.label,
            _first_line(error),
        )
        sys.stderr.flush()
        os._exit(ACTOR_CRASHED_EXIT)  # an exit code: the chunk uses an attempt (engine.workers.exit_cause)
        raise SystemExit(1)  # not reached (os._exit is replaced in tests)


class BatchingClusterModel(ClusterModel):
    """A ClusterModel whose actor's model decodes batches (engine.one_window)."""

    def transcribe_batch(
        self, audios: Sequence[Any], language: str | None, options: JobOptions
    ) -> list[ClusterDecode]:
        """Each audio's segments and languages, decoded by the actor as one batch."""
        refs = [self._ray.put(audio) for audio in audios]
        batches: list[tuple[list[Segment], DecodeLanguages]] = self._call(
            lambda: self._ray.get(self._actor.transcribe_batch.remote(language, options, *refs))
        )
        return [ClusterDecode(iter([*segments, languages])) for segments, languages in batches]


class ClusterDecode(Iterator[Segment]):
    """An actor's decode of one chunk, as engine.transcriber.Decode is locally: its Segments, then,
    once read to the end, ``written_in`` (the language it was decoded in; None: the one asked for)
    and ``mixed_with`` (the other languages its chunk seems to hold), which the actor sends after
    the segments as a DecodeLanguages. A decode dropped before its end (the worker's cancel:
    CPython frees it at once) closes the stream, whose ``finally`` stops the actor."""

    def __init__(self, items: Iterator[Segment | DecodeLanguages]) -> None:
        self._items = items
        self._languages = DecodeLanguages(None, ())

    def __next__(self) -> Segment:
        for item in self._items:
            if isinstance(item, DecodeLanguages):
                self._languages = item
                continue
            return item
        raise StopIteration

    @property
    def written_in(self) -> str | None:
        return self._languages.written_in

    @property
    def mixed_with(self) -> tuple[str, ...]:
        return self._languages.mixed_with


def node_lost(ray: Any, error: BaseException, node_id: str) -> bool:
    """Whether a Ray error (not the model's own exception) means the node or the cluster is gone.

    Ray's NodeDiedError, ActorUnavailableError, and an ActorDiedError whose text says "its node has
    died" (Ray's GCS wording) or that was preempted are losses. Any other ActorDiedError is asked of
    the node: alive means the actor's process died on a live node, and Ray does not say how (its
    text lists SIGKILL by the OOM killer, ``ray stop`` and a segfault alike), so that counts as a
    crash. Trade-off: an outside kill of the actor process, or the OOM killer, also uses an attempt,
    where locally it would not; otherwise a chunk that crashes the model would retry up to 10 times,
    each with a model reload. Other Ray errors (the object store, the GCS) are losses.
    """
    exceptions = ray.exceptions
    lost_kinds = tuple(
        kind
        for kind in (
            getattr(exceptions, "NodeDiedError", None),
            getattr(exceptions, "ActorUnavailableError", None),
        )
        if isinstance(kind, type)
    )
    if lost_kinds and isinstance(error, lost_kinds):
        return True
    died = getattr(exceptions, "ActorDiedError", None)
    if not (isinstance(died, type) and isinstance(error, died)):
        return True
    if "its node has died" in str(error) or getattr(error, "preempted", False):
        return True
    answer: list[bool] = []
    asking = threading.Thread(target=lambda: answer.append(_node_alive(ray, node_id)), daemon=True)
    asking.start()
    asking.join(NODE_ANSWER_S)
    return not (answer and answer[0])


def _withdraw(ray: Any, actor: Any) -> None:
    """Cancel a pending actor, so that Ray does not start it on the slot later for nothing."""
    try:
        ray.kill(actor)
    except Exception:  # noqa: BLE001 - the worker fails its load either way
        log.debug("could not withdraw a pending actor", exc_info=True)


def _node_alive(ray: Any, node_id: str) -> bool:
    for _ in range(3):
        try:
            return any(n.get("NodeID") == node_id and n.get("Alive") for n in ray.nodes())
        except Exception:  # noqa: BLE001 - the GCS may be briefly unreachable
            time.sleep(1.0)
    return False


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
