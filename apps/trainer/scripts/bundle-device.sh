#!/bin/bash
# Bundles the spectromix CLI for a GPU host that has no Node.js toolchain (see ../shared/tools/device/README.md):
#   .device/app/spectromix.mjs   the CLI as one ESM file, every dependency inlined except `webgpu`
#                                (--ignore-annotations: tfjs-core and @spectromix/tensor are marked side-effect
#                                free, but their gradient registrations are side effects the bundle must keep)
#   .device/app/*-worker.js      the two worker-thread entries of @spectromix/datasets (feature extraction and
#                                batch assembly run on worker threads; pass --workers 0 to do without them)
#   .device/app/*.wasm           tfjs's WASM binaries (only for --backend wasm)
#   .device/app/recipes/         the recipes
#   .device/app/node_modules/@spectromix/dsp/package.json   read by the feature cache for its cache key
# Options: --data <name> copies ../shared/datasets/<name> to <out>/../data/<name> (repeatable); --slim leaves out
# the worker files and the .wasm binaries (about half the size; then run with --workers 0 --backend webgpu); --xz
# stores the CLI as spectromix.mjs.xz (7.6 MB -> 3.7 MB; runs-gpu.sh unpacks it on the host, or `xz -d -k` it), so
# that both fsdd and ravdess-speech fit one device call beside the repo and .device/ (64 MiB in all).
#
# Usage, from anywhere (after `pnpm install`; run ../shared/tools/device/pack.sh first for Node and Dawn):
#   bash apps/trainer/scripts/bundle-device.sh [--out .device/app] [--data ravdess-speech]
# On the GPU host:
#   bash .device/run.sh node .device/app/spectromix.mjs train --recipe ravdess --model asm-rh-small \
#     --backend webgpu --data .device/data/ravdess-speech --epochs 2
set -euo pipefail
app=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$app/../.." && pwd)
out="$root/.device/app"
data=()
slim=0
xz=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --data) data+=("$2"); shift 2 ;;
    --slim) slim=1; shift ;;
    --xz) xz=1; shift ;;
    *) echo "bundle-device.sh: unknown argument '$1' (use --out <dir>, --data <dataset folder name>, --slim, --xz)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
esbuild="$root/node_modules/.bin/esbuild"
banner="import {createRequire as __spxRequire} from 'module'; import {fileURLToPath as __spxPath} from 'url'; import {dirname as __spxDir} from 'path'; const require = __spxRequire(import.meta.url); const __filename = __spxPath(import.meta.url); const __dirname = __spxDir(__filename);"
common=(--bundle --ignore-annotations --minify --keep-names --platform=node --format=esm --target=node20 --external:webgpu --conditions=@spectromix/source --log-level=warning "--banner:js=$banner")
"$esbuild" "$app/src/cli.ts" "${common[@]}" --outfile="$out/spectromix.mjs"
rm -f "$out/spectromix.mjs.xz"
[ "$xz" = 0 ] || xz -6 -T1 "$out/spectromix.mjs"
# a slim bundle leaves no files of an earlier full one behind (they would count against the transfer limit)
[ "$slim" = 0 ] || rm -f "$out"/*-worker.js "$out"/*.wasm
if [ "$slim" = 0 ]; then
  datasets_src="$root/packages/datasets/src"
  for worker in extract-worker batch-worker; do
    "$esbuild" "$datasets_src/$worker.ts" "${common[@]}" --outfile="$out/$worker.js"
  done
  wasm_dir=$(dirname "$(cd "$app" && node -e "console.log(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))")")/dist
  cp "$wasm_dir"/*.wasm "$out/"
fi
rm -rf "$out/recipes" && cp -r "$root/recipes" "$out/recipes"
mkdir -p "$out/node_modules/@spectromix/dsp" && cp "$root/packages/dsp/package.json" "$out/node_modules/@spectromix/dsp/package.json"
for d in "${data[@]+"${data[@]}"}"; do
  src="$root/../shared/datasets/$d"
  [ -d "$src" ] || { echo "bundle-device.sh: no dataset folder $src" >&2; exit 1; }
  mkdir -p "$out/../data" && rm -rf "$out/../data/$d" && cp -r "$src" "$out/../data/$d"
done
du -sh "$out" "${data[@]+"$out/../data"}" 2>/dev/null || true
