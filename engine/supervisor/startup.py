"""Worker start-up: the model resolved (downloaded) on a thread, workers started as the work
needs them, and a worker's exit judged and answered with a restart or a replacement.

- Work submitted at once (the command line) starts one worker, and the others only when its
  files turn out to need them; an engine started ahead of any work (the window) starts them all.
- A worker that exits mid-chunk gives its chunks back (engine.supervisor.faults) and restarts
  with backoff (0.2 s to 10 s, engine.workers); how its end is judged: ``WorkerHandle.exit_cause``.
- A worker killed from outside (or hung) while loading its model is restarted with backoff.
  Only WorkerLoadFailed or an exit with a code or a crash signal during load mean the model
  cannot be loaded, and, while no worker has loaded the model under the current configuration,
  ``LOAD_KILLS`` (5) kills in a row. Once one worker has loaded it, kills during load prove
  nothing about the model (memory pressure, a soak test): the worker is always restarted, at
  most once per 10 s, so the loop never spins and each restart waits on a kill.
- A GPU slot that cannot load the model is replaced by a CPU worker, up to what the CPU alone
  would get; when no worker can start, the engine fails and so does every waiting job.
- With ``EngineConfig.cluster`` the slots are the Ray cluster's (engine.cluster.plan, on the model
  thread) and each worker proxies one model actor; the model is resolved on each node, not here,
  and a slot that cannot load it just fails (no local CPU stand-in).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from engine.cluster.plan import PROXY_FACTORY, ClusterPlan, plan_cluster
from engine.devices import Discovery, WorkerSpec, cpu_workers, plan_workers
from engine.models import ModelError, resolve_model
from engine.protocol import (
    EngineConfig,
    EngineFailed,
    EngineReady,
    ModelDownload,
    WorkerState,
    WorkerStatus,
)
from engine.supervisor.faults import ChunkFaults
from engine.supervisor.state import PLAN_WAIT_S, ModelResolved
from engine.worker import import_string
from engine.workers import WorkerHandle, backoff_s, start_worker, stop_workers

log = logging.getLogger(__name__)

LOAD_KILLS = 5  # kills from outside in a row, never loaded, before the model counts as unloadable


class WorkerStartup(ChunkFaults):
    """The model, and workers started, restarted and replaced."""

    cluster_plan: tuple[int, ClusterPlan] | None = None  # (generation, the Ray cluster's slots)

    def _configure(self, config: EngineConfig) -> None:
        stopping = list(self.workers.values())
        for handle in stopping:
            for entry in handle.holds():
                self._requeue(entry, None)
        stop_workers(stopping)
        self.workers.clear()
        self.deferred.clear()
        self.restarts.clear()
        self.failures.clear()
        self.cpu_workers = 0
        self.workers_planned.clear()
        self.plan_wait_until = time.monotonic() + PLAN_WAIT_S
        self.config = config
        self.generation += 1
        self.model_path = None
        self.model_error = None
        self.loaded = False
        generation = self.generation
        threading.Thread(
            target=self._resolve_model, args=(config.model, generation), name="model", daemon=True
        ).start()

    def _resolve_model(self, model: str, generation: int) -> None:
        def progress(done: int, total: int) -> None:
            self._post(ModelDownload(model, done, total))

        try:
            if self.config.cluster is not None:  # each node resolves the model itself
                self.cluster_plan = (generation, plan_cluster(self.config))
                self._post(ModelResolved(generation, model, None, Discovery((), None)))
                return
            if self.config.model_factory != "engine.transcriber:load_model":
                path = model  # an injected factory (tests) interprets the model string itself
            else:
                path = resolve_model(model, progress=progress).path
            self._post(ModelResolved(generation, path, None, self._discover()))
        except ModelError as error:
            self._post(ModelResolved(generation, None, str(error)))
        except Exception as error:
            self._post(ModelResolved(generation, None, f"{type(error).__name__}: {error}"))

    def _discover(self) -> Discovery:
        """The GPUs, on the model thread (ctranslate2's import is not the loop's to wait for);
        none looked for when the CPU was chosen."""
        if self.config.device == "cpu":
            return Discovery((), None)
        try:
            discovery: Discovery = import_string(self.config.discovery)()
        except Exception as error:  # a broken driver must not stop a CPU transcription
            return Discovery((), f"could not query CUDA GPUs: {error}")
        return discovery

    def _on_model_resolved(self, event: ModelResolved) -> None:
        if event.generation != self.generation:
            return
        if event.path is None:
            self._engine_failed("ModelError", event.error or "model unavailable")
            return
        self.model_path = event.path
        plan = self._cluster()
        if plan is not None:
            specs, notes = list(plan.specs), list(plan.notes)
        else:
            specs, notes = plan_workers(self.config, event.discovery or Discovery((), None))
        self.cpu_workers = len(specs) if specs and all(s.device == "cpu" for s in specs) else 0
        self.workers_planned.set()
        for note in notes:
            self._emit(WorkerStatus(-1, WorkerState.FALLBACK, note))
        # Work submitted at once (the command line) starts one worker, and the others only when
        # its files turn out to need them: a second worker's start costs ~2 CPU-s, for nothing
        # on a short file. An engine started ahead of any work (the window) starts them all.
        submitting = bool(self.jobs) or self.client.poll()  # a SubmitJob may wait unread in the pipe
        first = specs[:1] if submitting else specs
        self.deferred = specs[len(first) :]
        for spec in first:
            self._start(spec)
        self._start_for_demand()
        self._workers_started.set()

    def _start_for_demand(self) -> None:
        """Start deferred worker slots while the known work has more chunks than started slots.

        A job counts its planned chunks not yet ended, or, until it is planned, at least the chunks
        its length suggests (``max_chunk_ms`` each; all slots for a length the container does not
        give); a job not yet opened counts one.
        """
        if not self.deferred or self.model_path is None:
            return
        wanted = 0
        for job in self.jobs.values():
            open_chunks = len(job.chunks) - len(job.done) - len(job.failed)
            if job.planned:
                wanted += open_chunks
            else:
                expected = self.expected.get(job.job_id, 1)
                wanted += max(open_chunks, expected - len(job.done) - len(job.failed))
        while self.deferred and len(self.workers) + len(self.restarts) < wanted:
            self._start(self.deferred.pop(0))

    def _cluster(self) -> ClusterPlan | None:
        """The Ray cluster's slots under the current configuration, or None (local workers)."""
        if (
            self.config.cluster is None
            or self.cluster_plan is None
            or self.cluster_plan[0] != self.generation
        ):
            return None
        return self.cluster_plan[1]

    def _start(self, spec: WorkerSpec) -> None:
        assert self.model_path is not None
        path, factory = self.model_path, self.config.model_factory
        plan = self._cluster()
        if plan is not None:  # the worker proxies a model actor on the slot's node
            path, factory = plan.placements[spec.worker_id], PROXY_FACTORY
        self.workers[spec.worker_id] = start_worker(self.ctx, spec, path, factory, self.log_level)

    def _engine_failed(self, error_type: str, message: str) -> None:
        """Nothing can be transcribed until the caller reconfigures: fail what is waiting."""
        self.model_error = message
        self._workers_started.set()  # none will start: the VAD need not wait
        self.workers_planned.set()  # nor the planner
        self._emit(EngineFailed(error_type, message))
        for job in list(self.jobs.values()):
            self._fail_job(job, error_type, message)

    def _maybe_engine_ready(self) -> None:
        if all(h.info is not None for h in self.workers.values()) and not self.restarts:
            infos = tuple(h.info for h in self.workers.values() if h.info is not None)
            self._emit(EngineReady(self.config.model, infos))

    def _on_worker_exit(self, handle: WorkerHandle) -> None:
        worker_id = handle.spec.worker_id
        if self.workers.get(worker_id) is not handle:
            return
        del self.workers[worker_id]
        handle.process.join(0.1)
        handle.conn.close()
        reason, own_fault = handle.exit_cause()
        if handle.task is not None:
            self._requeue(handle.task, reason, own_fault)
        for entry in handle.queued:  # not begun: the rest of its batch goes back free
            self._requeue(entry, None)
        failures = self.failures.get(worker_id, 0)
        never_loaded = not self.loaded and failures + 1 >= LOAD_KILLS
        if handle.info is None and (handle.load_error is not None or own_fault or never_loaded):
            # It never finished loading the model, and not because something killed it.
            if handle.load_error is None and not own_fault:
                last = reason.removeprefix(f"{handle.describe()} ").removeprefix("was ")
                reason = (
                    f"{handle.describe()} was killed {failures + 1} times in a row while loading the "
                    f"model (out of memory?); the last time: {last}"
                )
            self._on_load_failure(handle, handle.load_error or reason)
            return
        self.failures[worker_id] = failures + 1
        delay = backoff_s(failures)
        self.restarts.append((time.monotonic() + delay, handle.spec))
        self._emit(WorkerStatus(worker_id, WorkerState.RESTARTING, f"{reason}; restarting in {delay:.1f} s"))

    def _on_load_failure(self, handle: WorkerHandle, reason: str) -> None:
        spec = handle.spec
        if spec.device == "cuda" and self.config.cluster is None:
            # Replace failed GPU slots with CPU workers, up to what the CPU alone would get.
            slots = list(self.workers.values())
            specs = [h.spec for h in slots] + [s for _, s in self.restarts] + self.deferred
            cpu_now = sum(1 for s in specs if s.device == "cpu")
            cpu_max = len(cpu_workers(dataclasses.replace(self.config, workers=None)))
            note = f"GPU {spec.device_index} ({spec.device_name}) could not start: {reason}."
            if cpu_now < cpu_max:
                new_id = max([s.worker_id for s in specs] + [spec.worker_id]) + 1
                self._start(cpu_workers(dataclasses.replace(self.config, workers=1), first_id=new_id)[0])
                note += " Using a CPU worker instead."
            self._emit(WorkerStatus(spec.worker_id, WorkerState.FALLBACK, note))
            if not self.workers and not self.restarts and self.deferred:
                self._start(self.deferred.pop(0))  # another GPU may load it
            if not self.workers and not self.restarts:
                self._engine_failed("ModelError", f"No worker could start: {reason}")
            return
        named = reason if reason.startswith(handle.describe()) else f"{handle.describe()}: {reason}"
        self._emit(WorkerStatus(spec.worker_id, WorkerState.FAILED, named))
        if not self.workers and not self.restarts:
            what = (
                "No worker on the Ray cluster could start"
                if self.config.cluster
                else "The model could not be loaded"
            )
            self._engine_failed("ModelError", f"{what}: {reason}")
