"""What the command line's own process imports before it starts the engine (issue 14).

Its work there is checking options and files and writing subtitles: numpy, the decoders and
the supervisor's modules belong to the engine's processes, where spawn imports them again.
"""

from __future__ import annotations

import subprocess
import sys


def test_the_command_line_process_imports_no_numpy_and_no_supervisor() -> None:
    script = (
        "import sys\n"
        "import engine.cli.transcribe, engine.client\n"
        "print(sorted(m for m in ('numpy', 'av', 'engine.supervisor', 'engine.worker', 'engine.vad', 'onnxruntime')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
