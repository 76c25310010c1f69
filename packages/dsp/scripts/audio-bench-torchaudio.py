#!/usr/bin/python3
"""torchaudio side of scripts/audio-bench.ts: times (CPU time, process_time), on one thread, torchaudio.functional.resample and
torchaudio.transforms.Resample (kernel built once) on the same synthetic signals, and torchaudio.load on the
Speech Commands WAV clips. Prints one JSON object. Run by the bench; usable alone:
    /usr/bin/python3 scripts/audio-bench-torchaudio.py <seconds> <wav-list-file>
"""
import json
import sys
import time

import numpy as np
import torch
import torchaudio

torch.set_num_threads(1)


def best_of(fn, repeats):
    best = float('inf')
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main():
    seconds = float(sys.argv[1])
    wavs = [line.strip() for line in open(sys.argv[2]) if line.strip()]
    out = {'torch': torch.__version__, 'torchaudio': torchaudio.__version__, 'resample': {}, 'load': {}}
    for orig, new in [(48000, 16000), (44100, 16000), (16000, 22050)]:
        x = torch.from_numpy(np.random.default_rng(0).standard_normal(int(seconds * orig)).astype(np.float32))[None]
        functional = best_of(lambda: torchaudio.functional.resample(x, orig, new), 5)
        transform = torchaudio.transforms.Resample(orig, new)
        module = best_of(lambda: transform(x), 5)
        out['resample'][f'{orig}->{new}'] = {'functional_s': functional, 'transform_s': module}
    for path in wavs[:20]:  # warm up the loader
        torchaudio.load(path)
    out['load']['speech_commands_s'] = best_of(lambda: [torchaudio.load(p) for p in wavs], 3)
    out['load']['clips'] = len(wavs)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
