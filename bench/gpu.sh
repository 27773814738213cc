#!/usr/bin/env bash
# The GPU run (issue 14, item 4), on one GPU machine with this repository, in well under 8 minutes.
#
# 1. Can CTranslate2 use CUDA here? get_cuda_device_count(), a float16 load of the model and one
#    window encoded (the load alone does not open cuBLAS).
#    No CUDA device, or a load that fails (e.g. CTranslate2 4.x wants the CUDA 12 libraries and the
#    machine has CUDA 13 only, which fails at the encode): the exact error is printed and the script exits 0, measuring nothing.
# 2. On one file and model (bench/out/lj_600s.wav, built by bench.make_audio if missing): x realtime,
#    first cue after submit and GPU memory peak of
#      - our engine, warm (bench.peers engine --device cuda), 1 and 2 workers on the GPU, and with
#        its batch size 1 if EngineConfig has a batch field (found by name);
#      - faster-whisper's BatchedInferencePipeline, batch 8 and 16, and sequential transcribe;
#      - our CLI as a whole process (device auto), from process start to a written SRT (bench.cold).
#    GPU memory: the peak of nvidia-smi's memory.used on GPU 0, sampled every 200 ms during each run.
#
# Usage: bash bench/gpu.sh   (env: PYTHON, default .venv/bin/python else python3; MODEL, default
# tiny.en; AUDIO, default bench/out/lj_600s.wav with its .json reference beside it)
set -u
cd "$(dirname "$0")/.." || exit 1
PY=${PYTHON:-}
if [ -z "$PY" ]; then
    if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
MODEL=${MODEL:-tiny.en}
AUDIO=${AUDIO:-bench/out/lj_600s.wav}
STEP_S=${STEP_S:-150}  # the most one run may take
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== CUDA check ($PY, model $MODEL)"
if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader
    nvidia-smi | grep -m1 "CUDA Version" || true
else
    echo "nvidia-smi: not found"
fi
timeout 120 "$PY" - "$MODEL" <<'EOF'
import sys

try:
    import ctranslate2
except ImportError as error:
    print(f"ctranslate2 cannot be imported ({error}); install the project's requirements first.")
    sys.exit(2)
count = ctranslate2.get_cuda_device_count()
print(f"ctranslate2 {ctranslate2.__version__}: get_cuda_device_count() = {count}")
if count == 0:
    print("no GPU: CTranslate2 sees no CUDA device, so there is nothing to measure here.")
    sys.exit(3)
from engine.devices import preload_cuda_libraries
from engine.models import resolve_model

preload_cuda_libraries()  # as the engine's workers do: cuBLAS from pip's nvidia-cublas-cu12
path = str(resolve_model(sys.argv[1]).path)
import numpy as np

try:
    model = ctranslate2.models.Whisper(path, device="cuda", compute_type="float16")
    # The load alone succeeds without cuBLAS (seen on an H200 with CUDA 13 only, 2026-11-30):
    # ctranslate2 opens libcublas.so.12 at the first matrix product, so encode one window.
    window = np.zeros((1, model.n_mels, 3000), dtype=np.float32)
    model.encode(ctranslate2.StorageView.from_array(window), to_cpu=True)
except Exception as error:  # the exact error is the result
    print(f"{sys.argv[1]} as float16 on CUDA (load, encode one window) failed: {type(error).__name__}: {error}")
    sys.exit(3)
print(f"{sys.argv[1]} loads and encodes as float16 on CUDA: ok")
EOF
rc=$?
if [ "$rc" -eq 3 ]; then exit 0; fi
if [ "$rc" -ne 0 ]; then
    echo "the CUDA check did not finish (exit code $rc; a crash while loading CUDA libraries counts here): stopping."
    exit 0
fi

if [ ! -f "$AUDIO" ]; then
    "$PY" -c "from bench.make_audio import ensure_audio; ensure_audio(600)" || {
        echo "$AUDIO is missing and could not be built (bench.make_audio needs ../shared/testdata); copy it here."
        exit 1
    }
fi

gpu_peak() {  # run "$@" while sampling GPU 0's memory; the peak MB goes to $OUT/<name>.gpu
    local name=$1; shift
    nvidia-smi -i 0 --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$OUT/$name.samples" 2>/dev/null &
    local sampler=$!
    timeout "$STEP_S" "$@" >"$OUT/$name.log" 2>&1
    local code=$?
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
    sort -n "$OUT/$name.samples" | tail -1 >"$OUT/$name.gpu"
    if [ "$code" -ne 0 ]; then echo "  $name failed (exit code $code):"; tail -5 "$OUT/$name.log"; fi
    echo "  $name done"
}

BATCH_FIELD=$("$PY" -c "import dataclasses; from engine.protocol import EngineConfig; \
print(next((f.name for f in dataclasses.fields(EngineConfig) if 'batch' in f.name), ''))")
echo "== runs on $AUDIO (engine batch field: ${BATCH_FIELD:-none})"
peer() {  # NAME KIND [bench.peers options]: one warm contender on the GPU, timed by bench.peers
    local name=$1 kind=$2; shift 2
    gpu_peak "$name" "$PY" -m bench.peers "$kind" "$AUDIO" "$OUT/$name.json" --model "$MODEL" --device cuda "$@"
}
peer engine_w1 engine --workers 1
peer engine_w2 engine --workers 2
if [ -n "$BATCH_FIELD" ]; then peer engine_w1_b1 engine --workers 1 --config "$BATCH_FIELD=1"; fi
peer batched_bs8 batched --batch-size 8
peer batched_bs16 batched --batch-size 16
peer sequential sequential
gpu_peak cli_cold "$PY" -c "
import json, sys
from dataclasses import asdict
from pathlib import Path
from bench.cold import run_once
audio = Path(sys.argv[1])
reference = json.loads(audio.with_suffix('.json').read_text())['reference_text']
Path(sys.argv[3]).write_text(json.dumps(asdict(run_once('cli', audio, reference, sys.argv[2]))))
" "$AUDIO" "$MODEL" "$OUT/cli_cold.json"

echo "== results ($MODEL, float16, one GPU)"
"$PY" - "$OUT" "$AUDIO" <<'EOF'
import json
import sys
from pathlib import Path

from bench.peers import PeerResult
from bench.scoring import wer
from bench.table import markdown_table

out, audio = Path(sys.argv[1]), Path(sys.argv[2])
meta = json.loads(audio.with_suffix(".json").read_text())
reference, seconds = meta["reference_text"], meta["duration_s"]
names = {
    "engine_w1": "ours, warm, 1 worker",
    "engine_w2": "ours, warm, 2 workers",
    "engine_w1_b1": "ours, warm, 1 worker, batch 1",
    "batched_bs8": "BatchedInferencePipeline bs=8",
    "batched_bs16": "BatchedInferencePipeline bs=16",
    "sequential": "faster-whisper sequential",
}
rows = []
for key, name in names.items():
    path = out / f"{key}.json"
    if not path.is_file():
        continue
    r = PeerResult(**json.loads(path.read_text()))
    gpu = (out / f"{key}.gpu").read_text().strip() or "-"
    cue = "-" if r.first_cue_s is None else f"{r.first_cue_s:.2f}"
    rows.append([name, f"{r.wall_s:.2f}", f"{seconds / r.wall_s:.1f}x", cue, f"{r.load_s:.1f}", gpu, f"{wer(reference, r.text):.3f}"])
cli = out / "cli_cold.json"
if cli.is_file():
    c = json.loads(cli.read_text())
    cue = "-" if c["first_cue_s"] is None else f"{c['first_cue_s']:.2f}"
    gpu = (out / "cli_cold.gpu").read_text().strip() or "-"
    rows.append(["ours, CLI, cold (whole process)", f"{c['wall_s']:.2f}", f"{seconds / c['wall_s']:.1f}x", cue, "(in wall)", gpu, f"{c['wer']:.3f}"])
print(f"{audio.name}, {seconds:.0f} s; warm rows timed from submit (model loaded), first cue after submit\n")
print(markdown_table(["contender", "wall s", "x realtime", "first cue s", "load s", "GPU MB peak", "WER"], rows))
EOF
