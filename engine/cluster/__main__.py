"""``python -m engine.cluster ADDRESS [--device auto|cpu|cuda] [--workers N]``: the cluster's workers.

Prints one line per worker the engine would start (``worker 3: node 10.0.0.5, GPU 1 (A100)``) and
exits 0; a cluster that cannot be reached, or offers no slot, is said in words with exit 1; no Ray,
exit 2 with how to install it. For a studio checking its nodes, and the window's "Test connection"
(run as a process of its own, so the window never imports Ray).
"""

from __future__ import annotations

import argparse
import sys

from engine.cluster.plan import INSTALL_HINT, ClusterError, describe_workers, ray_installed
from engine.protocol import EngineConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.cluster", description="List a Ray cluster's workers."
    )
    parser.add_argument("address", help="the Ray head's host:port, or auto")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument(
        "--workers", type=int, default=None, metavar="N", help="CPU slots per node, or workers per GPU"
    )
    args = parser.parse_args(argv)
    if not ray_installed():
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    try:
        lines = describe_workers(EngineConfig(device=args.device, workers=args.workers, cluster=args.address))
    except ClusterError as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
