"""The proxy's judgement of a cluster actor that never starts or dies, with a fake Ray (no cluster)."""

from __future__ import annotations

import sys
import time
import types
from typing import Any

import pytest

from engine.cluster import proxy
from engine.cluster.plan import ClusterError, Placement

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
