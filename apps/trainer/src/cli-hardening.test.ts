import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import { encodeWav } from '@spectromix/dsp';
import { renderClip } from '@spectromix/datasets';
import { sharedDataDir } from './data/roots.js';
import { APP_DIR, runCli } from './test-utils/run-cli.js';
import pkg from '../package.json' with { type: 'json' };

// Bad inputs and bad paths across the CLI (issue 23): every command that writes checks its output path before
// working, failures are one line with an exit code from the README's table, nothing half-done is left behind.
const out = mkdtempSync(join(tmpdir(), 'spectromix-harden-'));
chmodSync(out, 0o755);
const run = join(out, 'runs', 'tiny');
const file = join(out, 'a-file');
const audio = join(out, 'audio');
/** One epoch on 24 embedded clips of 32 frames: a model to predict and export with, in a few seconds. */
const tiny = ['--set', 'data.synthetic={"train":2,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '6', '--epochs', '1', '--set', 'train.testEachEpoch=true', '--backend', 'wasm', '--workers', '0'];

/** No stack trace, no "unexpected error", one line on stderr (the warnings of the run aside). */
function expectOneLine(stderr: string, message: RegExp): void {
  const errors = stderr.split('\n').filter((l) => l.startsWith('error'));
  expect(errors, stderr).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
}

beforeAll(async () => {
  writeFileSync(file, 'not a folder');
  mkdirSync(audio);
  for (const [i, c] of [0, 3, 4].entries()) writeFileSync(join(audio, `clip${i}.wav`), encodeWav([renderClip(c, 5360, 16000, new SeededRng(200 + i))], 16000));
  writeFileSync(join(audio, 'x.opus'), Uint8Array.from({ length: 700 }, (_, i) => (i * 7919) % 251));
  const r = await runCli(['train', ...tiny, '--out', join(out, 'runs'), '--name', 'tiny']);
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('spectromix: version and output paths', () => {
  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('a path whose parent is a file: every command that writes stops before working, exit 3, one line', async () => {
    const cases: [string, string[]][] = [
      ['train', ['train', ...tiny, '--out', join(file, 'runs')]],
      ['quickstart', ['quickstart', ...tiny, '--out', join(file, 'runs')]],
      ['predict', ['predict', run, audio, '--backend', 'wasm', '--output', join(file, 'p.json')]],
      ['export', ['export', run, '--out', join(file, 'model')]],
      ['export --single-file', ['export', run, '--single-file', '--out', join(file, 'm.safetensors')]],
      ['kfold', ['kfold', run, run, '--out', join(file, 'kfold.json')]],
    ];
    const results = await Promise.all(cases.map(([, args]) => runCli(args)));
    results.forEach((r, i) => {
      expect(r.code, `${cases[i]![0]}: ${r.stderr}`).toBe(3);
      expectOneLine(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a file`));
      // Checked first: no prediction, no training output, nothing but the message.
      expect(r.stdout).not.toMatch(/Training|Exported|"label"/);
    });
    expect(readdirSync(out).sort()).toEqual(['a-file', 'audio', 'runs']);
  });

  it('a folder that is not writable (as a user without rights to it): exit 3 before any work', async () => {
    const locked = join(out, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    // As root every folder is writable; the check then runs as the unprivileged user 'nobody' (uid 65534).
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@spectromix/source', join(APP_DIR, 'src/cli.ts'), 'predict', run, audio, '--backend', 'wasm', '--output', join(locked, 'p.json')], {
      cwd: APP_DIR,
      env: { ...process.env, HOME: out },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...asUser,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(3);
    expectOneLine(stderr, /the folder .*locked is not writable/);
  });

  it('kfold and export write their results atomically: the target appears whole, no temporary file is left', async () => {
    const single = join(out, 'exports', 'm.safetensors');
    const r = await runCli(['export', run, '--single-file', '--out', single]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'exports'))).toEqual(['m.safetensors']);
  });
});

describe('spectromix predict: damaged files are skipped, not fatal', () => {
  it('a folder with one corrupt file: the others are classified, a warning and a summary name it, exit 0', async () => {
    const output = join(out, 'predictions.json');
    const r = await runCli(['predict', run, audio, '--backend', 'wasm', '--output', output]);
    expect(r.code, r.stderr).toBe(0);
    const predictions = JSON.parse(readFileSync(output, 'utf8')) as { file: string }[];
    expect(predictions.map((p) => p.file.split('/').pop())).toEqual(['clip0.wav', 'clip1.wav', 'clip2.wav']);
    expect(r.stderr).toMatch(/warning: skipped .*x\.opus: cannot be decoded/);
    expect(r.stderr).toMatch(/3 of 4 files classified; 1 skipped: .*x\.opus\./);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--strict: the results are written, and the exit code says a file was skipped', async () => {
    const output = join(out, 'strict.json');
    const r = await runCli(['predict', run, audio, '--backend', 'wasm', '--output', output, '--strict']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toHaveLength(3);
    expectOneLine(r.stderr, /--strict: 1 of 4 files could not be classified/);
  });

  it('nothing decodable: exit 1, nothing written', async () => {
    const output = join(out, 'none.json');
    const r = await runCli(['predict', run, join(audio, 'x.opus'), '--backend', 'wasm', '--output', output]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /0 of 1 files classified; 1 skipped/);
    expect(existsSync(output)).toBe(false);
  });
});

describe('spectromix: data problems in the CLI user\'s terms', () => {
  it('a missing data folder lists the expected layout and leaves no run folder behind', async () => {
    const runs = join(out, 'failed-start');
    const r = await runCli(['train', '--dataset', 'fsdd', '--data', join(out, 'no-such-folder'), '--backend', 'cpu', '--out', runs]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /expected 'recordings\/\{digit\}_\{speaker\}_\{take\}\.wav/);
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
  });

  it("--dataset folder with the default split: a --set data.split=... hint before any feature is extracted", async () => {
    const folder = join(out, 'folder-data');
    for (const c of ['a', 'b']) {
      mkdirSync(join(folder, c), { recursive: true });
      writeFileSync(join(folder, c, '1.wav'), encodeWav([renderClip(0, 5360, 16000, new SeededRng(1))], 16000));
    }
    const cache = join(out, 'cache');
    const r = await runCli(['train', '--dataset', 'folder', '--data', folder, '--backend', 'cpu', '--out', join(out, 'runs-folder'), '--set', `data.cacheDir="${cache}"`]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /--set 'data\.split=\{"kind":"random"/);
    expect(r.stderr).not.toMatch(/foldSplit|speakerKFold|holdOutSpeakers/);
    expect(existsSync(cache)).toBe(false);
  });

  it('--recipe speech-commands --fold 1: "Speech Commands has no folds"; --recipe fsdd --fold 9: its 5 folds', async () => {
    const r = await runCli(['train', '--recipe', 'speech-commands', '--fold', '1']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /Speech Commands has no folds/);
    const f = await runCli(['train', '--recipe', 'fsdd', '--fold', '9']);
    expect(f.code).toBe(2);
    expectOneLine(f.stderr, /has 5 folds, numbered 0 to 4, or named by a speaker/);
  });

  it('FSDD files whose names do not fit are summarised in a warning and listed by stats', async () => {
    const shared = sharedDataDir();
    expect(shared, 'the shared datasets (../shared/datasets or SPECTROMIX_DATA) are needed').toBeDefined();
    const recordings = join(out, 'fsdd', 'recordings');
    mkdirSync(recordings, { recursive: true });
    for (const name of ['0_george_0.opus', '1_george_5.opus', '0_jackson_6.opus', '1_jackson_1.opus']) symlinkSync(join(shared!, 'fsdd', 'recordings', name), join(recordings, name));
    writeFileSync(join(recordings, 'x.wav'), '');
    writeFileSync(join(recordings, '1_george_x.wav'), '');
    const split = '{"kind":"hold-out-speakers","test":["jackson"],"validation":"official"}';
    const r = await runCli(['stats', '--dataset', 'fsdd', '--data', join(out, 'fsdd'), '--workers', '0', '--set', `data.split=${split}`, '--set', `data.cacheDir="${join(out, 'cache-fsdd')}"`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: fsdd: 2 file\(s\) or folder\(s\) skipped .*1_george_x\.wav \(.*not an FSDD name/);
    expect(r.stdout).toMatch(/2 problem\(s\)/);
    expect(r.stdout).toMatch(/x\.wav: 'x\.wav' is not an FSDD name/);
  });
});

describe("Dawn's start-up warnings in the CLI's output", () => {
  it('are not printed with --backend auto, and are kept under --verbose (CI: Mesa lavapipe, which prints them)', async () => {
    const args = ['predict', run, join(audio, 'clip0.wav'), '--backend', 'auto'];
    const [quiet, verbose] = await Promise.all([runCli(args), runCli([...args, '--verbose'])]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/artificially reduced/);
    expect(verbose.stderr).toMatch(/Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced/);
    expect(JSON.parse(quiet.stdout)).toEqual(JSON.parse(verbose.stdout));
  });
});

