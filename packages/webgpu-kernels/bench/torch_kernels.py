# PyTorch reference timings for @spectromix/webgpu-kernels' GPU benchmark (run by bench/gpu.ts as
# `python3 -c <this file> <json config>`). Times with CUDA events after warm-up, on random data: fp32 with TF32 off,
# and for the cases named in `precisionCases` also TF32 (fp32 tensors, TF32 on), fp16 and bf16 (operands and output
# in that dtype: cuBLAS on tensor cores, f32 accumulation), reported as "<name> @tf32" etc.
import json
import sys

import torch
import torch.nn.functional as F


def main():
    cfg = json.loads(sys.argv[1])
    out = {"torch": torch.__version__}
    if not torch.cuda.is_available():
        print(json.dumps({"error": "CUDA is not available to PyTorch", **out}))
        return
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    out["device"] = torch.cuda.get_device_name(0)
    gen = torch.Generator(device=dev).manual_seed(0)

    def randn(*shape):
        return torch.randn(*shape, device=dev, generator=gen, dtype=torch.float32)

    def bench(fn, min_ms=150.0, repeats=5):
        for _ in range(3):
            fn()
        torch.cuda.synchronize()
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        one = max(start.elapsed_time(end), 1e-3)
        iters = int(min(200, max(5, min_ms / one)))
        times = []
        for _ in range(repeats):
            start.record()
            for _ in range(iters):
                fn()
            end.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(end) / iters)
        times.sort()
        return times[len(times) // 2]

    results = {}
    low = {"fp16": torch.float16, "bf16": torch.bfloat16}
    for case in cfg["matmul"]:
        if case["name"] not in cfg.get("precisionCases", []) or case.get("sumBatch"):
            continue
        a = randn(*case["aShape"])
        b = randn(*case["bShape"])
        for prec in ["tf32", "fp16", "bf16"]:
            aa = a if prec == "tf32" else a.to(low[prec])
            bb = b if prec == "tf32" else b.to(low[prec])
            aa = aa.transpose(-1, -2) if case["transposeA"] else aa
            bb = bb.transpose(-1, -2) if case["transposeB"] else bb
            torch.backends.cuda.matmul.allow_tf32 = prec == "tf32"
            results[case["name"] + " @" + prec] = bench(lambda: torch.matmul(aa, bb))
            torch.backends.cuda.matmul.allow_tf32 = False
            del aa, bb
        del a, b

    for case in cfg["matmul"]:
        a = randn(*case["aShape"])
        b = randn(*case["bShape"])
        aa = a.transpose(-1, -2) if case["transposeA"] else a
        bb = b.transpose(-1, -2) if case["transposeB"] else b
        if case.get("sumBatch"):
            # A shared weight's gradient, summed over the batch: einsum lets PyTorch pick its own contraction.
            results[case["name"]] = bench(lambda: torch.einsum("bmk,bkn->mn", aa, bb))
        else:
            results[case["name"]] = bench(lambda: torch.matmul(aa, bb))
        del a, b, aa, bb

    if "layerNorm" not in cfg:
        out["ms"] = results
        print(json.dumps(out))
        return

    ln = cfg["layerNorm"]
    x = randn(*ln["shape"]).requires_grad_(True)
    d = ln["shape"][-1]
    w = (1 + 0.1 * randn(d)).requires_grad_(True)
    bb = randn(d).requires_grad_(True)
    dy = randn(*ln["shape"])
    with torch.no_grad():
        results["layerNorm fwd"] = bench(lambda: F.layer_norm(x, (d,), w, bb, ln["eps"]))

    def ln_fb():
        y = F.layer_norm(x, (d,), w, bb, ln["eps"])
        torch.autograd.grad(y, (x, w, bb), dy)

    results["layerNorm fwd+bwd"] = bench(ln_fb)
    del x, w, bb, dy

    ge = cfg["gelu"]
    x = randn(*ge["shape"]).requires_grad_(True)
    bias = randn(ge["shape"][-1]).requires_grad_(True)
    dy = randn(*ge["shape"])
    with torch.no_grad():
        results["biasGelu fwd"] = bench(lambda: F.gelu(x + bias))

    def ge_fb():
        y = F.gelu(x + bias)
        torch.autograd.grad(y, (x, bias), dy)

    results["biasGelu fwd+bwd"] = bench(ge_fb)
    del x, bias, dy

    ro = cfg["roll"]
    x = randn(*ro["shape"])
    s = ro["shift"]
    groups = ro["groups"]

    def roll():
        g = torch.chunk(x, groups, dim=3)
        return torch.cat([torch.roll(g[0], -s, 2), torch.roll(g[1], s, 2), torch.roll(g[2], -s, 1), torch.roll(g[3], s, 1), *g[4:]], 3)

    results["rollGroups fwd"] = bench(roll)
    del x

    big = randn(256 * 1024 * 1024 // 4)
    results["copy 256MiB"] = bench(lambda: big.clone())
    del big
    out["ms"] = results
    print(json.dumps(out))


main()
