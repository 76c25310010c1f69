"""Times torch.fft (cuFFT on CUDA) for the @spectromix/hfft GPU benchmark.

Usage: python3 torch_fft_bench.py '{"lengths": [12, 1024], "batch": 6144}'
Prints one JSON object: {"device": ..., "torch": ..., "rows": [{"n": .., "rfft fwd": ms, "rfft fwd+bwd": ms, ...}]}.
Times are medians of CUDA-event timings over repeated calls (ms per call), after warm-up.
"""
import json
import sys

import torch


def time_ms(fn, reps=50):
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        samples.append(start.elapsed_time(end))
    samples.sort()
    return samples[len(samples) // 2]


def main():
    args = json.loads(sys.argv[1])
    dev = torch.device("cuda")
    out = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "rows": []}
    for n in args["lengths"]:
        b = args["batch"]
        h = n // 2 + 1
        x = torch.randn(b, n, device=dev, requires_grad=True)
        z = torch.complex(torch.randn(b, h, device=dev), torch.randn(b, h, device=dev)).requires_grad_(True)
        dy_c = torch.complex(torch.randn(b, h, device=dev), torch.zeros(b, h, device=dev))
        dy_r = torch.randn(b, n, device=dev)
        row = {"n": n, "batch": b}
        with torch.no_grad():
            row["rfft fwd"] = time_ms(lambda: torch.fft.rfft(x))
            row["irfft fwd"] = time_ms(lambda: torch.fft.irfft(z, n=n))
            row["hfft fwd"] = time_ms(lambda: torch.fft.hfft(z, n=n))
        row["rfft fwd+bwd"] = time_ms(lambda: torch.autograd.grad(torch.fft.rfft(x), x, dy_c))
        row["irfft fwd+bwd"] = time_ms(lambda: torch.autograd.grad(torch.fft.irfft(z, n=n), z, dy_r))
        row["hfft fwd+bwd"] = time_ms(lambda: torch.autograd.grad(torch.fft.hfft(z, n=n), z, dy_r))
        out["rows"].append(row)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
