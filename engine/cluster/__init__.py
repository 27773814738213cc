"""Workers on a Ray cluster behind the same supervisor: one queue, two kinds of worker pool.

With ``EngineConfig.cluster`` set (``--cluster ADDRESS``), the supervisor still starts one worker
process per WorkerSpec and feeds them from its one chunk queue; only the model differs. Each
worker's model is a proxy (engine.cluster.proxy) for one warm model actor (engine.cluster.actor)
pinned to one GPU, or one CPU slot, of one node::

    supervisor --pipe--> worker process (planner's chunk, second looks, onsets, cancel checks)
                           | ray.put(audio): the chunk through Ray's object store
                           v
                         ModelActor on node N, GPU g: resolve_model on that node, then
                         transcribe / transcribe_batch / detect_language; segments stream back

- Planning (engine.cluster.plan): the cluster's live nodes and their GPUs (or CPU slots) become
  WorkerSpecs labelled "node 10.0.0.5, GPU 1 (A100)"; each spec's placement (node id, GPU or
  CPU) travels to its worker as the worker's model string.
- Faults: a node or the cluster lost mid-chunk ends the proxy's process with SIGKILL, which the
  supervisor judges a kill from outside: the chunk goes back without using an attempt and the
  worker restarts with a fresh actor. An actor whose process dies on a live node counts as a
  crash (an attempt used; engine.cluster.proxy.node_lost says why). An actor that gets no slot
  in time (another Ray job holds it) fails its worker's load, naming the node. A node that cannot load
  the model fails its worker's load (WorkerLoadFailed naming the node); a cluster gone entirely
  fails every restart, so the engine fails and each job with it, cues so far kept.
- Ray is optional (``pip install -e ".[cluster]"``); nothing here imports it at module level.
"""

from __future__ import annotations

from engine.cluster.plan import INSTALL_HINT, ClusterError, ray_installed

__all__ = ["INSTALL_HINT", "ClusterError", "ray_installed"]
