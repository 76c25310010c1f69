#!/bin/bash
# Issue 10's RAVDESS runs on a GPU host in one command: the speaker-independent 5-fold protocol of
# recipes/ravdess.json for ASM-RH and its ablations (no Hermit, no Roll, neither = plain Mixer), every
# (variant, fold) pair as its own process side by side on the one GPU, then `spectromix kfold` per variant.
# Prepare the folder here with
#   bash ../shared/tools/device/pack.sh && bash apps/trainer/scripts/bundle-device.sh --data ravdess-speech
# then on the host:
#   bash apps/trainer/scripts/ravdess-gpu.sh <device folder> <output folder> [epochs] [seconds] [preset] [variants] [train arguments...]
# epochs (default 25, the recipe's), seconds (each run's time limit, default 540), preset (default asm-rh-tiny),
# variants (comma-separated subset of rh,no-hermit,no-roll,mixer; default all four), then any further
# `spectromix train` arguments for every run (e.g. --set optimizer.lr=0.001).
# A run stopped by the time limit keeps its checkpoints: run the script again on the same output folder and it
# resumes every unfinished run (`spectromix train --resume`) and skips finished ones.
set -uo pipefail
dev=$(cd "${1:?device folder (made by pack.sh + bundle-device.sh)}" && pwd)
out=$(mkdir -p "${2:?output folder}" && cd "$2" && pwd)
epochs=${3:-25}
budget=${4:-540}
preset=${5:-asm-rh-tiny}
variants=${6:-rh,no-hermit,no-roll,mixer}
shift $(($# < 6 ? $# : 6))
extra=("$@")
data="$dev/data/ravdess-speech"
export SPECTROMIX_CACHE="$out/cache"
# run.sh unpacks libraries and runs ldconfig once; the parallel runs below start node directly with its settings
bash "$dev/run.sh" node "$dev/app/spectromix.mjs" stats --recipe ravdess --data "$data" > "$out/stats.txt" 2>&1 || { echo "stats failed"; tail -20 "$out/stats.txt"; exit 1; }
export PATH="$dev/bin:$PATH"
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] || icd=/usr/share/vulkan/icd.d/nvidia_icd.json
export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
cli=(node "$dev/app/spectromix.mjs")
folds=$(grep -o '"Actor_[0-9]*"' "$dev/app/recipes/ravdess.json" | wc -l)
folds=$((folds / 4))
start=$(date +%s)
for v in ${variants//,/ }; do
  case "$v" in
    rh) flags=(--set model.hermit=true --set model.roll=true) ;;
    no-hermit) flags=(--set model.hermit=false --set model.roll=true) ;;
    no-roll) flags=(--set model.hermit=true --set model.roll=false) ;;
    mixer) flags=(--set model.hermit=false --set model.roll=false) ;;
    *) echo "unknown variant '$v' (rh, no-hermit, no-roll, mixer)" >&2; exit 2 ;;
  esac
  for ((f = 0; f < folds; f++)); do
    name="$preset-$v-fold$f"
    dir="$out/runs/$name"
    if [ -f "$dir/result.json" ]; then continue; fi
    if [ -d "$dir/checkpoints" ] && ls "$dir/checkpoints"/step-*.safetensors > /dev/null 2>&1; then
      timeout "$budget" "${cli[@]}" train --resume "$dir" --backend webgpu --workers 0 >> "$out/$name.txt" 2>&1 &
    else
      timeout "$budget" "${cli[@]}" train --recipe ravdess --data "$data" --backend webgpu --workers 0 --out "$out/runs" \
        --model "$preset" --fold "$f" --epochs "$epochs" "${flags[@]}" "${extra[@]+"${extra[@]}"}" --name "$name" > "$out/$name.txt" 2>&1 &
    fi
    sleep 1
  done
done
wait
echo "runs finished after $(($(date +%s) - start)) s"
for v in ${variants//,/ }; do
  runs=()
  for ((f = 0; f < folds; f++)); do runs+=("$out/runs/$preset-$v-fold$f"); done
  "${cli[@]}" kfold "${runs[@]}" --out "$out/kfold-$preset-$v.json" || echo "$v: not every fold finished (run the script again to resume)"
done
