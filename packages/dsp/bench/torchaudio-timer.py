#!/usr/bin/python3
"""Times torchaudio.compliance.kaldi.fbank (AST settings) for bench/run.ts, as a long-lived child process.

argv: paths of raw little-endian float32 waveforms (16 kHz). Commands on stdin, one per line:
  time CLIP ITERATIONS THREADS  -> prints the CPU seconds (process time) the loop took
  dump CLIP OUT_PATH            -> writes that clip's fbank (float32) to OUT_PATH, prints 'ok'
The clip mean is subtracted inside the timed loop, as AST's loader does.
"""
import sys
import time

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

AST = dict(htk_compat=True, sample_frequency=16000, use_energy=False, window_type='hanning', num_mel_bins=128,
           dither=0.0, frame_shift=10)
waves = [torch.from_numpy(np.fromfile(p, dtype='<f4')).unsqueeze(0) for p in sys.argv[1:]]


def features(x):
    return kaldi.fbank(x - x.mean(), **AST)


print('ready', torch.__version__, flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == 'time':
        clip, iterations, threads = int(parts[1]), int(parts[2]), int(parts[3])
        torch.set_num_threads(threads)
        x = waves[clip]
        features(x)
        start = time.process_time()
        for _ in range(iterations):
            features(x)
        print(time.process_time() - start, flush=True)
    elif parts[0] == 'dump':
        features(waves[int(parts[1])]).numpy().astype('<f4').tofile(parts[2])
        print('ok', flush=True)
