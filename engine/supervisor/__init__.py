"""The supervisor process: owns the workers, the jobs and the one shared chunk queue.

::

    caller --Pipe--> [main loop: multiprocessing.connection.wait() over
                        caller pipe, worker pipes, worker sentinels, wake pipe]
                        |  ^ ChunksPlanned / PrepDone / ModelResolved (via wake pipe)
                        v  |
                     [prep thread: decode -> VAD -> planner]   [model thread: resolve/download]
    worker i <--Pipe--> TranscribeChunk / DetectLanguage -> ChunkDone / LanguageVote / ...

One wait() covers results *and* process sentinels, so a dead worker is noticed at once; its
chunk goes back on the queue and the worker restarts with backoff. Every job ends with exactly
one JobFinished, JobCancelled or JobFailed.

``Supervisor`` is one class built in layers, each module adding one concern's methods to the
layer below it, so that every change of job and worker state still happens in the one event
loop; the rules each part keeps are in its docstring:

- ``state``: what the supervisor knows, its pipes, the pipe watchdog
- ``finish``: a job's end (finished, or failed as a whole) and its audio released
- ``language``: the language vote
- ``faults``: a chunk given back after a fault, a chunk that fails alone
- ``startup``: the model, workers started on demand, a worker's exit, restarts and fallbacks
- ``results``: workers' messages, a chunk's segments onto the file's timeline
- ``deadlines``: when a worker is overdue (cancel, load, hang and chunk deadlines)
- ``loop``: the event loop, the caller's messages, chunks handed to idle workers
"""

from engine.supervisor.finish import FAIL_FAST_CHUNKS
from engine.supervisor.loop import STALL_S, Supervisor, supervisor_main
from engine.supervisor.startup import LOAD_KILLS
from engine.supervisor.state import WATCHDOG_S, ModelResolved

__all__ = [
    "FAIL_FAST_CHUNKS",
    "LOAD_KILLS",
    "STALL_S",
    "WATCHDOG_S",
    "ModelResolved",
    "Supervisor",
    "supervisor_main",
]
