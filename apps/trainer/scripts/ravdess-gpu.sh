#!/bin/bash
# The RAVDESS runs of BENCHMARKS.md on a GPU host (issue 7's WebGPU training throughput, issue 10's
# speaker-independent k-fold with the ablations), in one command. Prepare the folder here with
#   bash ../shared/tools/device/pack.sh && bash apps/trainer/scripts/bundle-device.sh --data ravdess-speech
# then on the host: bash apps/trainer/scripts/ravdess-gpu.sh <device folder> <output folder> [epochs] [seconds]
set -uo pipefail
dev=${1:?device folder (made by pack.sh + bundle-device.sh)}
out=${2:?output folder}
epochs=${3:-8}
budget=${4:-300}
mkdir -p "$out"
cli=(bash "$dev/run.sh" node "$dev/app/spectromix.mjs")
data="$dev/data/ravdess-speech"
export SPECTROMIX_CACHE="$out/cache"
common=(--recipe ravdess --data "$data" --backend webgpu --workers 0 --out "$out/runs")
# 1. features once (decode Opus at 48 kHz, resample to 16 kHz, AST fbank), shared by every run below
"${cli[@]}" stats "${common[@]:0:4}" --workers 0 > "$out/stats.txt" 2>&1 || { echo "stats failed"; tail -20 "$out/stats.txt"; }
# 2. issue 7: asm-rh-small, fold 0, one epoch, samples/s from the JSONL log
timeout 150 "${cli[@]}" train "${common[@]}" --model asm-rh-small --fold 0 --epochs 1 --name small-fold0 > "$out/small.txt" 2>&1
echo "small exit $?"
# 3. issue 10: ASM-RH and its ablations side by side on the same GPU, every fold, the same seed and epochs
for v in "rh:true:true" "no-hermit:false:true" "no-roll:true:false" "mixer:false:false"; do
  IFS=: read -r name hermit roll <<<"$v"
  timeout "$budget" "${cli[@]}" train "${common[@]}" --model asm-rh-tiny --fold all --epochs "$epochs" \
    --set model.hermit="$hermit" --set model.roll="$roll" --name "tiny-$name" > "$out/tiny-$name.txt" 2>&1 &
  sleep 5 # run.sh unpacks libraries and runs ldconfig: concurrent starts race on /etc/ld.so.cache
done
wait
for f in "$out"/*.txt; do echo "== $f"; tail -8 "$f"; done
