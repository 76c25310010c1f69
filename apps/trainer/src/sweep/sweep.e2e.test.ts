import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import { encodeWav } from '@spectromix/dsp';
import { parseWithNonFinite } from '@spectromix/train';
import { renderClip } from '@spectromix/datasets';
import { resolveRunConfig } from '../config/resolve.js';
import { formatKFold, kFoldReport } from '../commands/kfold.js';
import { runPaths } from '../run/run-dir.js';
import { trainRun } from '../run/train-run.js';
import { startCli } from '../test-utils/run-cli.js';
import { sweepCommand } from './submit.js';
import { sweepStatusCommand } from './status.js';
import { sweepResultsCommand } from './results.js';
import { TestServer } from '../test-utils/valkey.js';
import { jobId, KEY_PREFIX, QUEUE_NAME, type SweepJobData, type SweepJobResult } from './job.js';

// A real Valkey/Redis server on a free loopback port, three `spectromix worker` processes, and sweeps of small
// 2-fold jobs (an FSDD-named folder of generated clips: 2 speakers, 3 classes, takes 0 (validates: FSDD's official
// held-out takes) and 5-6 (train); 32 frames, 3 epochs, wasm).
const root = mkdtempSync(join(tmpdir(), 'spectromix-sweep-'));
const PASSWORD = 'sweep-test-Secret-9f2c';
const SPEAKERS = ['ann', 'bob'];
let server: TestServer;
let queue: Queue<SweepJobData, SweepJobResult>;
let events: Redis;
const workers: { child: ChildProcess; out: string[] }[] = [];
const outputs: string[] = [];

type Result = { history: unknown; test: unknown; validation: unknown; best: unknown };
const readResult = (dir: string): Result => parseWithNonFinite(readFileSync(join(dir, 'result.json'), 'utf8')) as Result;
/** The run log's complete lines: a worker may be writing the last one while the test polls. */
const logEvents = (dir: string): { event: string; epoch?: number; resumedFrom?: unknown }[] => {
  if (!existsSync(join(dir, 'log.jsonl'))) return [];
  const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a line still being written
  return lines.filter((l) => l.length > 0).map((l) => JSON.parse(l) as { event: string });
};

/** Runs a sweep command in this process (the workers are the real CLI in child processes) and returns what it printed. */
async function cli(command: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    await command();
  } finally {
    spy.mockRestore();
  }
  outputs.push(lines.join('\n'));
  return lines.join('\n');
}
const submit = (spec: string, options: Record<string, unknown> = {}): Promise<string> => cli(() => sweepCommand(join(root, spec), options));
const lastLine = (text: string): string => text.trim().split('\n').pop() as string;

/** The serial reference: each fold of a variant trained one after the other in this process; the k-fold table `spectromix kfold` prints. */
async function serialRuns(variant: string, layer: Record<string, unknown>): Promise<string> {
  const dirs: string[] = [];
  for (let fold = 0; fold < SPEAKERS.length; fold++) {
    const config = resolveRunConfig({ recipe: join(root, 'recipe.json'), flags: { ...layer, data: { split: { fold } } } }).config;
    const paths = runPaths(join(root, 'serial', variant, `fold-${fold}`));
    mkdirSync(paths.dir, { recursive: true });
    await trainRun(config, { paths, print: () => undefined, progressStream: { write: () => true } as unknown as NodeJS.WriteStream });
    dirs.push(paths.dir);
  }
  return formatKFold(kFoldReport(dirs)).split('\n').slice(0, 3).join('\n');
}

function startWorker(n: number): void {
  const child = startCli(['worker', '--runs', join(root, 'runs'), '--lock-seconds', '3', '--concurrency', '1']);
  const out: string[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => out.push(d.toString()));
  workers[n] = { child, out };
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, seconds: number): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The ids of BullMQ's `completed` events in the queue's event stream (each finished job appears once). */
async function completedEvents(): Promise<string[]> {
  const entries = await events.xrange(`${KEY_PREFIX}:${QUEUE_NAME}:events`, '-', '+');
  return entries.map(([, f]) => Object.fromEntries(f.flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]]] : [])))).filter((e) => e['event'] === 'completed').map((e) => e['jobId'] as string);
}

async function allDone(sweep: string, labels: string[], seconds: number): Promise<void> {
  await until(
    `sweep ${sweep} to finish`,
    async () => {
      const states = await Promise.all(labels.map(async (l) => (await queue.getJob(jobId(sweep, l)))?.getState()));
      if (states.includes('failed')) throw new Error(`a job failed: ${states.join(', ')}`);
      return states.every((s) => s === 'completed') ? true : undefined;
    },
    seconds,
  );
}

const recipe = {
  model: { preset: 'asm-rh-tiny' },
  data: { dataset: 'fsdd', root: join(root, 'fsdd'), targetLength: 32, workers: 0, split: { kind: 'folds', by: 'speaker', folds: SPEAKERS.map((s) => [s]), fold: 0, validation: 'official' } },
  optimizer: { lr: 0.002 },
  train: { epochs: 3, batchSize: 6, testEachEpoch: true },
  checkpoint: { everySteps: 1, keepLast: 50 },
  run: { backend: 'wasm' },
};
const serial: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(join(root, 'fsdd', 'recordings'), { recursive: true });
  let seed = 1;
  for (const speaker of SPEAKERS) for (const digit of [0, 1, 2]) for (const take of [0, 5, 6]) {
    writeFileSync(join(root, 'fsdd', 'recordings', `${digit}_${speaker}_${take}.wav`), encodeWav([renderClip(digit, 5360, 16000, new SeededRng(seed++))], 16000));
  }
  writeFileSync(join(root, 'recipe.json'), JSON.stringify(recipe));
  writeFileSync(join(root, 'ablation.json'), JSON.stringify({ name: 'ablation', recipe: './recipe.json', variants: { rh: {}, mixer: { model: { hermit: false, roll: false } } } }));
  writeFileSync(join(root, 'plain.json'), JSON.stringify({ recipe: './recipe.json', variants: { rh: {} } }));
  mkdirSync(join(root, 'server'));
  server = await TestServer.start(join(root, 'server'), PASSWORD);
  process.env['SPECTROMIX_QUEUE'] = server.url; // the workers and commands read it: the password stays out of argv
  process.env['SPECTROMIX_CACHE'] = join(root, 'cache');
  queue = new Queue(QUEUE_NAME, { prefix: KEY_PREFIX, connection: { url: server.url } });
  events = new Redis(server.url);
  // Both reconnect by themselves across the server restart.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  for (let n = 0; n < 3; n++) startWorker(n);
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode == null && w.child.signalCode == null) w.child.kill('SIGKILL');
  await queue?.close();
  events?.disconnect();
  await server?.stop('SIGKILL');
  delete process.env['SPECTROMIX_QUEUE'];
  rmSync(root, { recursive: true, force: true });
});

describe('spectromix sweep + worker on a real Valkey/Redis server', () => {
  it('kill -9 of a worker mid-job: the job resumes on another worker from its checkpoint; every job finishes once, with the metrics of a serial run', async () => {
    const submitted = await submit('ablation.json');
    const id = lastLine(submitted);
    expect(id).toMatch(/^ablation-[0-9a-f]{10}$/);
    expect(submitted).toMatch(/4 jobs, 4 added/);
    expect(await submit('ablation.json')).toMatch(/4 jobs, 0 added, 4 already queued or done/);
    const labels = ['rh', 'mixer'].flatMap((v) => [0, 1].map((f) => `${v}-seed0-fold${f}`));

    // A job in its second epoch, and the worker running it (from the job's processedBy, host:pid).
    const victim = await until(
      'a job in its second epoch',
      async () => {
        for (const l of labels) {
          // In its second epoch of three (not past it), so a whole epoch is still to come after the kill.
          const seen = logEvents(join(root, 'runs', id, l));
          if (seen.some((e) => e.event === 'step' && e.epoch === 1) && !seen.some((e) => e.event === 'epoch' && e.epoch === 1)) {
            const by = (await queue.getJob(jobId(id, l)))?.processedBy;
            const w = workers.find((x) => by?.endsWith(`:${x.child.pid}`));
            if (w != null) return { label: l, worker: w };
          }
        }
        return undefined;
      },
      90,
    );
    victim.worker.child.kill('SIGKILL');
    await allDone(id, labels, 150);

    // Each job completed once (BullMQ's event stream), and its run folder holds one finished run.
    const completed = (await completedEvents()).filter((j) => j.startsWith(id));
    expect(completed.sort()).toEqual(labels.map((l) => jobId(id, l)).sort());
    for (const l of labels) expect(logEvents(join(root, 'runs', id, l)).filter((e) => e.event === 'result')).toHaveLength(1);
    // The killed job restarted once, from a checkpoint: a second start event that names it.
    const starts = logEvents(join(root, 'runs', id, victim.label)).filter((e) => e.event === 'start');
    expect(starts).toHaveLength(2);
    expect(starts[1]?.resumedFrom).not.toBeNull();
    expect((await queue.getJob(jobId(id, victim.label)))?.stalledCounter).toBe(1);

    // Serial runs of the same configurations, built here from the recipe (not from the sweep's jobs).
    serial['rh'] = await serialRuns('rh', {});
    serial['mixer'] = await serialRuns('mixer', { model: { hermit: false, roll: false } });
    for (const l of labels) {
      const [variant, , fold] = l.split('-');
      const a = readResult(join(root, 'serial', variant as string, `fold-${(fold as string).slice(4)}`));
      const b = readResult(join(root, 'runs', id, l));
      expect(b.history).toEqual(a.history);
      expect(b.best).toEqual(a.best);
      expect(b.test).toEqual(a.test);
    }

    // `sweep results` prints the serial k-fold tables (from the results the jobs returned through the queue).
    const results = await cli(() => sweepResultsCommand(id, { out: join(root, 'results.json') }));
    for (const v of ['rh', 'mixer']) expect(results.split(`== ${v}-seed0 ==`)[1]).toContain(serial[v]);
    const status = await cli(() => sweepStatusCommand(id, {}));
    expect(status).toMatch(/4 jobs, 4 done\. Finished\./);
    expect(status).toMatch(new RegExp(`${victim.label}\\s+done\\s+\\S+:\\d+\\s+100%\\s+1\\+1 stalled`));
  }, 300_000);

  it('a job that cannot succeed (missing data, an invalid config) fails once with its error; a worker refuses an invalid config', async () => {
    writeFileSync(join(root, 'nodata.json'), JSON.stringify({ ...recipe, data: { ...recipe.data, root: join(root, 'no-such-folder') } }));
    const id = lastLine(await submit('nodata.json', { folds: '0' }));
    // Added by hand, as someone with access to the server could: a config the schema rejects.
    const bad = await queue.add('bad', { sweep: 'x', label: 'bad', group: 'bad', variant: 'v', fold: null, seed: 0, grid: {}, config: { model: { preset: 'asm-rh-huge' } } } as unknown as SweepJobData, { jobId: 'x.bad', attempts: 3 });
    const job = await until('the missing-data job to fail', async () => ((await queue.getJob(jobId(id, 'base-seed0-fold0')))?.failedReason ? queue.getJob(jobId(id, 'base-seed0-fold0')) : undefined), 90);
    expect(await job!.getState()).toBe('failed'); // not 'delayed' for a retry
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toMatch(/no-such-folder/);
    const refused = await until('the invalid job to be refused', async () => ((await queue.getJob(bad.id!))?.failedReason ? queue.getJob(bad.id!) : undefined), 30);
    expect(await refused!.getState()).toBe('failed');
    expect(refused!.failedReason).toMatch(/refused job x\.bad: .*model\.preset/s);
    expect(await cli(() => sweepStatusCommand(id, {}))).toMatch(/failed .*no-such-folder/);
  }, 120_000);

  it('a server restart mid-sweep (AOF on) loses no job; workers reconnect and keep their runs', async () => {
    const id = lastLine(await submit('plain.json', { name: 'restart' }));
    const labels = [0, 1].map((f) => `rh-seed0-fold${f}`);
    await until('a running job', () => (labels.some((l) => logEvents(join(root, 'runs', id, l)).some((e) => e.event === 'step')) ? true : undefined), 90);
    await server.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    await server.restart();
    await allDone(id, labels, 150);
    const completed = (await completedEvents()).filter((j) => j.startsWith(id));
    expect(completed.sort()).toEqual(labels.map((l) => jobId(id, l)).sort());
    const alive = workers.filter((w) => w.child.exitCode == null && w.child.signalCode == null);
    expect(alive).toHaveLength(2); // the two left by the first test, never restarted
    for (const [f, l] of labels.entries()) {
      const a = readResult(join(root, 'serial', 'rh', `fold-${f}`));
      const b = readResult(join(root, 'runs', id, l));
      expect(b.history).toEqual(a.history);
      expect(b.test).toEqual(a.test);
      expect(logEvents(join(root, 'runs', id, l)).filter((e) => e.event === 'result')).toHaveLength(1);
    }
    expect((await cli(() => sweepResultsCommand(id, {}))).split('== rh-seed0 ==')[1]).toContain(serial['rh']);
    // Graceful stop (Ctrl-C) of the workers; then no output of any process showed the password.
    for (const w of alive) w.child.kill('SIGINT');
    await Promise.all(alive.map((w) => new Promise((r) => w.child.on('close', r))));
    const all = [...outputs, ...workers.flatMap((w) => w.out)].join('');
    expect(all).toContain(':***@127.0.0.1');
    expect(all).not.toContain(PASSWORD);
  }, 300_000);
});
