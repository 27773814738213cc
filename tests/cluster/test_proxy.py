"""The proxy's judgement of a cluster actor that never starts or dies, with a fake Ray (no cluster)."""

from __future__ import annotations

import sys
import time
import types
from typing import Any

import pytest

from engine.cluster import proxy
from engine.cluster.actor import DecodeLanguages, ModelActor
from engine.cluster.plan import ClusterError, Placement
from engine.protocol import JobOptions, Segment

NODE = "b" * 56
PLACEMENT = Placement(
    "10.0.0.5:6379",
    "small",
    "x:y",
    NODE,
    "10.0.0.6",
    "cuda",
    1.0,
    0.0,
    "node 10.0.0.6, GPU 0 (A100)",
    "float16",
    4,
)


class RayError(Exception):
    pass


class RayTaskError(RayError):
    pass


class ActorDiedError(RayError):
    pass


class ActorUnavailableError(RayError):
    pass


class NodeDiedError(RayError):
    pass


class FakeRay:
    """Ray as the proxy uses it; the actor never gets its slot (``ready`` never answers)."""

    exceptions = types.SimpleNamespace(
        RayError=RayError,
        RayTaskError=RayTaskError,
        ActorDiedError=ActorDiedError,
        ActorUnavailableError=ActorUnavailableError,
        NodeDiedError=NodeDiedError,
    )

    def __init__(self, node_alive: bool = True) -> None:
        self.node_alive = node_alive
        self.killed: list[Any] = []

    def remote(self, cls: Any) -> Any:
        actor = types.SimpleNamespace(
            ready=types.SimpleNamespace(remote=lambda: "ready-ref"),
            load=types.SimpleNamespace(remote=lambda: "load-ref"),
        )
        options = types.SimpleNamespace(remote=lambda *args: actor)
        return types.SimpleNamespace(options=lambda **kwargs: options)

    def wait(self, refs: list[Any], timeout: float) -> tuple[list[Any], list[Any]]:
        time.sleep(timeout)
        return [], refs

    def nodes(self) -> list[dict[str, Any]]:
        return [{"NodeID": NODE, "Alive": self.node_alive}]

    def kill(self, actor: Any) -> None:
        self.killed.append(actor)


def test_an_actor_that_never_gets_its_slot_fails_the_load_naming_the_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ray = FakeRay()
    strategies = types.ModuleType("ray.util.scheduling_strategies")
    strategies.NodeAffinitySchedulingStrategy = lambda *a, **k: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ray.util.scheduling_strategies", strategies)
    monkeypatch.setattr(proxy, "connect", lambda address: ray)
    monkeypatch.setattr(proxy, "NODE_CHECK_S", 0.01)
    monkeypatch.setattr(proxy, "SCHEDULE_TIMEOUT_S", 0.05)
    with pytest.raises(ClusterError) as error:
        proxy.load_model(PLACEMENT.encode(), "cuda", 0, "float16", 4)
    message = str(error.value)
    assert "node 10.0.0.6, GPU 0 (A100)" in message and "stayed busy" in message, message
    assert "GPU" in message and "another Ray job" in message, message
    assert ray.killed  # the pending request is withdrawn, so the slot is not taken later for nothing


def judge(ray: FakeRay, error: BaseException) -> bool:
    return proxy.node_lost(ray, error, NODE)


def test_an_actor_dead_on_a_live_node_is_a_crash_and_a_lost_node_is_not() -> None:
    crash = ActorDiedError(
        "The actor died unexpectedly before finishing this task.\n"
        "The actor is dead because its worker process has died. Worker exit type: SYSTEM_ERROR"
    )
    assert not judge(FakeRay(node_alive=True), crash)  # the chunk uses an attempt (at most 3)
    assert judge(FakeRay(node_alive=False), crash)
    gone = ActorDiedError(
        "The actor died unexpectedly.\nThe actor died because its node has died. Node Id: b"
    )
    assert judge(FakeRay(node_alive=True), gone)
    assert judge(FakeRay(node_alive=True), NodeDiedError("node gone"))
    assert judge(FakeRay(node_alive=True), ActorUnavailableError("unreachable"))


def test_a_crash_ends_the_worker_with_a_code_and_a_loss_with_sigkill(monkeypatch: pytest.MonkeyPatch) -> None:
    ends: list[str] = []

    def record(kind: str) -> Any:
        def end(*args: Any) -> None:
            ends.append(kind)
            raise SystemExit(1)

        return end

    monkeypatch.setattr("engine.cluster.proxy.os.kill", record("sigkill"))
    monkeypatch.setattr("engine.cluster.proxy.os._exit", record("exit"))
    model = proxy.ClusterModel(FakeRay(node_alive=True), None, PLACEMENT, True, 1)
    with pytest.raises(SystemExit):
        model._call(lambda: (_ for _ in ()).throw(ActorDiedError("worker process has died")))
    with pytest.raises(SystemExit):
        model._call(lambda: (_ for _ in ()).throw(NodeDiedError("node gone")))
    assert ends == ["exit", "sigkill"]


class LanguagesModel:
    """A model whose decodes, like engine.transcriber.Decode, say their languages once read."""

    multilingual = True

    class Decoded:
        def __init__(self, segments: list[Segment]) -> None:
            self._segments = iter(segments)
            self.written_in = "de"
            self.mixed_with = ("de",)

        def __iter__(self) -> LanguagesModel.Decoded:
            return self

        def __next__(self) -> Segment:
            return next(self._segments)

    def transcribe(self, audio: Any, language: str | None, options: JobOptions) -> Decoded:
        return self.Decoded([Segment(0, 900, "Guten Tag"), Segment(1000, 1800, "Hallo")])

    def transcribe_batch(self, audios: list[Any], language: str | None, options: JobOptions) -> list[Decoded]:
        return [self.transcribe(audio, language, options) for audio in audios]


class InProcessRay(FakeRay):
    """Ray with the actor in this process: a remote call runs the real ModelActor's method."""

    def put(self, value: Any) -> Any:
        return value

    def get(self, ref: Any) -> Any:
        return ref

    def actor(self, model: Any) -> Any:
        actor = ModelActor("m", "f", "cpu", "int8", 1, None)
        actor._model = model

        def streaming(*args: Any) -> Any:
            return iter(list(actor.transcribe(*args)))  # each item is a ref (get is the identity)

        transcribe = types.SimpleNamespace(options=lambda **kwargs: types.SimpleNamespace(remote=streaming))
        batch = types.SimpleNamespace(remote=actor.transcribe_batch)
        return types.SimpleNamespace(transcribe=transcribe, transcribe_batch=batch)


def test_a_cluster_decode_gives_its_segments_then_the_languages_it_found() -> None:
    ray = InProcessRay()
    model = proxy.BatchingClusterModel(ray, ray.actor(LanguagesModel()), PLACEMENT, True, 1)
    decodes = [model.transcribe(None, "en", JobOptions(language="en"))]
    decodes += model.transcribe_batch([None, None], "en", JobOptions(language="en"))
    for decode in decodes:
        assert [s.text for s in decode] == ["Guten Tag", "Hallo"]  # the languages are not a segment
        # engine.worker redoes a mixed chunk in runs of one language from these, as locally.
        assert (decode.written_in, decode.mixed_with) == ("de", ("de",))


def test_a_model_without_languages_gives_none_and_no_others() -> None:
    assert DecodeLanguages.of(iter([Segment(0, 1, "a")])) == DecodeLanguages(None, ())


def test_a_cluster_decode_dropped_before_its_end_stops_the_actor() -> None:
    """The worker's cancel drops the decode it was reading: the actor must stop at its next
    segment rather than decode the rest of the chunk for nobody."""
    stopped: list[int] = []
    ray = InProcessRay()
    actor = ray.actor(LanguagesModel())
    actor.stop = types.SimpleNamespace(remote=stopped.append)
    model = proxy.ClusterModel(ray, actor, PLACEMENT, True, 1)
    decode = model.transcribe(None, "en", JobOptions(language="en"))
    assert next(decode).text == "Guten Tag"
    del decode
    assert stopped == [1]
    finished = model.transcribe(None, "en", JobOptions(language="en"))
    assert len(list(finished)) == 2 and stopped == [1]  # read to its end: nothing to stop
