#!/usr/bin/python3
"""Parity fixtures for @spectromix/dsp's feature functions, computed with Debian's torch 1.13 / torchaudio 0.13.

Run with /usr/bin/python3 (the pyenv python3 on PATH has no torch):

    /usr/bin/python3 scripts/features-make-fixtures.py synthetic
        -> fixtures/features/synthetic.json: synthetic signals and the expected torch / torchaudio outputs
           (windows, stft, spectrogram, melscale_fbanks, create_dct, amplitude_to_DB, MFCC, kaldi.get_mel_banks
           and kaldi.fbank for every option combination the package supports), full float32 matrices.

    /usr/bin/python3 scripts/features-make-fixtures.py clips WAVES_DIR
        -> fixtures/features/clips.json: kaldi.fbank (AST settings) of the waveforms that
           scripts/features-export-waves.ts wrote to WAVES_DIR (our own decoder + resampler output), stored as
           probe points, per-frame and per-bin sums, and full matrices for a few clips.

Arrays are little-endian float32 (or int32 / uint16) encoded in base64.
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
import torchaudio.transforms as T

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, '..', 'fixtures', 'features')


def b64(array, dtype='<f4'):
    return base64.b64encode(np.ascontiguousarray(np.asarray(array), dtype=dtype).tobytes()).decode('ascii')


def mat(t):
    """A 2-D tensor as {shape, data}."""
    a = t.detach().numpy().astype(np.float32)
    return {'shape': list(a.shape), 'data': b64(a)}


def signals():
    rng = np.random.default_rng(20240229)
    sr = 16000
    n = 4800
    t = np.arange(n) / sr
    # Linear chirp 100 Hz -> 7 kHz with a little noise: energy in every mel band.
    chirp = 0.5 * np.sin(2 * np.pi * (100 * t + (6900 / (2 * t[-1])) * t * t)) + 0.01 * rng.standard_normal(n)
    # Speech-like: harmonics of a gliding 120-180 Hz pitch, amplitude-modulated, over quiet noise.
    f0 = 120 + 60 * t / t[-1]
    phase = 2 * np.pi * np.cumsum(f0) / sr
    voiced = sum((0.3 / h) * np.sin(h * phase) for h in range(1, 30))
    speech = voiced * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t)) + 0.003 * rng.standard_normal(n)
    # A large DC offset under a quiet tone (DC removal and float precision).
    dc = 0.4 + 0.01 * np.sin(2 * np.pi * 440 * t) + 0.001 * rng.standard_normal(n)
    # 16-bit quantised noise bursts with digital silence between them (log floor).
    bursts = np.zeros(n)
    for start in (300, 2100, 3900):
        bursts[start:start + 500] = 0.2 * rng.standard_normal(500)
    bursts = np.round(bursts * 32767) / 32768
    # Short signal: 700 samples (two frames with snip_edges, four without).
    short = 0.3 * np.sin(2 * np.pi * 1000 * t[:700]) + 0.05 * rng.standard_normal(700)
    # 8 kHz and 22.05 kHz material.
    t8 = np.arange(2400) / 8000
    sr8k = 0.4 * np.sin(2 * np.pi * 300 * t8) * np.sin(2 * np.pi * 3 * t8) + 0.02 * rng.standard_normal(2400)
    t22 = np.arange(6615) / 22050
    sr22k = 0.3 * np.sin(2 * np.pi * (200 + 4000 * t22) * t22) + 0.02 * rng.standard_normal(6615)
    out = {
        'chirp': chirp, 'speech': speech, 'dc': dc, 'bursts': bursts, 'short': short, 'sr8k': sr8k, 'sr22k': sr22k,
    }
    return {k: v.astype(np.float32) for k, v in out.items()}


# Every option of kaldi.fbank that the package supports, one case per interesting combination.
AST = dict(htk_compat=True, sample_frequency=16000, use_energy=False, window_type='hanning', num_mel_bins=128,
           dither=0.0, frame_shift=10)
KALDI_CASES = [
    ('defaults', 'chirp', {}),
    ('ast', 'chirp', AST),
    ('ast-speech', 'speech', AST),
    ('ast-dc', 'dc', AST),
    ('ast-bursts', 'bursts', AST),
    ('window-hanning', 'speech', dict(window_type='hanning')),
    ('window-hamming', 'speech', dict(window_type='hamming')),
    ('window-rectangular', 'speech', dict(window_type='rectangular')),
    ('window-blackman', 'speech', dict(window_type='blackman')),
    ('window-blackman-coeff', 'speech', dict(window_type='blackman', blackman_coeff=0.3)),
    ('snip-false', 'chirp', dict(snip_edges=False)),
    ('snip-false-short', 'short', dict(snip_edges=False, num_mel_bins=40)),
    ('snip-true-short', 'short', dict(num_mel_bins=40)),
    ('snip-false-shift-12.5ms', 'speech', dict(snip_edges=False, frame_shift=12.5)),
    ('snip-false-negative-pad', 'speech', dict(snip_edges=False, frame_length=10, frame_shift=25)),
    ('no-round-pow2', 'chirp', dict(round_to_power_of_two=False, num_mel_bins=40)),
    ('preemph-0', 'speech', dict(preemphasis_coefficient=0.0)),
    ('preemph-0.5', 'speech', dict(preemphasis_coefficient=0.5)),
    ('preemph-1', 'speech', dict(preemphasis_coefficient=1.0)),
    ('no-dc-removal', 'dc', dict(remove_dc_offset=False)),
    ('energy-raw', 'speech', dict(use_energy=True)),
    ('energy-windowed', 'speech', dict(use_energy=True, raw_energy=False)),
    ('energy-htk', 'speech', dict(use_energy=True, htk_compat=True)),
    ('energy-floor-0', 'bursts', dict(use_energy=True, energy_floor=0.0)),
    ('energy-floor-2.5', 'bursts', dict(use_energy=True, energy_floor=2.5)),
    ('linear-fbank', 'speech', dict(use_log_fbank=False)),
    ('magnitude', 'speech', dict(use_power=False)),
    ('magnitude-linear', 'chirp', dict(use_power=False, use_log_fbank=False)),
    ('low-0', 'chirp', dict(low_freq=0.0)),
    ('low-300-high-6000', 'chirp', dict(low_freq=300.0, high_freq=6000.0)),
    ('high-negative', 'chirp', dict(high_freq=-1000.0)),
    ('high-nyquist', 'chirp', dict(high_freq=8000.0)),
    ('bins-4', 'speech', dict(num_mel_bins=4)),
    ('bins-80', 'speech', dict(num_mel_bins=80)),
    ('sr-8k', 'sr8k', dict(sample_frequency=8000, num_mel_bins=40)),
    ('sr-22k', 'sr22k', dict(sample_frequency=22050, num_mel_bins=64, window_type='hamming')),
    ('frame-20ms-5ms', 'speech', dict(frame_length=20, frame_shift=5)),
    ('min-duration', 'speech', dict(min_duration=1.0)),
    ('subtract-mean', 'speech', dict(subtract_mean=True)),
    ('vtln-0.9', 'speech', dict(vtln_warp=0.9)),
    ('vtln-1.1', 'speech', dict(vtln_warp=1.1, vtln_low=200.0, vtln_high=-1000.0)),
    ('bursts-floor', 'bursts', dict(num_mel_bins=64)),
]

CAMEL = {
    'htk_compat': 'htkCompat', 'sample_frequency': 'sampleFrequency', 'use_energy': 'useEnergy',
    'window_type': 'windowType', 'num_mel_bins': 'numMelBins', 'dither': 'dither', 'frame_shift': 'frameShift',
    'frame_length': 'frameLength', 'snip_edges': 'snipEdges', 'blackman_coeff': 'blackmanCoeff',
    'round_to_power_of_two': 'roundToPowerOfTwo', 'preemphasis_coefficient': 'preemphasisCoefficient',
    'remove_dc_offset': 'removeDcOffset', 'raw_energy': 'rawEnergy', 'energy_floor': 'energyFloor',
    'use_log_fbank': 'useLogFbank', 'use_power': 'usePower', 'low_freq': 'lowFreq', 'high_freq': 'highFreq',
    'min_duration': 'minDuration', 'subtract_mean': 'subtractMean', 'vtln_warp': 'vtlnWarp', 'vtln_low': 'vtlnLow',
    'vtln_high': 'vtlnHigh',
}


def camel(opts):
    return {CAMEL[k]: v for k, v in opts.items()}


def synthetic():
    sigs = signals()
    out = {'torch': torch.__version__, 'torchaudio': torchaudio.__version__,
           'signals': {k: b64(v) for k, v in sigs.items()}}

    windows = []
    for name, fn in (('hann', torch.hann_window), ('hamming', torch.hamming_window), ('blackman', torch.blackman_window)):
        for n in (1, 2, 7, 64, 400):
            for periodic in (True, False):
                windows.append({'name': name, 'length': n, 'periodic': periodic,
                                'data': b64(fn(n, periodic=periodic).numpy())})
    out['windows'] = windows

    stfts = []
    for case in (
        dict(signal='chirp', n_fft=256, hop_length=400, win_length=256, window='hann', center=True, pad_mode='reflect'),
        dict(signal='speech', n_fft=400, hop_length=480, win_length=400, window='hann', center=True, pad_mode='constant'),
        dict(signal='short', n_fft=512, hop_length=128, win_length=300, window='hamming', center=True, pad_mode='replicate'),
        dict(signal='chirp', n_fft=200, hop_length=350, win_length=200, window='rectangular', center=False, pad_mode='reflect'),
        dict(signal='short', n_fft=63, hop_length=20, win_length=63, window='blackman', center=True, pad_mode='reflect'),
    ):
        x = torch.from_numpy(sigs[case['signal']])
        win = {'hann': torch.hann_window, 'hamming': torch.hamming_window, 'blackman': torch.blackman_window,
               'rectangular': torch.ones}[case['window']](case['win_length'])
        s = torch.stft(x, case['n_fft'], hop_length=case['hop_length'], win_length=case['win_length'], window=win,
                       center=case['center'], pad_mode=case['pad_mode'], return_complex=True)
        stfts.append({**case, 're': mat(s.real.T), 'im': mat(s.imag.T)})
    out['stft'] = stfts

    specs = []
    for kw in (dict(), dict(n_fft=512, hop_length=128, power=1.0), dict(n_fft=256, normalized=True),
               dict(n_fft=256, normalized='frame_length', power=0.5), dict(n_fft=320, win_length=256, pad=50, center=False)):
        s = T.Spectrogram(**kw)(torch.from_numpy(sigs['short']))
        specs.append({'options': kw, 'expected': mat(s.T)})
    out['spectrogram'] = specs

    fbanks = []
    for kw in (dict(n_freqs=201, f_min=0.0, f_max=8000.0, n_mels=40, sample_rate=16000),
               dict(n_freqs=257, f_min=20.0, f_max=7600.0, n_mels=32, sample_rate=16000, norm='slaney'),
               dict(n_freqs=129, f_min=0.0, f_max=8000.0, n_mels=24, sample_rate=16000, mel_scale='slaney'),
               dict(n_freqs=257, f_min=30.0, f_max=11025.0, n_mels=48, sample_rate=22050, norm='slaney', mel_scale='slaney')):
        fbanks.append({'options': kw, 'expected': mat(F.melscale_fbanks(**kw))})
    out['melscaleFbanks'] = fbanks

    out['createDct'] = [{'nMfcc': m, 'nMels': n, 'norm': norm, 'expected': mat(F.create_dct(m, n, norm))}
                        for m, n, norm in ((13, 23, 'ortho'), (40, 64, 'ortho'), (20, 40, None))]

    mels = []
    for kw in (dict(), dict(n_fft=512, hop_length=160, n_mels=64, f_min=20.0, f_max=7600.0, norm='slaney', mel_scale='slaney'),
               dict(n_fft=1024, win_length=400, hop_length=160, n_mels=80, power=1.0)):
        m = T.MelSpectrogram(sample_rate=16000, **kw)(torch.from_numpy(sigs['speech']))
        db = T.AmplitudeToDB(stype='magnitude' if kw.get('power') == 1.0 else 'power', top_db=60.0)(m)
        mels.append({'options': kw, 'expected': mat(m.T), 'db': mat(db.T)})
    out['melSpectrogram'] = mels

    mfccs = []
    for kw in (dict(), dict(n_mfcc=13, log_mels=True, melkwargs=dict(n_fft=512, hop_length=160, n_mels=40)),
               dict(n_mfcc=20, norm=None, melkwargs=dict(n_fft=400, hop_length=100, n_mels=64, mel_scale='slaney', norm='slaney'))):
        m = T.MFCC(sample_rate=16000, **kw)(torch.from_numpy(sigs['speech']))
        mfccs.append({'options': kw, 'expected': mat(m.T)})
    out['mfcc'] = mfccs

    banks = []
    for args in ((23, 512, 16000.0, 20.0, 0.0, 100.0, -500.0, 1.0), (64, 512, 16000.0, 20.0, 8000.0, 100.0, -500.0, 1.0),
                 (40, 256, 8000.0, 0.0, -200.0, 100.0, -500.0, 1.0), (23, 512, 16000.0, 20.0, 0.0, 100.0, -500.0, 0.9),
                 (30, 512, 16000.0, 20.0, 0.0, 200.0, -1000.0, 1.1)):
        bins, _ = kaldi.get_mel_banks(*args)
        banks.append({'args': list(args), 'expected': mat(bins)})
    out['kaldiMelBanks'] = banks

    cases = []
    for name, sig, opts in KALDI_CASES:
        x = torch.from_numpy(sigs[sig]).unsqueeze(0)
        y = kaldi.fbank(x, **opts)
        if y.dim() == 1:
            y = y.reshape(0, 0)
        # torch's own float32 round-off on this case (|float32 - float64 result|): the parity test allows twice
        # this much (at least 1e-4), since a float32 FFT cannot be reproduced bit for bit.
        y64 = kaldi.fbank(x.double(), **opts)
        # Linear outputs (use_log_fbank False) are compared in the log domain, like the log ones.
        as_log = (lambda v: v.clamp(min=1.1920928955078125e-07).log()) if opts.get('use_log_fbank') is False else (lambda v: v)
        roundoff = float((as_log(y.double()) - as_log(y64.reshape(y.shape))).abs().max()) if y.numel() else 0.0
        cases.append({'name': name, 'signal': sig, 'options': camel(opts), 'expected': mat(y), 'torchRoundoff': roundoff})
    out['kaldiFbank'] = cases

    path = os.path.join(OUT_DIR, 'synthetic.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {path} ({os.path.getsize(path) / 1e3:.0f} kB)')


def clips(waves_dir):
    """Expected AST fbank of every exported waveform (see features-export-waves.ts for the file format)."""
    with open(os.path.join(waves_dir, 'index.json')) as f:
        index = json.load(f)
    rng = np.random.default_rng(7)
    full_budget = set(index.get('full', []))
    entries = []
    worst_nan = 0
    for clip in index['clips']:
        wave = np.fromfile(os.path.join(waves_dir, clip['file']), dtype='<f4')
        x = torch.from_numpy(wave).unsqueeze(0)
        x = x - x.mean()
        y = kaldi.fbank(x, **AST).numpy().astype(np.float32)
        worst_nan += int(np.isnan(y).sum())
        frames, bins = y.shape
        count = min(96, frames * bins)
        flat = rng.choice(frames * bins, size=count, replace=False)
        pf, pb = np.divmod(flat, bins)
        entry = {
            'path': clip['path'],
            'numSamples': int(wave.size),
            'waveSum': float(np.sum(wave, dtype=np.float64)),
            'waveSumSq': float(np.sum(wave.astype(np.float64) ** 2)),
            'numFrames': frames,
            'probeFrames': b64(pf, '<u2'),
            'probeBins': b64(pb, '<u2'),
            'probeValues': b64(y[pf, pb]),
            'frameSums': b64(y.sum(axis=1, dtype=np.float64)),
            'binSums': b64(y.sum(axis=0, dtype=np.float64)),
        }
        if clip['path'] in full_budget:
            entry['full'] = b64(y)
        entries.append(entry)
    assert worst_nan == 0
    report_full_errors(index, waves_dir)
    out = {'torch': torch.__version__, 'torchaudio': torchaudio.__version__, 'sampleRate': index['sampleRate'],
           'decoder': index.get('decoder', ''), 'clips': entries}
    path = os.path.join(OUT_DIR, 'clips.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {path} ({os.path.getsize(path) / 1e3:.0f} kB, {len(entries)} clips)')


def report_full_errors(index, waves_dir):
    """Prints our full-matrix error per dataset against torchaudio float32 and float64 (the fixture keeps probes)."""
    summary = {}
    for clip in index['clips']:
        ours_path = os.path.join(waves_dir, clip['file'] + '.fbank')
        if not os.path.exists(ours_path):
            return
        x = torch.from_numpy(np.fromfile(os.path.join(waves_dir, clip['file']), dtype='<f4')).unsqueeze(0)
        x = x - x.mean()
        y32 = kaldi.fbank(x, **AST).numpy()
        y64 = kaldi.fbank(x.double(), **AST).numpy()
        ours = np.fromfile(ours_path, dtype='<f4').reshape(y32.shape)
        s = summary.setdefault(clip['path'].split('/')[0], dict(clips=0, over=0, e32=0.0, e64=0.0, torch=0.0, cells=0))
        e32 = np.abs(ours - y32)
        s['clips'] += 1
        s['over'] += int(e32.max() > 1e-3)
        s['cells'] += int((e32 > 1e-3).sum())
        s['e32'] = max(s['e32'], float(e32.max()))
        s['e64'] = max(s['e64'], float(np.abs(ours - y64).max()))
        s['torch'] = max(s['torch'], float(np.abs(y32 - y64).max()))
    for name, s in summary.items():
        print(f"{name}: {s['clips']} clips, full-matrix max |ours - torch f32| {s['e32']:.2e} "
              f"({s['over']} clips / {s['cells']} cells above 1e-3), max |ours - torch f64| {s['e64']:.2e}, "
              f"max |torch f32 - torch f64| {s['torch']:.2e}")


if __name__ == '__main__':
    torch.set_num_threads(1)
    if len(sys.argv) >= 2 and sys.argv[1] == 'synthetic':
        synthetic()
    elif len(sys.argv) >= 3 and sys.argv[1] == 'clips':
        clips(sys.argv[2])
    else:
        sys.exit(__doc__)
