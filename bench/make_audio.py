"""Build the benchmark audio: the 16 LJSpeech sentences joined with silences, repeated.

The sentences (``../shared/testdata/en/LJ001-0001..0016.flac``) are decoded to 16 kHz mono,
joined with deterministic silences of 0.8-1.5 s and repeated until the file is at least as long
as asked. Written under ``bench/out/``: ``lj_<seconds>s.wav`` plus ``lj_<seconds>s.json`` with
the reference text and every sentence's start/end on the file's timeline, so the benchmarks
can score WER and cue timing against exact references.

Run by hand: ``python -m bench.make_audio [--seconds 300]``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from engine.audio import decode
from engine.protocol import SAMPLE_RATE

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTDATA = REPO_ROOT.parent / "shared" / "testdata"
OUT_DIR = Path(__file__).resolve().parent / "out"
SENTENCES = [f"en/LJ001-{n:04d}.flac" for n in range(1, 17)]
SILENCE_S = (0.8, 1.5)
LEAD_S = 0.5  # silence before the first sentence
SEED = 1234


@dataclass(frozen=True)
class Sentence:
    file: str
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class BenchAudio:
    """A built benchmark file and its references."""

    wav: Path
    duration_s: float
    sentences: tuple[Sentence, ...]

    @property
    def reference_text(self) -> str:
        return " ".join(s.text for s in self.sentences)


def ensure_audio(seconds: float = 300.0, out_dir: Path = OUT_DIR) -> BenchAudio:
    """Return the benchmark file of at least ``seconds``, building it if it is not there yet."""
    stem = out_dir / f"lj_{int(seconds)}s"
    wav, meta = stem.with_suffix(".wav"), stem.with_suffix(".json")
    if wav.is_file() and meta.is_file():
        data = json.loads(meta.read_text())
        return BenchAudio(wav, data["duration_s"], tuple(Sentence(**s) for s in data["sentences"]))
    return build_audio(seconds, out_dir)


def build_audio(seconds: float = 300.0, out_dir: Path = OUT_DIR) -> BenchAudio:
    """Decode, join and write the benchmark file (deterministic for a given ``seconds``)."""
    import soundfile

    texts = _reference_texts()
    clips = [decode(TESTDATA / name) for name in SENTENCES]
    rng = random.Random(SEED)
    parts: list[np.ndarray] = [np.zeros(int(LEAD_S * SAMPLE_RATE), dtype=np.float32)]
    position = parts[0].size
    sentences: list[Sentence] = []
    i = 0
    while position < seconds * SAMPLE_RATE:
        clip = clips[i % len(clips)]
        name = SENTENCES[i % len(SENTENCES)]
        sentences.append(Sentence(name, texts[name], _ms(position), _ms(position + clip.size)))
        gap = np.zeros(int(rng.uniform(*SILENCE_S) * SAMPLE_RATE), dtype=np.float32)
        parts += [clip, gap]
        position += clip.size + gap.size
        i += 1
    audio = np.concatenate(parts)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"lj_{int(seconds)}s"
    wav = stem.with_suffix(".wav")
    soundfile.write(str(wav), audio, SAMPLE_RATE, subtype="PCM_16")
    built = BenchAudio(wav, audio.size / SAMPLE_RATE, tuple(sentences))
    meta = {
        "duration_s": built.duration_s,
        "sample_rate": SAMPLE_RATE,
        "reference_text": built.reference_text,
        "sentences": [asdict(s) for s in sentences],
    }
    stem.with_suffix(".json").write_text(json.dumps(meta, indent=1))
    return built


def _reference_texts() -> dict[str, str]:
    manifest = json.loads((TESTDATA / "manifest.json").read_text())
    return {entry["file"]: entry["text"] for entry in manifest if entry["file"] in SENTENCES}


def _ms(samples: int) -> int:
    return samples * 1000 // SAMPLE_RATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="minimum length (300 or 600)")
    args = parser.parse_args()
    built = build_audio(args.seconds)
    speech_s = sum(s.end_ms - s.start_ms for s in built.sentences) / 1000
    print(
        f"{built.wav}: {built.duration_s:.1f} s, {len(built.sentences)} sentences, "
        f"{speech_s:.1f} s of speech, {len(built.reference_text.split())} reference words"
    )


if __name__ == "__main__":
    main()
