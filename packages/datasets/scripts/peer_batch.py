"""Peer timings for bench/feed.ts: how long PyTorch takes to prepare one training batch the AST way.

Run by the bench with /usr/bin/python3 (Debian's torch 1.13 / torchaudio 0.13):
    python3 scripts/peer_batch.py <files.json> <target_length> <batch_size> <rounds>
Prints one JSON object with the best per-batch wall time (ms) of
  - on_the_fly: AST's dataloader item path for every example (torchaudio.load, resample to 16 kHz, waveform
    mixup with a second clip as AST does, kaldi.fbank with AST's settings, pad/crop, FrequencyMasking(48) +
    TimeMasking(192), normalise, noise, time roll), one process, one thread;
  - from_memory: the same augmentation on precomputed fbanks held in memory (torch ops, feature-level mixup).
"""
import json
import sys
import time

import numpy as np
import torch
import torchaudio

torch.set_num_threads(1)
files = json.load(open(sys.argv[1]))
T, B, rounds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(0)
freqm = torchaudio.transforms.FrequencyMasking(48)
timem = torchaudio.transforms.TimeMasking(192)
mean, std = -6.0, 4.0


def wave(path):
    w, sr = torchaudio.load(path)
    w = w.mean(0, keepdim=True)
    if sr != 16000:
        w = torchaudio.functional.resample(w, sr, 16000)
    return w - w.mean()


def fbank(w):
    f = torchaudio.compliance.kaldi.fbank(w, htk_compat=True, sample_frequency=16000, use_energy=False,
                                          window_type='hanning', num_mel_bins=128, dither=0.0, frame_shift=10)
    p = T - f.shape[0]
    return torch.nn.functional.pad(f, (0, 0, 0, p)) if p > 0 else f[:T]


def augment(f):
    f = timem(freqm(f.t().unsqueeze(0))).squeeze(0).t()
    f = (f - mean) / (2 * std)
    f = f + torch.rand(f.shape) * float(rng.random()) / 10
    return torch.roll(f, int(rng.integers(-10, 10)), 0)


def on_the_fly():
    xs = []
    for k in range(B):
        w1 = wave(files[k % len(files)])
        w2 = wave(files[int(rng.integers(len(files)))])
        n = w1.shape[1]
        w2 = torch.nn.functional.pad(w2, (0, max(0, n - w2.shape[1])))[:, :n]
        lam = float(rng.beta(10, 10))
        xs.append(augment(fbank(lam * w1 + (1 - lam) * w2)))
    return torch.stack(xs)


bank = [fbank(wave(p)) for p in files]


def from_memory():
    xs = []
    for k in range(B):
        lam = float(rng.beta(10, 10))
        f = lam * bank[k % len(bank)] + (1 - lam) * bank[int(rng.integers(len(bank)))]
        xs.append(augment(f))
    return torch.stack(xs)


def best(fn):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


print(json.dumps({'on_the_fly': best(on_the_fly), 'from_memory': best(from_memory),
                  'torch': torch.__version__, 'torchaudio': torchaudio.__version__}))
