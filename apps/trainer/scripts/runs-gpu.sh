#!/bin/bash
# Runs many `spectromix train` configurations side by side on one GPU host, one process each, resumes the runs an
# earlier call left unfinished, combines groups of runs with `spectromix kfold`, and prints a table per run (best
# validation epoch, validation and test accuracy there): how the FSDD variants of the trainer README were compared,
# and issue 19's speaker-independent runs (issue19-runs.txt), and issue 18's fp32-vs-mixed pairs
# (issue18-precision-runs.txt: `--precision` in a line passes through like any train argument), and speed and VTLP
# perturbation (issue19-perturb-runs.txt: the feature phase also extracts each line's perturbed feature copies).
# Prepare the folder here with
#   bash ../shared/tools/device/pack.sh && bash apps/trainer/scripts/bundle-device.sh --slim --xz --data fsdd
# then on the host:
#   [RESULTS=<folder>] bash apps/trainer/scripts/runs-gpu.sh <device folder> <work folder> <runs file> [seconds] [train arguments for every run...]
# The runs file has one run per line: a name, then `spectromix train` arguments (blank lines and # comments are
# skipped). `--data <dataset>` is resolved inside <device folder>/data, and `{data}` in any argument stands for that
# folder, `{runs}` for this work folder's run folders (a distillation teacher, `"teacher":"{runs}/lev-cnn-f0"`, or
# pretrained weights: a run that names `{runs}/<other run>` starts once that run has its result.json, in this call
# if the other run finishes with time to spare, else in a later one). A line may name the subcommand after the run's
# name (`pre-f0 pretrain --recipe ...`; default `train`). Every run gets --backend webgpu (or $BACKEND) --workers 0. A run whose dataset is not in <device folder>/data is skipped
# (so one runs file can serve calls that each carry one dataset). A line `kfold <name> <run name patterns...>`
# (bash patterns, e.g. `fsdd-*`) combines the finished runs it matches with `spectromix kfold` at the end.
# seconds (default 540) is the whole command's budget: the runs get what is left after feature extraction, less 45 s
# for the table. A run stopped by it is interrupted (SIGINT: it writes a checkpoint first) and the next call with
# the same work folder resumes it (`train --resume`); finished runs are skipped. Keep the work folder where the next call finds it (on the device machine: an ignored folder such as
# runs/, which stays while the machine is warm). With RESULTS set, the table, the kfold results and a tarball of
# every run's result, config and log (no checkpoints) are also written there (5 files or fewer for 3 kfold lines).
set -uo pipefail
dev=$(cd "${1:?device folder (made by pack.sh + bundle-device.sh)}" && pwd)
out=$(mkdir -p "${2:?work folder}" && cd "$2" && pwd)
list=${3:?runs file}
budget=${4:-540}
shift $(($# < 4 ? $# : 4))
extra=("$@")
start=$(date +%s)
backend=${BACKEND:-webgpu} # BACKEND=cpu for a smoke test of this script on a machine without a GPU
export SPECTROMIX_CACHE="$out/cache"
# The bundle may travel xz-compressed (bundle-device.sh --xz) to fit the device call's transfer limit
app="$dev/app/spectromix.mjs"
[ -f "$app" ] || xz -d -k "$app.xz" || { echo "no $app or $app.xz: run bundle-device.sh first" >&2; exit 1; }
mapfile -t lines < <(grep -v '^\s*\(#\|$\)' "$list" | grep -v '^kfold\s')
mapfile -t groups < <(grep '^kfold\s' "$list")
# A line's train arguments, with `--data <name>` pointed into the device folder; sets args, rest, dataset, recipe
args_of() {
  read -r -a args <<<"$1"
  rest=("${args[@]:1}")
  command=train
  if [ ${#rest[@]} -gt 0 ] && [[ ${rest[0]} != -* ]]; then command=${rest[0]}; rest=("${rest[@]:1}"); fi
  # The other runs this one starts from (a teacher, pretrained weights): every `{runs}/<name>` in the line
  deps=()
  local word
  for word in "${rest[@]}"; do
    while [[ $word =~ \{runs\}/([A-Za-z0-9._-]+)(.*) ]]; do deps+=("$out/runs/${BASH_REMATCH[1]}"); word=${BASH_REMATCH[2]}; done
  done
  rest=("${rest[@]//\{data\}/$dev/data}")
  rest=("${rest[@]//\{runs\}/$out/runs}")
  dataset='' recipe=''
  for i in "${!rest[@]}"; do
    case "${rest[$i]}" in
      --data) dataset=${rest[$((i + 1))]}; rest[$((i + 1))]="$dev/data/$dataset" ;;
      --recipe) recipe=${rest[$((i + 1))]} ;;
    esac
  done
}
# run.sh unpacks Node, Dawn's libraries and runs ldconfig, once; the runs below start node directly
bash "$dev/run.sh" true > "$out/host.txt" 2>&1 || { cat "$out/host.txt"; exit 1; }
export PATH="$dev/bin:$PATH"
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] || icd=/usr/share/vulkan/icd.d/nvidia_icd.json
# (without NVIDIA's driver, e.g. a smoke test on lavapipe, Vulkan's own search applies)
[ -f "$icd" ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
[ -f "$dev/app/extract-worker.js" ] && workers=() || workers=(--workers 0)
# Features once per dataset present, the datasets in parallel (a slim bundle extracts on one thread each). A line with
# speed or VTLP perturbation (`--set augment.speed=...`, `--set augment.vtlp=...`) also needs its perturbed copies:
# after the dataset's plain features, each distinct perturbation setting's `stats` extracts them, those in parallel.
declare -A seen=() perturb=()
for line in "${lines[@]}"; do
  args_of "$line"
  [ -n "$dataset" ] && [ -d "$dev/data/$dataset" ] || continue
  [ -n "${seen[$dataset]+x}" ] || seen[$dataset]=$recipe
  p=''
  for i in "${!rest[@]}"; do
    [ "${rest[$i]}" = --set ] && [[ ${rest[$((i + 1))]:-} =~ ^augment\.(speed|vtlp)= ]] && p+=" --set ${rest[$((i + 1))]}"
  done
  [ -n "$p" ] && perturb["$dataset|$recipe|$p"]=1
done
for dataset in "${!seen[@]}"; do
  (
    recipe=${seen[$dataset]}
    node "$app" stats ${recipe:+--recipe "$recipe"} --data "$dev/data/$dataset" "${workers[@]}" > "$out/stats-$dataset.txt" 2>&1
    n=0
    for key in "${!perturb[@]}"; do
      [[ $key == "$dataset|"* ]] || continue
      IFS='|' read -r _ r p <<<"$key"
      read -r -a pargs <<<"$p"
      n=$((n + 1))
      node "$app" stats ${r:+--recipe "$r"} --data "$dev/data/$dataset" "${workers[@]}" "${pargs[@]}" > "$out/stats-$dataset-perturbed-$n.txt" 2>&1 &
    done
    wait
  ) &
done
wait
deadline=$((start + budget - 45))
echo "features ready after $(($(date +%s) - start)) s; runs get $((deadline - $(date +%s))) s"
[ $((deadline - $(date +%s))) -gt 60 ] || { echo "too little time left for training" >&2; exit 1; }
mkdir -p "$out/runs"
# Whether every run this line starts from has finished
deps_ready() {
  local d
  for d in "${deps[@]+"${deps[@]}"}"; do [ -f "$d/result.json" ] || return 1; done
}
# Starts one run in the background with what is left of the budget (resuming its checkpoint if it has one)
launch() {
  local name=$1 dir="$out/runs/$1" limit=$((deadline - $(date +%s)))
  if ls "$dir/checkpoints"/step-*.safetensors > /dev/null 2>&1; then
    timeout -s INT -k 20 "$limit" node "$app" "$command" --resume "$dir" --backend "$backend" --workers 0 >> "$out/$name.txt" 2>&1 &
  else
    timeout -s INT -k 20 "$limit" node "$app" "$command" "${rest[@]}" "${extra[@]+"${extra[@]}"}" --backend "$backend" --workers 0 --out "$out/runs" --name "$name" > "$out/$name.txt" 2>&1 &
  fi
  sleep 1
}
waiting=()
for line in "${lines[@]}"; do
  args_of "$line"
  name=${args[0]}
  if [ -n "$dataset" ] && [ ! -d "$dev/data/$dataset" ]; then echo "$name: skipped, no $dataset in $dev/data this call"; continue; fi
  if [ -f "$out/runs/$name/result.json" ]; then continue; fi
  if ! deps_ready; then waiting+=("$line"); continue; fi
  launch "$name"
done
# Runs that start from another run (a teacher, pretrained weights) start as soon as it finishes, while at least
# 120 s are left; the rest wait for a later call
while [ ${#waiting[@]} -gt 0 ] && [ $((deadline - $(date +%s))) -gt 120 ]; do
  sleep 10
  still=()
  for line in "${waiting[@]}"; do
    args_of "$line"
    if deps_ready; then echo "${args[0]}: starts now, what it starts from has finished"; launch "${args[0]}"; else still+=("$line"); fi
  done
  waiting=("${still[@]+"${still[@]}"}")
done
for line in "${waiting[@]+"${waiting[@]}"}"; do
  args_of "$line"
  echo "${args[0]}: waits for ${deps[*]} (not finished yet: run this runs file again)"
done
wait
echo "runs finished after $(($(date +%s) - start)) s"
# One line per run: best validation epoch, validation and test accuracy there (result.json), or how far it got
summary="$out/summary.txt"
{
  printf '%-22s %-10s %9s %9s %9s\n' run status 'val epoch' 'val acc' 'test acc'
  for line in "${lines[@]}"; do
    name=${line%% *}
    node -e '
      const fs = require("fs"), [dir, name] = process.argv.slice(1), pct = (v) => (100 * v).toFixed(2) + "%";
      const row = (...c) => console.log(name.padEnd(22) + " " + c[0].padEnd(10) + " " + c.slice(1).map((x) => String(x).padStart(9)).join(" "));
      if (fs.existsSync(dir + "/result.json")) {
        const r = JSON.parse(fs.readFileSync(dir + "/result.json", "utf8").replace(/\b(-?Infinity|NaN)\b/g, "null"));
        const b = r.best, h = b != null ? r.history[b.epoch] : r.history[r.history.length - 1];
        row("done", (b != null ? b.epoch : r.history.length - 1) + 1 + "/" + r.history.length, h.validation ? pct(h.validation.accuracy) : "-", r.test ? pct(r.test.accuracy) : "-");
      } else if (fs.existsSync(dir + "/log.jsonl")) {
        const epochs = fs.readFileSync(dir + "/log.jsonl", "utf8").split("\n").filter((l) => l.startsWith("{\"event\":\"epoch\"")).length;
        row("unfinished", epochs + " epochs", "-", "-");
      } else row("not run", "-", "-", "-");
    ' "$out/runs/$name" "$name"
  done
  for g in "${groups[@]+"${groups[@]}"}"; do
    read -r -a words <<<"$g"
    runs=()
    for line in "${lines[@]}"; do
      name=${line%% *}
      for pattern in "${words[@]:2}"; do
        # shellcheck disable=SC2053
        [[ $name == $pattern ]] && runs+=("$out/runs/$name") && break
      done
    done
    echo
    echo "== kfold ${words[1]}: ${#runs[@]} runs =="
    node "$app" kfold "${runs[@]}" --out "$out/kfold-${words[1]}.json" 2>&1 | grep -v '^Written to' || true
  done
} > "$summary"
if [ -n "${RESULTS:-}" ]; then
  mkdir -p "$RESULTS"
  cp "$summary" "$out"/kfold-*.json "$RESULTS"/ 2>/dev/null
  (cd "$out" && tar czf "$RESULTS/runs.tar.gz" --exclude=checkpoints --exclude=model --exclude=report.html runs ./*.txt)
fi
cat "$summary"
