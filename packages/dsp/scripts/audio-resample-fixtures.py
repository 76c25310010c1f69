#!/usr/bin/python3
"""Parity fixtures for @spectromix/dsp's resample(): expected outputs of torchaudio.functional.resample.

Run with Debian's python (torch 1.13, torchaudio 0.13) from packages/dsp:
    /usr/bin/python3 scripts/audio-resample-fixtures.py
Writes fixtures/audio/resample/: manifest.json plus little-endian float32 files.

Synthetic cases store their 0.25 s input (one per input rate) (chirp to near Nyquist + seeded noise + an impulse and a step, so the
anti-aliasing filter, the phases and the zero-padded edges are all exercised) and torchaudio's full output.
The real-clip case decodes one RAVDESS clip with opusdec at 48 kHz (the package's Opus decoder matches
opusdec to ~2e-9) and stores probes (every 5th output sample) plus the output length and RMS.
torchaudio 0.13 names the windows 'sinc_interpolation' / 'kaiser_window'; torchaudio >= 2.0 (and the
package) call them 'sinc_interp_hann' / 'sinc_interp_kaiser'.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torchaudio
import torchaudio.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'audio', 'resample')
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DATA = os.environ.get('SPECTROMIX_DATA', os.path.join(REPO, '..', 'shared', 'datasets'))
REAL_CLIP = 'ravdess-speech/Actor_01/03-01-01-01-01-01-01.opus'
METHOD_0_13 = {'sinc_interp_hann': 'sinc_interpolation', 'sinc_interp_kaiser': 'kaiser_window'}

# (name, origFreq, newFreq, options in the package's camelCase names)
CASES = [
    ('48000-16000-hann', 48000, 16000, {}),
    ('44100-16000-hann', 44100, 16000, {}),
    ('8000-16000-hann', 8000, 16000, {}),
    ('16000-22050-hann', 16000, 22050, {}),
    ('22050-16000-hann', 22050, 16000, {}),
    ('44100-22050-hann', 44100, 22050, {}),
    ('44100-16000-kaiser', 44100, 16000, {'resamplingMethod': 'sinc_interp_kaiser'}),
    ('48000-16000-kaiser-fast', 48000, 16000,
     {'resamplingMethod': 'sinc_interp_kaiser', 'lowpassFilterWidth': 16, 'rolloff': 0.85, 'beta': 8.555}),
    ('16000-22050-width3', 16000, 22050, {'lowpassFilterWidth': 3, 'rolloff': 0.9}),
    ('48000-16000-width16', 48000, 16000, {'lowpassFilterWidth': 16}),
]


def synthetic(rate):
    n = int(0.25 * rate)
    t = np.arange(n) / rate
    f0, f1 = 20.0, 0.98 * rate / 2
    chirp = 0.5 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t ** 2 / (2 * t[-1])))
    noise = 0.05 * np.random.default_rng(rate).standard_normal(n)
    x = chirp + noise
    x[n // 3] += 0.8
    x[2 * n // 3:] += 0.1
    return x.astype(np.float32)


def torch_resample(x, orig, new, opts):
    return F.resample(
        torch.from_numpy(x)[None], orig, new,
        lowpass_filter_width=opts.get('lowpassFilterWidth', 6),
        rolloff=opts.get('rolloff', 0.99),
        resampling_method=METHOD_0_13[opts.get('resamplingMethod', 'sinc_interp_hann')],
        beta=opts.get('beta'),
    )[0].numpy()


def write_f32(name, arr):
    arr.astype('<f4').tofile(os.path.join(OUT, name))


def opusdec_48k(path):
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, 'out.wav')
        subprocess.run(['opusdec', '--quiet', '--float', '--rate', '48000', path, wav], check=True)
        waveform, rate = torchaudio.load(wav)
    assert rate == 48000
    return waveform[0].numpy()


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for name, orig, new, opts in CASES:
        x = synthetic(orig)
        y = torch_resample(x, orig, new, opts)
        write_f32(f'in-{orig}.f32', x)
        write_f32(f'{name}.out.f32', y)
        cases.append({'name': name, 'origFreq': orig, 'newFreq': new, 'options': opts,
                      'input': f'in-{orig}.f32', 'expected': f'{name}.out.f32',
                      'inputLength': len(x), 'outputLength': len(y)})
    clip_path = os.path.join(DATA, REAL_CLIP)
    x = opusdec_48k(clip_path)
    y = torch_resample(x, 48000, 16000, {})
    stride = 5
    write_f32('real-clip.probes.f32', y[::stride])
    real = {'clip': REAL_CLIP, 'origFreq': 48000, 'newFreq': 16000, 'inputLength': len(x),
            'outputLength': len(y), 'probeStride': stride, 'probes': 'real-clip.probes.f32',
            'rms': float(np.sqrt(np.mean(y.astype(np.float64) ** 2)))}
    manifest = {
        'generator': 'scripts/audio-resample-fixtures.py',
        'torch': torch.__version__, 'torchaudio': torchaudio.__version__,
        'cases': cases, 'realClip': real,
    }
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    print(f'wrote {len(cases)} synthetic cases and the real clip to {os.path.relpath(OUT)}', file=sys.stderr)


if __name__ == '__main__':
    main()
