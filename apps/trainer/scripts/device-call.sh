#!/bin/bash
# One device call (the `device` tool's `run`, with carry [".device"]): several runs files side by side on one GPU
# through runs-gpu.sh, in a work folder that persists while the machine stays warm (the next call resumes it), with
# the PyTorch reference trained on the same inputs when asked, and everything the call made packed into the few
# files a call may bring back ($OUT: summary.txt and results.tar.gz: result.json, config and log of every run,
# kfold tables, the PyTorch histories, GPU load once a minute).
#
#   [PARITY=1] bash apps/trainer/scripts/device-call.sh <seconds> <runs file | grep:<regex>:<runs file>>...
#
# seconds: runs-gpu.sh's budget (the call's limit is 600 s; leave about 40 s for start-up and packing).
# `grep:<regex>:<file>` takes only the lines of a runs file that match (e.g. 'grep:^(rav-f|kfold ravdess-tiny ):...').
# PARITY=1: once the features are ready, `spectromix dump-inputs` and packages/asm-rh/scripts/asm_rh_train_torch.py
# train the PyTorch reference on the five RAVDESS folds of issue19-runs.txt's rav-f* runs (same initial weights and
# inputs), beside them on the same GPU (issue 19 item 3).
# Prepare here: bash ../shared/tools/device/pack.sh && bash apps/trainer/scripts/bundle-device.sh --slim --xz
#   --data fsdd --data ravdess-speech (and keep the tree under the 64 MiB a call carries).
set -u
dev=${DEV:-.device} # the folder pack.sh and bundle-device.sh made (DEV=<folder> for a dry run, with BACKEND=cpu)
work=${WORK:-runs/device}
budget=${1:?seconds}
shift
mkdir -p "$work" /tmp/device-results
: > "$work/list.txt"
for f in "$@"; do
  case "$f" in
    grep:*) IFS=: read -r _ pattern file <<<"$f"; grep -E "$pattern" "$file" >> "$work/list.txt" ;;
    *) cat "$f" >> "$work/list.txt" ;;
  esac
done
echo "runs in this call: $(grep -cv '^\s*\(#\|kfold\|$\)' "$work/list.txt")"
nvidia-smi --query-gpu=name,memory.used,driver_version --format=csv,noheader
if [ "${PARITY:-0}" = 1 ]; then
  (
    [ -f .device/app/spectromix.mjs ] || xz -d -k .device/app/spectromix.mjs.xz
    # runs-gpu.sh has unpacked Node and Dawn (run.sh) and made the features once the first run folder exists
    until [ -d "$work/runs/rav-f0" ]; do sleep 5; done
    for fold in 0 1 2 3 4; do
      [ -f "$work/torch-f$fold.json" ] && continue
      (
        PATH="$PWD/.device/bin:$PATH" VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json \
          node .device/app/spectromix.mjs dump-inputs --recipe ravdess --data .device/data/ravdess-speech --model asm-rh-tiny \
          --epochs 30 --set optimizer.lr=0.001 --fold "$fold" --workers 0 --out "/tmp/inputs-f$fold" > "$work/dump-f$fold.txt" 2>&1 &&
          PYTHONUNBUFFERED=1 timeout $((budget - 60)) python3 packages/asm-rh/scripts/asm_rh_train_torch.py "/tmp/inputs-f$fold" \
            --out "$work/torch-f$fold.json" > "$work/torch-f$fold.txt" 2>&1
      ) &
      sleep 2
    done
    wait
  ) &
  parity=$!
fi
(while sleep 60; do { date +%T; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader; uptime; } >> "$work/gpu-load.txt"; done) &
monitor=$!
RESULTS=/tmp/device-results timeout $((budget + 20)) bash apps/trainer/scripts/runs-gpu.sh "$dev" "$work" "$work/list.txt" "$budget"
# The PyTorch runs had the same budget; what has not finished by now is cut off (its history is not written)
kill "$monitor" ${parity:+"$parity"} 2>/dev/null
cp /tmp/device-results/summary.txt "$OUT/" 2>/dev/null
(cd "$work" && tar czf "$OUT/results.tar.gz" --exclude=checkpoints --exclude=model --exclude=average --exclude=report.html --exclude=cache runs ./*.txt ./*.json 2>/dev/null)
ls -la "$OUT"
