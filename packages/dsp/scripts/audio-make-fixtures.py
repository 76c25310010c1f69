#!/usr/bin/python3
"""Decoder fixtures for @spectromix/dsp's audio half. Run from packages/dsp:
    /usr/bin/python3 scripts/audio-make-fixtures.py
Needs opusdec (opus-tools), flac, sox and lame on PATH, and the shared datasets ($SPECTROMIX_DATA, else
<repo>/../shared/datasets). Writes fixtures/audio/:

opus/manifest.json + opus/<clip>.probes.f32
    opusdec --float --rate 48000 of 3 RAVDESS and 3 FSDD clips: length, RMS, max |x| and every 37th sample.
    The tests decode the same clips with decodeAudio and compare.
codecs/source-stereo16.wav, codecs/source-mono24.wav
    Generated signals (tones, a chirp and seeded noise) as PCM WAV: the references for the encodings below.
codecs/*.flac, codecs/mono24.oga
    `flac -8` of both sources (and Ogg FLAC of the 24-bit one): must decode bit-exactly to them.
codecs/*.ogg, codecs/*.mp3
    Lossy encodes of the stereo source (sox's libvorbis; lame 64 kb/s, stereo and mono with an ID3v2 tag): checked for
    rate, channels, duration and closeness to the source.
wav/*.wav
    sox conversions of the first 1024 frames of the stereo source into every WAV encoding sox writes
    (u8, s24 and s32 as WAVE_FORMAT_EXTENSIBLE, f32, f64, A-law, mu-law, 4 channels), no dither.
wav/g711.json
    Python's audioop decode of all 256 A-law and mu-law codes (16-bit linear), the reference for the tables.
"""
import audioop
import json
import os
import shutil
import subprocess
import sys
import tempfile
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'fixtures', 'audio')
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DATA = os.environ.get('SPECTROMIX_DATA', os.path.join(REPO, '..', 'shared', 'datasets'))
OPUS_CLIPS = [
    'ravdess-speech/Actor_01/03-01-01-01-01-01-01.opus',
    'ravdess-speech/Actor_08/03-01-05-02-02-01-08.opus',
    'ravdess-speech/Actor_19/03-01-08-01-01-02-19.opus',
    'fsdd/recordings/0_george_0.opus',
    'fsdd/recordings/7_jackson_12.opus',
    'fsdd/recordings/9_yweweler_40.opus',
]
PROBE_STRIDE = 37


def run(*args):
    subprocess.run(list(args), check=True)


def write_pcm_wav(path, samples, rate, sampwidth):
    """samples: int array (frames, channels) already scaled to the integer range."""
    frames, channels = samples.shape
    if sampwidth == 2:
        raw = samples.astype('<i2').tobytes()
    else:  # 24-bit: low three bytes of each little-endian int32
        raw = samples.astype('<i4').view(np.uint8).reshape(-1, 4)[:, :3].tobytes()
    with wave.open(path, 'wb') as w:
        w.setnchannels(channels)
        w.setsampwidth(sampwidth)
        w.setframerate(rate)
        w.writeframes(raw)


def read_float_wav(path):
    """(channels, frames) float64 samples of a 32-bit float WAV, read byte-exactly (sox-based loaders convert
    through 32-bit integers and lose the low bits)."""
    raw = open(path, 'rb').read()
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(raw):
        cid, size = raw[pos:pos + 4], int.from_bytes(raw[pos + 4:pos + 8], 'little')
        if cid == b'fmt ':
            fmt = raw[pos + 8:pos + 8 + size]
        elif cid == b'data':
            data = raw[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
    channels = int.from_bytes(fmt[2:4], 'little')
    rate = int.from_bytes(fmt[4:8], 'little')
    assert int.from_bytes(fmt[14:16], 'little') == 32, 'expected 32-bit float samples'
    x = np.frombuffer(data, '<f4').astype(np.float64)
    return x.reshape(-1, channels).T, rate


def make_opus_probes():
    out = os.path.join(FIX, 'opus')
    os.makedirs(out, exist_ok=True)
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for clip in OPUS_CLIPS:
            wav = os.path.join(tmp, 'out.wav')
            run('opusdec', '--quiet', '--float', '--rate', '48000', os.path.join(DATA, clip), wav)
            x, rate = read_float_wav(wav)
            name = os.path.basename(clip).replace('.opus', '')
            probes = f'{name}.probes.f32'
            x[:, ::PROBE_STRIDE].astype('<f4').tofile(os.path.join(out, probes))
            clips.append({'clip': clip, 'sampleRate': rate, 'channels': x.shape[0], 'length': x.shape[1],
                          'rms': float(np.sqrt(np.mean(x ** 2))), 'maxAbs': float(np.max(np.abs(x))),
                          'probeStride': PROBE_STRIDE, 'probes': probes})
    manifest = {'generator': 'scripts/audio-make-fixtures.py', 'decoder': 'opusdec --float --rate 48000',
                'clips': clips}
    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')


def ogg_crc(page):
    crc = 0
    for b in page:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def set_ogg_serial(path, serial):
    """Encoders pick a random Ogg stream serial; fix it (and each page CRC) so the fixtures are reproducible."""
    data = bytearray(open(path, 'rb').read())
    pos = 0
    while pos < len(data):
        assert data[pos:pos + 4] == b'OggS'
        segments = data[pos + 26]
        end = pos + 27 + segments + sum(data[pos + 27:pos + 27 + segments])
        data[pos + 14:pos + 18] = serial.to_bytes(4, 'little')
        data[pos + 22:pos + 26] = bytes(4)
        data[pos + 22:pos + 26] = ogg_crc(data[pos:end]).to_bytes(4, 'little')
        pos = end
    open(path, 'wb').write(bytes(data))


def make_sources(out):
    rng = np.random.default_rng(7)
    rate = 22050
    t = np.arange(int(0.3 * rate)) / rate
    left = 0.5 * np.sin(2 * np.pi * 440 * t) + 0.003 * rng.standard_normal(len(t))
    right = 0.3 * np.sin(2 * np.pi * (200 * t + 4000 * t ** 2)) + 0.2 * np.sin(2 * np.pi * 3000 * t)
    stereo = np.round(np.stack([left, right], axis=1) * 32767).astype(np.int64)
    write_pcm_wav(os.path.join(out, 'source-stereo16.wav'), stereo, rate, 2)
    rate24 = 48000
    t = np.arange(int(0.05 * rate24)) / rate24
    mono = 0.7 * np.sin(2 * np.pi * 1234.5 * t) + 0.001 * rng.standard_normal(len(t))
    mono24 = np.round(mono[:, None] * 8388607).astype(np.int64)
    write_pcm_wav(os.path.join(out, 'source-mono24.wav'), mono24, rate24, 3)


def make_codecs():
    out = os.path.join(FIX, 'codecs')
    os.makedirs(out, exist_ok=True)
    make_sources(out)
    src = os.path.join(out, 'source-stereo16.wav')
    run('flac', '--silent', '-f', '-8', '--no-padding', '-o', os.path.join(out, 'stereo16.flac'), src)
    run('flac', '--silent', '-f', '-8', '--no-padding', '-o', os.path.join(out, 'mono24.flac'), os.path.join(out, 'source-mono24.wav'))
    run('sox', src, '-C', '3', os.path.join(out, 'stereo.ogg'))
    set_ogg_serial(os.path.join(out, 'stereo.ogg'), 0x5EC7)
    run('lame', '--quiet', '-b', '64', src, os.path.join(out, 'stereo.mp3'))
    run('flac', '--silent', '-f', '-8', '--no-padding', '--ogg', '--serial-number=24', '-o',
        os.path.join(out, 'mono24.oga'), os.path.join(out, 'source-mono24.wav'))
    run('lame', '--quiet', '-b', '64', '-m', 'm', '--add-id3v2', '--tt', 'spectromix fixture', src,
        os.path.join(out, 'mono-id3.mp3'))


def make_wav_variants():
    out = os.path.join(FIX, 'wav')
    os.makedirs(out, exist_ok=True)
    src = os.path.join(FIX, 'codecs', 'source-stereo16.wav')
    variants = {
        'u8.wav': ['-e', 'unsigned-integer', '-b', '8'],
        's24.wav': ['-e', 'signed-integer', '-b', '24'],
        's32.wav': ['-e', 'signed-integer', '-b', '32'],
        'f32.wav': ['-e', 'floating-point', '-b', '32'],
        'f64.wav': ['-e', 'floating-point', '-b', '64'],
        'alaw.wav': ['-e', 'a-law', '-b', '8'],
        'mulaw.wav': ['-e', 'mu-law', '-b', '8'],
    }
    for name, fmt in variants.items():
        run('sox', '-D', src, *fmt, os.path.join(out, name), 'trim', '0', '1024s')
    # 4 channels (sox writes WAVE_FORMAT_EXTENSIBLE): left, right, -left, silence.
    run('sox', '-D', src, '-b', '16', os.path.join(out, 'quad16.wav'), 'trim', '0', '1024s',
        'remix', '1', '2', '1v-1', '0')
    codes = bytes(range(256))
    g711 = {'alaw': list(np.frombuffer(audioop.alaw2lin(codes, 2), '<i2').tolist()),
            'mulaw': list(np.frombuffer(audioop.ulaw2lin(codes, 2), '<i2').tolist()),
            'source': 'Python audioop.alaw2lin / ulaw2lin, 16-bit linear, index = code'}
    with open(os.path.join(out, 'g711.json'), 'w') as f:
        json.dump(g711, f)
        f.write('\n')


def main():
    for tool in ('opusdec', 'flac', 'sox', 'lame'):
        if shutil.which(tool) is None:
            sys.exit(f'{tool} is not on PATH (apt-get install opus-tools flac sox lame)')
    make_opus_probes()
    make_codecs()
    make_wav_variants()
    print(f'wrote fixtures under {os.path.relpath(FIX)}', file=sys.stderr)


if __name__ == '__main__':
    main()
