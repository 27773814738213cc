"""The command-line front end: ``main.py transcribe``, ``main.py convert`` and ``main.py --self-test``.

It sits apart from the service it drives (engine/supervisor/, engine/worker.py ... reached through
engine/client.py) and from the subtitle core both front ends share (engine/subtitles/):

    transcribe.py   ``transcribe FILE...``: options -> one EngineClient -> events -> subtitle files
      transcribe_args.py  the parser and the types of transcribe's own options
      options.py      argparse types: every option checked before any work (exit 2)
      events.py       each engine event -> progress, warnings, files written
      chunk_order.py  --verbose lines held until every earlier chunk is back (time order)
      outputs.py      every input's subtitle names, decided for the whole run
      progress.py     the progress line on the terminal
      signals.py      Ctrl+C / SIGTERM -> stop, partial files kept (exit 130 / 143)
      writing.py      cues -> files, a fallback folder when one cannot be written
    convert.py      ``convert IN... OUT``: subtitle files between formats and encodings, no engine
    self_test.py    ``--self-test``: the bundled clip through one worker (a frozen build's check)

Importing this package imports none of them: each ``run_*`` below imports its module when called,
so ``main.py convert`` never loads the engine and checking one option stays light. (They are not
named after their modules: importing ``engine.cli.transcribe`` sets the package's ``transcribe``.)
"""

from __future__ import annotations

__all__ = ["run_convert", "run_self_test", "run_transcribe"]


def run_transcribe(argv: list[str]) -> int:
    """Run ``main.py transcribe`` with ``argv`` (the words after ``transcribe``); returns the exit status."""
    from engine.cli.transcribe import main

    return main(argv)


def run_convert(argv: list[str]) -> int:
    """Run ``main.py convert`` with ``argv`` (the words after ``convert``); returns the exit status."""
    from engine.cli.convert import main

    return main(argv)


def run_self_test(model: str | None = None) -> int:
    """Run ``main.py --self-test [MODEL]``: 0 when the bundled clip's text has the expected words."""
    from engine.cli.self_test import run

    return run(model)
