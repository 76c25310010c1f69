#!/bin/bash
# Bundles the GPU benchmark for the GPU host (see ../shared/tools/device/README.md): packs .device/ at the
# repo root if missing, then writes .device/app/kernels-bench.mjs (every dependency inlined except `webgpu`)
# and the PyTorch script beside it. --ignore-annotations: @spectromix/tensor says "sideEffects": false, which
# would make esbuild drop its gradient-registering import. Run it there as:
#   bash .device/run.sh node .device/app/kernels-bench.mjs
set -euo pipefail
pkg=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$pkg/../.." && pwd)
cd "$root"
[ -f .device/run.sh ] || bash ../shared/tools/device/pack.sh
mkdir -p .device/app
"$root/node_modules/.bin/esbuild" "$pkg/bench/gpu.ts" --bundle --platform=node --format=esm --target=node20 \
  --conditions=@spectromix/source --external:webgpu --outfile=.device/app/kernels-bench.mjs --log-level=warning --ignore-annotations \
  --banner:js="import {createRequire} from 'module';const require=createRequire(import.meta.url);"
cp "$pkg/bench/torch_kernels.py" .device/app/torch_kernels.py
du -sh .device/app/kernels-bench.mjs .device
