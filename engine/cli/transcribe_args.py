"""``main.py transcribe``'s command line: the parser and the argparse types of its own options.

The options shared with other checks (formats, GPUs, workers, compute types, languages) have
their types in :mod:`engine.cli.options`; the ones here are the transcribe command's alone. A
wrong value exits 2 at once with what to give instead. Split from ``transcribe`` (issue 11).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli import options as cli_options
from engine.models import DEFAULT_MODEL
from engine.protocol import Task
from engine.subtitles.glossary import Glossary, GlossaryError, load_glossary
from engine.subtitles.presets import PRESETS
from engine.subtitles.timecode import parse_frame_rate

__all__ = [
    "CHINESE_MODES",
    "EPILOG",
    "build_parser",
    "cluster_address",
    "frame_rate",
    "glossary_file",
    "stream_number",
    "words",
]

CHINESE_MODES = ("auto", "s2twp", "s2t", "t2s", "none")
EPILOG = """\
example:
  python main.py transcribe talk.mp4 interview.wav --language en --format srt,vtt --output-dir subs

Each subtitle is named after its file (talk.mp4 -> talk.srt), next to it or in --output-dir.
When inputs share a name, the first keeps it and each later one adds its extension
(clip.mp4.srt), or else its folder's name (clip (b).srt); the names are printed before work starts.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py transcribe",
        description="Write subtitles for media files.",
        epilog=EPILOG,
        formatter_class=cli_options.HelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="audio or video files")
    parser.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        metavar="NAME",
        help="name (tiny, base, small, medium, large-v3, large-v3-turbo; .en: English only), "
        "a CTranslate2 folder or a Hugging Face id",
    )
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto: GPUs if usable"
    )
    parser.add_argument(
        "--gpus", type=cli_options.gpus, metavar="0,1", help="GPU indexes to use, e.g. 0,1 (default: all)"
    )
    parser.add_argument(
        "--workers",
        type=cli_options.workers,
        metavar="N",
        help="CPU worker processes, or workers per GPU (default: one per core up to 8; 1 per GPU)",
    )
    parser.add_argument(
        "--cluster",
        type=cluster_address,
        metavar="ADDRESS",
        help="run the workers on a Ray cluster: the head's host:port, or auto for the cluster this "
        "machine belongs to; one worker per GPU (or CPU slot) of each node (needs the cluster extra)",
    )
    parser.add_argument(
        "--compute-type",
        type=cli_options.compute_type,
        metavar="TYPE",
        help="int8, float16, int8_float16, float32 ... (default: float16 on GPU, int8 on CPU)",
    )
    parser.add_argument(
        "--language",
        default="auto",
        type=cli_options.language,
        metavar="CODE",
        help="auto (detected per file; a chunk clearly in another language is written in its own), "
        "or a Whisper code such as en, zh, ja (every line taken as that language)",
    )
    parser.add_argument(
        "--audio-stream",
        type=stream_number,
        metavar="N",
        help="audio stream to transcribe, counted from 1 among the file's audio streams "
        "as mpv's --aid counts (default: the one in --language, else the default one)",
    )
    parser.add_argument(
        "--task",
        choices=[t.value for t in Task],
        default="transcribe",
        help="translate: English subtitles from any language",
    )
    parser.add_argument(
        "--hotwords",
        type=words,
        metavar='"NAMES"',
        help='names and terms to spell as written, e.g. --hotwords "Mikael, Kubernetes" '
        "(faster-whisper's hotwords, given before every chunk)",
    )
    parser.add_argument(
        "--prompt",
        type=words,
        metavar="TEXT",
        help="text the model reads as if said just before each chunk: names, terms, "
        "the punctuation and spelling to follow",
    )
    parser.add_argument(
        "--glossary",
        type=glossary_file,
        metavar="FILE",
        help="a UTF-8 file of 'wrong → right' lines (or ->, =>; # comments) replaced in "
        "the cues: whole words, case as written; inside words for Chinese and Japanese",
    )
    parser.add_argument(
        "--as-heard",
        action="store_true",
        help="transcribe the audio at its own levels: without it a line spoken far under the "
        "lines beside it (a whisper after a shout, 20 dB or more) is looked for and raised before "
        "Whisper hears it (quiet sound all through a pause is background and left as it is)",
    )
    parser.add_argument(
        "--verbatim",
        action="store_true",
        help="keep every word: without it a cue that still reads faster than the preset allows "
        'loses its fillers ("um", a set-off "you know"), as the Netflix guides allow, and says so',
    )
    parser.add_argument(
        "--format", default="srt", type=cli_options.formats, metavar="LIST", help=cli_options.FORMATS_HELP
    )
    parser.add_argument(
        "--fps",
        type=frame_rate,
        metavar="RATE",
        help="frame rate for formats that count frames (microdvd), e.g. 23.976 (default: the video's own)",
    )
    parser.add_argument(
        "--karaoke",
        action="store_true",
        help="in ASS and SSA outputs, highlight each word as it is said (a \\k tag per "
        "word, from Whisper's word times); needs --format ass or ssa",
    )
    parser.add_argument(
        "--output-dir", type=Path, metavar="DIR", help="where to write (default: next to each file)"
    )
    parser.add_argument(
        "--preset",
        choices=["auto", *PRESETS],
        default="auto",
        metavar="NAME",
        help="subtitle rules: auto (the Netflix guide of each file's language; Chinese: "
        "netflix-zh-tw), or one of " + ", ".join(PRESETS),
    )
    parser.add_argument(
        "--chinese",
        choices=CHINESE_MODES,
        default="auto",
        help="Chinese script: s2twp (Taiwan), s2t, t2s, none; auto = s2twp with "
        "netflix-zh-tw, t2s with netflix-zh-hans",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace existing subtitle files (default: skip the file)"
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="print Whisper's segments as their chunks come back, in time order (a line waits for the "
        "chunks before it); the files hold the cues laid out by the preset",
    )
    parser.add_argument("--model-factory", default=None, help=argparse.SUPPRESS)  # tests: a fake model
    return parser


def stream_number(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a stream number from 1, e.g. --audio-stream 2")
    return int(text)


def cluster_address(text: str) -> str:
    """argparse type of --cluster: "auto" or "host:port", refused at once when Ray is not installed."""
    from engine.cluster import INSTALL_HINT, ray_installed

    if not ray_installed():
        raise argparse.ArgumentTypeError(INSTALL_HINT)
    address = text.strip()
    host, _, port = address.rpartition(":")
    if address != "auto" and not (host and port.isdecimal()):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give the Ray head's host:port, e.g. 10.0.0.5:6379, or auto"
        )
    return address


def words(text: str) -> str | None:
    """argparse type of --hotwords and --prompt: the text without outer spaces; None when empty."""
    return text.strip() or None


def glossary_file(text: str) -> Glossary:
    """argparse type of --glossary: the file read and checked before anything starts."""
    try:
        return load_glossary(text)
    except GlossaryError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def frame_rate(text: str) -> float:
    """argparse type: frames per second, 0 < rate <= 1000 ("23.976" is exactly 24000/1001)."""
    rate = parse_frame_rate(text)
    if rate is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give the video's frames per second, e.g. --fps 23.976")
    return rate
