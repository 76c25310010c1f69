#!/usr/bin/python3
"""Parity fixtures for @spectromix/dsp's training perturbations: speedPerturb and the VTLP warp (vtlpWarpFreq, the
VTLP-warped Kaldi mel bank, astFbank with vtlpAlpha).

Run with Debian's python (torch 1.13, torchaudio 0.13) from packages/dsp, after exporting the real clips as the
package decodes them:
    npx tsx --conditions=@spectromix/source scripts/perturb-export-waves.ts /tmp/perturb-waves
    /usr/bin/python3 scripts/perturb-make-fixtures.py /tmp/perturb-waves
Writes fixtures/audio/perturb/: manifest.json (probes as base64 little-endian float32) and speed-<f>.out.f32 (full
outputs for the synthetic input fixtures/audio/resample/in-16000.f32).

Speed perturbation (Ko et al. 2015; Kaldi's sox `speed`): torchaudio 0.13 has no functional.speed (torchaudio 2.x
computes resample(x, int(factor * rate), rate)), so the reference is torchaudio.functional.resample(x,
round(factor * 16000), 16000) with its defaults; sox's `speed` + `rate` (through torchaudio.sox_effects) is stored
too, as a second opinion with its own filter, and the script prints how far the two references are apart.

VTLP (Jaitly & Hinton 2013): the warp below is written from the paper's formula, independently of the TypeScript;
the warped mel bank is torchaudio's get_mel_banks with every FFT bin's frequency warped first; the warped fbank is
torchaudio.compliance.kaldi.fbank's own steps (_get_window, rfft power) with that bank, in float64.
"""
import base64
import json
import math
import os
import sys

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'audio', 'perturb')
SYNTH = os.path.join(HERE, '..', 'fixtures', 'audio', 'resample', 'in-16000.f32')
RATE = 16000
FACTORS = [0.9, 0.95, 1.1]
ALPHAS = [0.9, 0.95, 1.05, 1.1]
F_HI = 4800.0
PROBE = 37  # every 37th output sample is stored (a stride prime to the resampling ratios' periods)


def b64(array, dtype='<f4'):
    return base64.b64encode(np.ascontiguousarray(np.asarray(array), dtype=dtype).tobytes()).decode('ascii')


def speed_torchaudio(x, factor):
    return F.resample(torch.from_numpy(x)[None], int(round(factor * RATE)), RATE)[0].numpy()


def speed_sox(x, factor):
    y, sr = torchaudio.sox_effects.apply_effects_tensor(torch.from_numpy(x)[None], RATE, [['speed', str(factor)], ['rate', str(RATE)]])
    assert sr == RATE
    return y[0].numpy()


def vtlp_warp(f, alpha, sample_rate=RATE, f_hi=F_HI):
    """Jaitly & Hinton (2013), section 2: f' = f alpha below F_hi min(alpha, 1) / alpha, linear to Nyquist above."""
    s2 = sample_rate / 2.0
    if f <= f_hi * min(alpha, 1.0) / alpha:
        return f * alpha
    return s2 - (s2 - f_hi * min(alpha, 1.0)) / (s2 - f_hi * min(alpha, 1.0) / alpha) * (s2 - f)


def warped_mel_banks(alpha, num_bins=128, padded=512, sample_freq=RATE, low_freq=20.0, high_freq=0.0):
    """torchaudio's get_mel_banks (no VTLN) with the FFT bins' frequencies VTLP-warped, float64: [num_bins, padded / 2]."""
    num_fft_bins = padded // 2
    nyquist = 0.5 * sample_freq
    if high_freq <= 0.0:
        high_freq += nyquist
    fft_bin_width = sample_freq / padded
    mel_low = 1127.0 * math.log(1.0 + low_freq / 700.0)
    mel_high = 1127.0 * math.log(1.0 + high_freq / 700.0)
    delta = (mel_high - mel_low) / (num_bins + 1)
    b = np.arange(num_bins, dtype=np.float64)[:, None]
    left = mel_low + b * delta
    center = mel_low + (b + 1.0) * delta
    right = mel_low + (b + 2.0) * delta
    freqs = np.array([vtlp_warp(fft_bin_width * k, alpha, sample_freq) for k in range(num_fft_bins)])
    mel = 1127.0 * np.log(1.0 + freqs / 700.0)[None, :]
    up = (mel - left) / (center - left)
    down = (right - mel) / (right - center)
    return np.maximum(0.0, np.minimum(up, down))


def ast_fbank_vtlp(wave, alpha):
    """AST's fbank (kaldi.fbank with AST's options) with the VTLP-warped bank, computed in float64."""
    w = torch.from_numpy(wave.astype(np.float64))
    w = (w - w.mean())[None]
    w, shift, size, padded = kaldi._get_waveform_and_window_properties(w, -1, float(RATE), 10.0, 25.0, True, 0.97)
    strided, _ = kaldi._get_window(w, padded, size, shift, 'hanning', 0.42, True, True, 1.0, 0.0, True, 0.97)
    power = torch.fft.rfft(strided).abs().pow(2.0).numpy()
    bank = np.pad(warped_mel_banks(alpha, padded=padded), ((0, 0), (0, 1)))
    energies = power @ bank.T
    return np.log(np.maximum(energies, np.finfo(np.float32).eps))


def main():
    waves_dir = sys.argv[1] if len(sys.argv) > 1 else '/tmp/perturb-waves'
    os.makedirs(OUT, exist_ok=True)
    manifest = {'generator': 'scripts/perturb-make-fixtures.py', 'torch': torch.__version__, 'torchaudio': torchaudio.__version__,
                'sampleRate': RATE, 'speed': {'synthetic': [], 'clips': []}, 'vtlp': {}}

    synth = np.fromfile(SYNTH, dtype='<f4')
    for factor in FACTORS:
        ref = speed_torchaudio(synth, factor)
        sox = speed_sox(synth, factor)
        name = f'speed-{factor}'
        ref.astype('<f4').tofile(os.path.join(OUT, f'{name}.out.f32'))
        n = min(len(ref), len(sox))
        gap = float(np.max(np.abs(ref[:n] - sox[:n])))
        # Not stored: the chirp runs up to 0.98 Nyquist, where sox's and torchaudio's low-pass filters differ most.
        manifest['speed']['synthetic'].append({'factor': factor, 'expected': f'{name}.out.f32', 'outputLength': len(ref), 'soxLength': len(sox), 'soxMaxAbsGap': gap})
        print(f'synthetic speed {factor}: {len(synth)} -> {len(ref)} samples (sox {len(sox)}), torchaudio vs sox max abs {gap:.3g}')

    index = json.load(open(os.path.join(waves_dir, 'index.json')))
    first_wave = None
    for clip in index['clips']:
        wave = np.fromfile(os.path.join(waves_dir, clip['file']), dtype='<f4')
        if first_wave is None:
            first_wave = (clip['path'], wave)
        entry = {'path': clip['path'], 'inputLength': len(wave), 'inputSum': float(wave.astype(np.float64).sum()), 'factors': []}
        for factor in FACTORS:
            ref = speed_torchaudio(wave, factor)
            sox = speed_sox(wave, factor)
            n = min(len(ref), len(sox))
            rms = float(np.sqrt(np.mean(ref.astype(np.float64) ** 2)))
            sox_rel = float(np.sqrt(np.mean((ref[:n].astype(np.float64) - sox[:n]) ** 2)) / rms)
            entry['factors'].append({'factor': factor, 'outputLength': len(ref), 'rms': rms, 'probes': b64(ref[::PROBE]),
                                     'soxLength': len(sox), 'soxProbes': b64(sox[::PROBE]), 'soxRelRms': sox_rel})
            print(f"{clip['path']} speed {factor}: {len(wave)} -> {len(ref)} samples; sox vs torchaudio: relative RMS {sox_rel:.3g}")
        manifest['speed']['clips'].append(entry)

    freqs = np.arange(0, RATE / 2 + 1, 25.0)
    manifest['vtlp']['fHi'] = F_HI
    manifest['vtlp']['freqs'] = b64(freqs)
    manifest['vtlp']['warp'] = [{'alpha': a, 'warped': b64([vtlp_warp(f, a) for f in freqs])} for a in ALPHAS]
    banks = []
    for a in [0.9, 1.1]:
        bank = warped_mel_banks(a)
        fed = [np.nonzero(bank[:, k])[0] for k in range(bank.shape[1])]
        low = [int(f[0]) if len(f) else -1 for f in fed]
        assert all(len(f) <= 2 for f in fed)
        banks.append({'alpha': a, 'low': b64(low, '<i4'), 'lowWeight': b64([bank[l, k] if l >= 0 else 0 for k, l in enumerate(low)]),
                      'highWeight': b64([bank[l + 1, k] if l >= 0 and l + 1 < bank.shape[0] else 0 for k, l in enumerate(low)])})
    manifest['vtlp']['banks'] = banks
    path, wave = first_wave
    rng = np.random.default_rng(19)
    fb = []
    for a in [0.9, 1.1]:
        m = ast_fbank_vtlp(wave, a)
        frames = rng.integers(0, m.shape[0], 200)
        bins = rng.integers(0, m.shape[1], 200)
        fb.append({'alpha': a, 'numFrames': int(m.shape[0]), 'probeFrames': b64(frames, '<u2'), 'probeBins': b64(bins, '<u2'),
                   'probeValues': b64(m[frames, bins]), 'frameSums': b64(m.sum(1)), 'binSums': b64(m.sum(0))})
    manifest['vtlp']['fbank'] = {'path': path, 'inputLength': len(wave), 'cases': fb}
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
