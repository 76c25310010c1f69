#!/usr/bin/python3
"""Parity fixtures for @spectromix/hfft, from torch.fft (Debian python3-torch 1.13) in float64.

Run from the package root:  /usr/bin/python3 scripts/make_fixtures.py
Writes fixtures/<op>.json for rfft, irfft, hfft, ihfft, fft, ifft.

Inputs are not stored: both sides draw them from the same 32-bit LCG (see `lcg`), whose outputs are exactly
representable in float32. For each case we store the torch forward output and the gradient of the loss
sum(wRe * out.real) + sum(wIm * out.imag) (or sum(w * out) for a real output), with the weights drawn from the
LCG at `seed + 1`. Arrays of at most FULL_LIMIT values are stored whole; larger ones as PROBES sampled
positions plus aggregate statistics (sum, l1, l2 over every element).
"""
import json
import os
import random

import numpy as np
import torch

LENGTHS = [1, 2, 3, 5, 7, 8, 12, 13, 16, 50, 64, 97, 128, 512, 1024]
OPS = ["rfft", "irfft", "hfft", "ihfft", "fft", "ifft"]
NORMS = ["backward", "ortho", "forward"]
REAL_INPUT = {"rfft", "ihfft"}
C2R = {"irfft", "hfft"}
FULL_LIMIT = 512
PROBES = 48


def lcg(seed, count):
    """state = (state * 1664525 + 1013904223) mod 2^32; value = (state >> 8) / 2^24 * 2 - 1."""
    state = seed & 0xFFFFFFFF
    out = np.empty(count, dtype=np.float64)
    for i in range(count):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = (state >> 8) / 16777216.0 * 2.0 - 1.0
    return out


def f9(v):
    return float(f"{v:.9g}")


def pack(values, rng):
    flat = values.reshape(-1)
    stats = {"sum": f9(flat.sum()), "l1": f9(np.abs(flat).sum()), "l2": f9(np.sqrt((flat * flat).sum())),
             "maxAbs": f9(np.abs(flat).max() if flat.size else 0.0)}
    if flat.size <= FULL_LIMIT:
        return {"values": [f9(v) for v in flat], "stats": stats}
    idx = sorted(rng.sample(range(flat.size), PROBES))
    return {"probes": idx, "values": [f9(flat[i]) for i in idx], "stats": stats}


def run_case(op, shape, axis, n, norm, seed, rng):
    size = int(np.prod(shape))
    kwargs = {"dim": axis, "norm": norm}
    if n is not None:
        kwargs["n"] = n
    if op in REAL_INPUT:
        x = torch.tensor(lcg(seed, size).reshape(shape), dtype=torch.float64, requires_grad=True)
        leaves = {"x": x}
        out = getattr(torch.fft, op)(x, **kwargs)
    else:
        vals = lcg(seed, 2 * size)
        re = torch.tensor(vals[:size].reshape(shape), dtype=torch.float64, requires_grad=True)
        im = torch.tensor(vals[size:].reshape(shape), dtype=torch.float64, requires_grad=True)
        leaves = {"re": re, "im": im}
        out = getattr(torch.fft, op)(torch.complex(re, im), **kwargs)
    out = out.resolve_conj().resolve_neg()
    out_shape = list(out.shape)
    osize = int(np.prod(out_shape))
    if out.is_complex():
        w = lcg(seed + 1, 2 * osize)
        w_re = torch.tensor(w[:osize].reshape(out_shape), dtype=torch.float64)
        w_im = torch.tensor(w[osize:].reshape(out_shape), dtype=torch.float64)
        loss = (w_re * out.real).sum() + (w_im * out.imag).sum()
        outputs = {"re": pack(out.real.detach().clone().numpy(), rng), "im": pack(out.imag.detach().clone().numpy(), rng)}
    else:
        w = torch.tensor(lcg(seed + 1, osize).reshape(out_shape), dtype=torch.float64)
        loss = (w * out).sum()
        outputs = {"x": pack(out.detach().numpy(), rng)}
    loss.backward()
    grads = {name: pack(t.grad.numpy(), rng) for name, t in leaves.items()}
    return {"op": op, "shape": list(shape), "axis": axis, "n": n, "norm": norm, "seed": seed,
            "outShape": out_shape, "out": outputs, "grad": grads}


def layout(length, rng):
    """A shape holding `length` along a random axis, and that axis (sometimes given as a negative index)."""
    if length <= 16:
        batch = [2, 3]
    elif length <= 128:
        batch = [2]
    else:
        batch = [2] if rng.random() < 0.5 else [1]
    pos = rng.randrange(len(batch) + 1)
    shape = batch[:pos] + [length] + batch[pos:]
    axis = pos - len(shape) if rng.random() < 0.5 else pos
    return shape, axis


def cases_for(op, op_index, rng):
    cases = []
    seed = 1000 * (op_index + 1)

    def add(input_length, n, norm, tag):
        nonlocal seed
        seed += 7
        shape, axis = layout(input_length, rng)
        case = run_case(op, shape, axis, n, norm, seed, rng)
        case["id"] = f"{op}-{tag}"
        cases.append(case)

    for i, length in enumerate(LENGTHS):
        norm = NORMS[(i + op_index) % 3]
        if op in C2R:
            bins = length // 2 + 1
            # Default n = 2 * (bins - 1) equals an even length; odd lengths (and length 1) need n explicitly.
            n = None if length % 2 == 0 else length
            add(bins, n, norm, f"n{length}-{norm}")
        else:
            add(length, None, norm, f"n{length}-{norm}")
    for length in [12, 64]:
        for k, norm in enumerate(NORMS):
            if k == (LENGTHS.index(length) + op_index) % 3:
                continue
            inp = length // 2 + 1 if op in C2R else length
            add(inp, length if op in C2R and length % 2 else None, norm, f"n{length}-{norm}")
    for j, length in enumerate([8, 13, 50, 97]):
        norm = NORMS[(j + op_index + 1) % 3]
        base = length // 2 + 1 if op in C2R else length
        add(base + 3, length, norm, f"crop{base + 3}to-n{length}-{norm}")
        add(max(1, base - 3), length, norm, f"pad{max(1, base - 3)}to-n{length}-{norm}")
    return cases


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
    os.makedirs(root, exist_ok=True)
    for op_index, op in enumerate(OPS):
        rng = random.Random(20240228 + op_index)
        data = {
            "generator": "scripts/make_fixtures.py",
            "reference": f"torch.fft.{op} {torch.__version__} in float64",
            "loss": "sum(wRe * out.real) + sum(wIm * out.imag), or sum(w * out) for a real output; w = lcg(seed + 1)",
            "prng": "lcg32: state = (state * 1664525 + 1013904223) mod 2^32; value = (state >> 8) / 2^24 * 2 - 1",
            "cases": cases_for(op, op_index, rng),
        }
        path = os.path.join(root, f"{op}.json")
        with open(path, "w") as fh:
            json.dump(data, fh, separators=(",", ":"))
        print(f"{path}: {len(data['cases'])} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
