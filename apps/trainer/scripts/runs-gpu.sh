#!/bin/bash
# Runs many `spectromix train` configurations side by side on one GPU host, one process each, and prints each
# run's validation and test accuracy: how the FSDD variants of the trainer README were compared.
# Prepare the folder here with
#   bash ../shared/tools/device/pack.sh && bash apps/trainer/scripts/bundle-device.sh --data fsdd
# then on the host:
#   bash apps/trainer/scripts/runs-gpu.sh <device folder> <output folder> <runs file> [seconds] [train arguments for every run...]
# The runs file has one run per line: a name, then `spectromix train` arguments (blank lines and # comments are
# skipped). `--data <dataset>` is resolved inside <device folder>/data, and `{data}` in any argument stands for that
# folder; every run gets --backend webgpu --workers 0.
set -uo pipefail
dev=$(cd "${1:?device folder (made by pack.sh + bundle-device.sh)}" && pwd)
out=$(mkdir -p "${2:?output folder}" && cd "$2" && pwd)
list=${3:?runs file}
budget=${4:-540}
shift $(($# < 4 ? $# : 4))
extra=("$@")
export SPECTROMIX_CACHE="$out/cache"
mapfile -t lines < <(grep -v '^\s*\(#\|$\)' "$list")
# A line's train arguments, with `--data <name>` pointed into the device folder
args_of() {
  read -r -a args <<<"$1"
  rest=("${args[@]:1}")
  rest=("${rest[@]//\{data\}/$dev/data}")
  for i in "${!rest[@]}"; do [ "${rest[$i]}" = --data ] && rest[$((i + 1))]="$dev/data/${rest[$((i + 1))]}"; done
}
# Features once, with worker threads (run.sh also unpacks libraries and runs ldconfig, once)
args_of "${lines[0]}"
bash "$dev/run.sh" node "$dev/app/spectromix.mjs" stats "${rest[@]}" > "$out/stats.txt" 2>&1 || { tail -20 "$out/stats.txt"; exit 1; }
export PATH="$dev/bin:$PATH"
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] || icd=/usr/share/vulkan/icd.d/nvidia_icd.json
export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
start=$(date +%s)
for line in "${lines[@]}"; do
  args_of "$line"
  name=${args[0]}
  timeout "$budget" node "$dev/app/spectromix.mjs" train "${rest[@]}" "${extra[@]+"${extra[@]}"}" --backend webgpu --workers 0 --out "$out/runs" --name "$name" > "$out/$name.txt" 2>&1 &
  sleep 1
done
wait
echo "runs finished after $(($(date +%s) - start)) s"
for line in "${lines[@]}"; do
  name=${line%% *}
  ckpt=$(ls "$out/runs/$name/checkpoints"/step-*.safetensors 2>/dev/null | tail -1)
  if [ ! -f "$out/runs/$name/result.json" ] && [ -n "$ckpt" ]; then
    # stopped by the time limit: the held-out metrics of its last checkpoint (resume it with train --resume)
    echo "Test (last checkpoint $(basename "$ckpt"), unfinished): $(timeout 120 node "$dev/app/spectromix.mjs" evaluate "$ckpt" --subset test --backend webgpu 2>/dev/null | grep -o 'accuracy [0-9.]*%.*AUC [0-9.]*%')" >> "$out/$name.txt"
  fi
  printf '%-24s %s | %s\n' "$name" "$(grep -h '^Validation:' "$out/$name.txt" | cut -c1-60)" "$(grep -h '^Test' "$out/$name.txt" | cut -c1-60)"
done
