#!/usr/bin/python3
"""Makes the end-to-end test clips in apps/web/test/fixtures (run with Debian's /usr/bin/python3, numpy).

One short clip per class of the embedded synthetic dataset (spectromix-synth, apps/trainer/src/data/synthetic.ts),
each in a different container so that every decoder of the page is exercised: WAV (16-bit 16 kHz mono, and
16-bit 22.05 kHz stereo), FLAC, MP3 (lame), Ogg Vorbis (sox) and Ogg Opus (opusenc). Plus the looped clip the
fake microphone plays. Seeded: the same clips every run. Needs sox, flac, lame and opusenc (only to make the
fixtures, never in tests).

    /usr/bin/python3 apps/web/scripts/make_fixtures.py
"""
import os
import subprocess
import tempfile
import wave

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')
RATE = 16000
rng = np.random.default_rng(20261126)


def envelope(n, rate, fade=0.01):
    env = np.ones(n)
    k = min(n // 2, int(fade * rate))
    env[:k] = np.linspace(0, 1, k)
    env[n - k:] = np.linspace(1, 0, k)
    return env


def place(sound, total, start):
    out = np.zeros(total)
    out[start:start + len(sound)] = sound
    return out


def finish(x, peak, snr_db=25):
    x = x / (np.max(np.abs(x)) + 1e-12) * peak
    noise = rng.standard_normal(len(x))
    noise *= np.sqrt(np.mean(x ** 2) / 10 ** (snr_db / 10)) / (np.std(noise) + 1e-12)
    return np.clip(x + noise, -1, 1)


def chirp(f0, f1, seconds, rate=RATE):
    t = np.arange(int(seconds * rate)) / rate
    k = np.log(f1 / f0) / seconds
    phase = 2 * np.pi * f0 * (np.exp(k * t) - 1) / k
    return np.sin(phase) * envelope(len(t), rate)


def tone(f, seconds, rate=RATE, vibrato=0.01):
    t = np.arange(int(seconds * rate)) / rate
    inst = f * (1 + vibrato * np.sin(2 * np.pi * 5 * t))
    return np.sin(2 * np.pi * np.cumsum(inst) / rate) * envelope(len(t), rate)


def pulses(rate_hz, seconds, f=2500, rate=RATE):
    n = int(seconds * rate)
    x = np.zeros(n)
    click = np.sin(2 * np.pi * f * np.arange(int(0.01 * rate)) / rate) * np.exp(-np.arange(int(0.01 * rate)) / (0.002 * rate))
    for start in range(0, n - len(click), int(rate / rate_hz)):
        x[start:start + len(click)] += click
    return x


def noise_burst(centre, width, seconds, rate=RATE):
    n = int(seconds * rate)
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / rate)
    spec[(f < centre * (1 - width / 2)) | (f > centre * (1 + width / 2))] = 0
    return np.fft.irfft(spec, n) * envelope(n, rate)


def buzz(f0, seconds, rate=RATE, top=4000):
    t = np.arange(int(seconds * rate)) / rate
    x = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, int(top / f0) + 1))
    return x * envelope(len(t), rate)


def write_wav(path, x, rate=RATE, channels=1, width=2):
    data = np.asarray(x)
    if channels > 1:
        data = np.stack([data * (0.8 + 0.2 * c) for c in range(channels)], axis=1).reshape(-1)
    scale = 2 ** (8 * width - 1) - 1
    ints = np.round(np.clip(data, -1, 1) * scale).astype('<i4')
    raw = ints.astype('<i2').tobytes() if width == 2 else b''.join(int(v).to_bytes(3, 'little', signed=True) for v in ints)
    with wave.open(path, 'wb') as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(raw)


def encode(x, name, command):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'in.wav')
        write_wav(src, x)
        subprocess.run([part.format(src=src, dst=os.path.join(OUT, name)) for part in command], check=True, capture_output=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    # 0.64 s clips, the length of the synthetic set's clips; each sound inside the first 0.64 s (the window of
    # the bundled synthetic model).
    total = int(0.64 * RATE)
    write_wav(os.path.join(OUT, 'rising-chirp.wav'), finish(place(chirp(400, 2000, 0.4), total, int(0.05 * RATE)), 0.5))
    encode(finish(place(chirp(2400, 500, 0.4), total, int(0.08 * RATE)), 0.4), 'falling-chirp.flac', ['flac', '--silent', '--best', '-f', '-o', '{dst}', '{src}'])
    encode(finish(place(tone(900, 0.5), total, int(0.05 * RATE)), 0.5), 'steady-tone.mp3', ['lame', '--quiet', '-b', '64', '{src}', '{dst}'])
    encode(finish(place(pulses(9, 0.56), total, int(0.04 * RATE)), 0.6), 'pulse-train.ogg', ['sox', '{src}', '-C', '5', '{dst}'])
    encode(finish(place(noise_burst(2000, 0.4, 0.25), total, int(0.15 * RATE)), 0.4), 'noise-burst.opus', ['opusenc', '--quiet', '--bitrate', '48', '{src}', '{dst}'])
    rate22 = 22050
    buzz22 = finish(place(buzz(180, 0.4, rate22), int(0.64 * rate22), int(0.1 * rate22)), 0.5)
    write_wav(os.path.join(OUT, 'harmonic-buzz-22k-stereo.wav'), buzz22, rate=rate22, channels=2)
    # The fake microphone loops this file: a steady tone over the whole file, so every live window holds it.
    write_wav(os.path.join(OUT, 'microphone-tone.wav'), finish(tone(700, 2.56, vibrato=0.01), 0.4), rate=RATE)
    for name in sorted(os.listdir(OUT)):
        print(f'{name}: {os.path.getsize(os.path.join(OUT, name))} bytes')


if __name__ == '__main__':
    main()
