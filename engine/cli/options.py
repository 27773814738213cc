"""Checks on ``main.py transcribe``'s options, made before the engine starts.

A wrong option must fail at once with what to do (exit 2, argparse's usage line), not after a
model has loaded and every chunk has failed. Each function named after an option is its argparse
``type=``; the checks that need several options (``--language`` with an English-only model,
``--gpus`` against the GPUs this computer has) are in :func:`check_options`. ctranslate2 is
imported only when ``--gpus`` or ``--compute-type`` is given, to ask which GPUs and types exist.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence

from engine import languages
from engine.models import ModelError, check_model_spec, english_only, multilingual_name
from engine.subtitles.io import writable_formats

# Every format engine.subtitles.io writes, by its name; a file is named by the format's
# extension (microdvd -> .sub, mpl2 -> .mpl), from which io.save knows the format again.
OUTPUT_FORMATS = tuple(f.name for f in writable_formats())
_EXTENSIONS = {f.name: f.extension.lstrip(".") for f in writable_formats()}
FORMATS_HELP = "comma-separated, any of: " + ", ".join(
    f.name if f.extension == f".{f.name}" else f"{f.name} ({f.extension})" for f in writable_formats()
)
# The formats that hold karaoke \\k tags (engine.subtitles.subtitle_save refuses the rest).
KARAOKE_FORMATS = ("ass", "ssa")
# The compute types CTranslate2 accepts by name; which of them a device can run is asked of
# ctranslate2 in check_options.
COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


class HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Adds "(default: X)" to each option that has a default; keeps the epilog's example as written."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default in (None, False) or "(default" in text or not action.option_strings:
            return text
        return super()._get_help_string(action)


def _hint(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""


def language(value: str) -> str | None:
    """``--language``: None for auto, else a Whisper code."""
    try:
        return languages.parse_language(value)
    except languages.LanguageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def formats(value: str) -> list[str]:
    """``--format srt,vtt``: the output files' extensions (without the dot), in the order given,
    each once. A format is named by its name or its extension (``microdvd`` or ``sub``)."""
    by_extension = {ext: name for name, ext in _EXTENSIONS.items()}
    asked = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    asked = [f if f in _EXTENSIONS else by_extension.get(f, f) for f in asked]
    unknown = [f for f in asked if f not in OUTPUT_FORMATS]
    if unknown or not asked:
        hint = _hint(unknown[0], OUTPUT_FORMATS) if unknown else ""
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(value)}.{hint} Use one or more of "
            f"{','.join(OUTPUT_FORMATS)}, e.g. --format srt,vtt"
        )
    return list(dict.fromkeys(_EXTENSIONS[f] for f in asked))


def workers(value: str) -> int:
    """``--workers``: a whole number from 1 (0 or less would start no worker and wait forever)."""
    if not value.strip().isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a number of workers from 1, or leave --workers out for the default"
        )
    return int(value)


def gpus(value: str) -> tuple[int, ...]:
    """``--gpus 0,1``: GPU indexes as CUDA counts them, from 0, each once."""
    parts = [p.strip() for p in value.split(",")]
    if not parts or not all(p.isdecimal() for p in parts):
        raise argparse.ArgumentTypeError(f"{value!r}: give GPU indexes from 0, e.g. --gpus 0 or --gpus 0,1")
    return tuple(dict.fromkeys(int(p) for p in parts))


def compute_type(value: str) -> str:
    text = value.strip().lower()
    if text not in COMPUTE_TYPES:
        raise argparse.ArgumentTypeError(
            f"unknown compute type {value!r}.{_hint(text, COMPUTE_TYPES)} Use one of: {', '.join(COMPUTE_TYPES)}"
        )
    return text


def check_options(args: argparse.Namespace) -> str | None:
    """What is wrong with this combination of options, or None. Starts nothing."""
    if getattr(args, "karaoke", False) and not set(args.format) & set(KARAOKE_FORMATS):
        return (
            f"--karaoke highlights words in ASS or SSA subtitles, and --format {','.join(args.format)} "
            f"writes neither: add --format ass (e.g. --format {','.join([*args.format, 'ass'])}), "
            "or leave out --karaoke"
        )
    if args.model_factory is None:  # tests give a scripted model whose name is its script
        try:
            check_model_spec(args.model)
        except ModelError as error:
            return f"argument --model: {error}"
        if args.language not in (None, "en") and english_only(args.model):
            return (
                f"--model {args.model} knows only English, so it cannot transcribe "
                f"{languages.describe(args.language)}. Use a multilingual model such as "
                f"--model {multilingual_name(args.model)}."
            )
    if args.device == "cpu" and args.gpus is not None:
        return "--gpus chooses GPUs, but --device cpu uses none: leave out one of the two"
    if args.gpus is None and args.compute_type is None:
        return None
    return _check_devices(args.device, args.gpus, args.compute_type)


def _check_devices(device: str, wanted: tuple[int, ...] | None, compute: str | None) -> str | None:
    try:
        import ctranslate2

        count = ctranslate2.get_cuda_device_count() if device != "cpu" else 0
    except Exception:  # a broken CUDA install: the engine says what is wrong and uses the CPU
        return None
    if wanted is not None:
        missing = [g for g in wanted if g >= count]
        if missing:
            found = f"GPUs 0-{count - 1}" if count > 1 else "GPU 0" if count == 1 else "no CUDA GPU"
            return (
                f"--gpus {','.join(map(str, missing))}: this computer has {found}. "
                "Leave out --gpus to use every GPU (or the CPU when there is none)."
            )
    if compute is None or compute in ("auto", "default"):
        return None
    targets = [("cuda", g) for g in (wanted if wanted is not None else range(count))]
    if device == "cpu" or not targets:
        targets = [("cpu", 0)]
    for kind, index in targets:
        try:
            supported = set(ctranslate2.get_supported_compute_types(kind, index))
        except Exception:
            continue
        if compute not in supported:
            where = (
                f"GPU {index}"
                if kind == "cuda"
                else "the CPU"
                if device == "cpu"
                else "the CPU (no CUDA GPU found)"
            )
            return (
                f"--compute-type {compute} cannot run on {where}, which supports "
                f"{', '.join(sorted(supported))}. Leave it out for the default (float16 on GPU, int8 on CPU)."
            )
    return None
