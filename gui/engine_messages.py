"""The engine's fixed English sentences in the interface's language (context "EngineMessages").

The engine never imports Qt and writes its messages in English (the CLI and the logs read
them). The window shows the common ones translated: a worker that hung, crashed or is being
restarted, the engine stopping, and a file that cannot be read. :func:`translate_engine_message`
recognises them by pattern and rebuilds them from a translated template; anything it does not
recognise is returned as it is. :func:`shown_with_original` keeps the English beside a
translation, so nothing the engine said is lost (the status bar's tooltip shows it whole).

The patterns follow the f-strings in engine/workers.py (``describe``, ``exit_cause``),
engine/supervisor/ (deadlines, state, startup, faults), engine/client.py (``died_message``),
engine/media_checks.py and engine/audio.py; a test checks each against the engine's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from gui.i18n import QT_TRANSLATE_NOOP

__all__ = ["shown_with_original", "translate_engine_message"]

CONTEXT = "EngineMessages"
_WORKER = r"worker (?P<id>\d+) \((?P<device>[^()]+)\)"

# (pattern over the whole message, English template of the translation, fields in template order);
# a field named "reason" is itself translated first (a restart names why the worker ended).
_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.S), template, fields)
    for pattern, template, fields in (
        (
            r"(?P<reason>.+); restarting in (?P<s>[\d.]+) s",
            QT_TRANSLATE_NOOP("EngineMessages", "{0}; restarting in {1} s"),
            ("reason", "s"),
        ),
        (
            _WORKER + r" hung while loading the model \(no sign of life for (?P<s>\d+) s\)",
            QT_TRANSLATE_NOOP(
                "EngineMessages", "worker {0} ({1}) hung while loading the model (no sign of life for {2} s)"
            ),
            ("id", "device", "s"),
        ),
        (
            _WORKER + r" hung \(no sign of life for (?P<s>\d+) s\)",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) hung (no sign of life for {2} s)"),
            ("id", "device", "s"),
        ),
        (
            _WORKER + r" hung \(did not (?:take its task|finish sending a message) for (?P<s>\d+) s\)",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) hung (no answer for {2} s)"),
            ("id", "device", "s"),
        ),
        (
            _WORKER + r" hung for over (?P<s>\d+) s on one chunk",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) hung for over {2} s on one chunk"),
            ("id", "device", "s"),
        ),
        (
            _WORKER + r" crashed \((?P<signal>[^()]+)\)",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) crashed ({2})"),
            ("id", "device", "signal"),
        ),
        (
            _WORKER + r" was killed from outside \((?P<signal>[^()]+)\)",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) was killed from outside ({2})"),
            ("id", "device", "signal"),
        ),
        (
            _WORKER + r" exited with code (?P<code>-?\d+|None)",
            QT_TRANSLATE_NOOP("EngineMessages", "worker {0} ({1}) exited with code {2}"),
            ("id", "device", "code"),
        ),
        (
            r"The transcription engine stopped unexpectedly \(exit code (?P<code>-?\d+|None)\)\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages", "The transcription engine stopped unexpectedly (exit code {0})."
            ),
            ("code",),
        ),
        (
            r"The transcription engine stopped unexpectedly \(killed by (?P<signal>\w+)\)\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages", "The transcription engine stopped unexpectedly (killed by {0})."
            ),
            ("signal",),
        ),
        (
            r"(?P<path>.+): is a folder, not a media file\. Give the files inside it instead\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages", "{0}: is a folder, not a media file. Give the files inside it instead."
            ),
            ("path",),
        ),
        (
            r"(?P<path>.+): the file is empty \(0 bytes\)\. It may still be copying or be damaged\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages", "{0}: the file is empty (0 bytes). It may still be copying or be damaged."
            ),
            ("path",),
        ),
        (
            r"(?P<path>.+): permission denied: this user may not read the file\. Make it readable "
            r"\(e\.g\. chmod a\+r\) or copy it to a place you can read\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages",
                "{0}: permission denied: this user may not read the file. Make it readable "
                "(e.g. chmod a+r) or copy it to a place you can read.",
            ),
            ("path",),
        ),
        (
            r"(?P<path>.+): cannot be read \((?P<why>.+)\)\.",
            QT_TRANSLATE_NOOP("EngineMessages", "{0}: cannot be read ({1})."),
            ("path", "why"),
        ),
        (
            r"(?P<path>.+): the video has no audio track, so there is nothing to transcribe\. "
            r"Choose a file with sound, or the video's separate audio file\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages",
                "{0}: the video has no audio track, so there is nothing to transcribe. "
                "Choose a file with sound, or the video's separate audio file.",
            ),
            ("path",),
        ),
        (
            r"(?P<path>.+): not an audio or video file \(no audio stream found\)\. "
            r"Check that it plays in a media player; convert it to WAV or MP4 if it does\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages",
                "{0}: not an audio or video file (no audio stream found). "
                "Check that it plays in a media player; convert it to WAV or MP4 if it does.",
            ),
            ("path",),
        ),
        (
            r"(?P<path>.+): not a readable audio or video file: not a media file FFmpeg can read "
            r"\((?P<why>.+)\)\. Check that it is the file you meant and that it plays in a media player\.",
            QT_TRANSLATE_NOOP(
                "EngineMessages",
                "{0}: not a readable audio or video file: not a media file FFmpeg can read ({1}). "
                "Check that it is the file you meant and that it plays in a media player.",
            ),
            ("path", "why"),
        ),
        (
            r"(?P<what>failed|was interrupted) (?P<n>\d+) times \(last: (?P<reason>.+)\)",
            "",  # chosen below by "what"
            ("n", "reason"),
        ),
    )
)
_REPEATED = {
    "failed": QT_TRANSLATE_NOOP("EngineMessages", "failed {0} times (last: {1})"),
    "was interrupted": QT_TRANSLATE_NOOP("EngineMessages", "was interrupted {0} times (last: {1})"),
}


def translate_engine_message(message: str, translate: Callable[[str, str], str] | None = None) -> str:
    """``message`` (one of the engine's English sentences) in the interface's language; a message
    no pattern knows, or one with no translation installed, comes back unchanged.

    ``translate``: (context, source) -> text, QCoreApplication.translate by default.
    """
    tr = translate or QCoreApplication.translate
    for pattern, template, fields in _PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        if not template:
            template = _REPEATED[match["what"]]
        values = [
            translate_engine_message(match[name], tr) if name == "reason" else match[name] for name in fields
        ]
        return tr(CONTEXT, template).format(*values)
    return message


def shown_with_original(message: str, *, on_new_lines: bool = False) -> str:
    """The translated message, followed by the engine's English when they differ: in
    parentheses on the same line (the status bar elides what does not fit and shows the whole
    in its tooltip), or after a blank line with ``on_new_lines`` (a tooltip)."""
    shown = translate_engine_message(message)
    if shown == message:
        return message
    return f"{shown}\n\n{message}" if on_new_lines else f"{shown} ({message})"
