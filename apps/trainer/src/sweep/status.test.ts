import { describe, expect, it } from 'vitest';
import { formatKFold, kFoldReportOf, foldRun } from '../commands/kfold.js';
import { groupResults, formatResults } from './results.js';
import { estimateSeconds, formatStatus, type StatusRow } from './status.js';
import type { SweepRecord } from './store.js';

const row = (label: string, state: StatusRow['state'], fraction: number, seconds: number | null): StatusRow => ({ label, state, where: state === 'running' ? 'gpu-a:42' : '', fraction, attempts: 0, stalls: 0, seconds, note: '' });

describe('sweep status', () => {
  it('ETA: jobs left x mean job time / jobs running', () => {
    // Two done in 100 s each; one running half way; two queued: 2.5 jobs left at 100 s over 1 running worker.
    expect(estimateSeconds([row('a', 'done', 1, 100), row('b', 'done', 1, 100), row('c', 'running', 0.5, 50), row('d', 'queued', 0, null), row('e', 'queued', 0, null)])).toBeCloseTo(250);
    // Nothing done yet: the running jobs' pace (30 s for 25% -> 120 s a job), 2 running: (0.75 + 0.75 + 1) x 120 / 2.
    expect(estimateSeconds([row('a', 'running', 0.25, 30), row('b', 'running', 0.25, 30), row('c', 'queued', 0, null)])).toBeCloseTo(150);
    expect(estimateSeconds([row('a', 'queued', 0, null)])).toBeNull();
    expect(estimateSeconds([row('a', 'done', 1, 5)])).toBe(0);
  });

  it('prints counts, ETA and one line per job with where it runs', () => {
    const record: SweepRecord = { id: 's-1', name: 's', source: 'x', created: '', jobs: [] };
    const text = formatStatus(record, 'redis://:***@h:1', [row('a', 'done', 1, 100), { ...row('b', 'running', 0.5, 50), note: 'epoch 2/4' }, { ...row('c', 'failed', 0, 3), note: 'DataError: no data' }]);
    expect(text).toMatch(/^Sweep s-1 on redis:\/\/:\*\*\*@h:1: 3 jobs, 1 done, 1 running, 1 failed\. ETA 50s/);
    expect(text).toMatch(/\nb\s+running\s+gpu-a:42\s+50%.*epoch 2\/4/);
    expect(text).toMatch(/\nc\s+failed.*DataError: no data/);
  });
});

describe('sweep results', () => {
  it("groups folds by variant / grid / seed and prints kfold's table once every fold is done", () => {
    const result = (acc: number[]): string =>
      JSON.stringify({ history: acc.map((a) => ({ validation: { accuracy: a, macroAuc: a / 2 }, test: { accuracy: a - 0.1, macroAuc: a / 3 } })), split: { heldOut: ['x'], selection: 'inner' }, samplesPerSecond: 10, wallSeconds: 60 });
    const record: SweepRecord = {
      id: 's-1',
      name: 's',
      source: 'x',
      created: '',
      jobs: ['rh', 'mixer'].flatMap((variant) => [0, 1].map((fold) => ({ label: `${variant}-seed0-fold${fold}`, group: `${variant}-seed0`, fold, variant }))),
    };
    const results = new Map([
      ['rh-seed0-fold0', { runDir: '/r/a', worker: 'w', result: result([0.6, 0.55, 0.3]) }],
      ['rh-seed0-fold1', { runDir: '/r/b', worker: 'w', result: result([0.2, 0.4, 0.5]) }],
      ['mixer-seed0-fold0', { runDir: '/r/c', worker: 'w', result: result([0.1, 0.2, 0.3]) }],
    ]);
    const groups = groupResults(record, results);
    const expected = kFoldReportOf([foldRun('/r/a', result([0.6, 0.55, 0.3]), 'a'), foldRun('/r/b', result([0.2, 0.4, 0.5]), 'b')]);
    expect(groups[0]).toEqual({ group: 'rh-seed0', jobs: 2, done: 2, kfold: expected, run: null });
    expect(groups[0]!.kfold!.bestEpoch).toBe(1);
    expect(groups[1]).toMatchObject({ group: 'mixer-seed0', done: 1, kfold: null });
    const text = formatResults(record, groups);
    expect(text).toContain(`== rh-seed0 ==\n${formatKFold(expected)}`);
    expect(text).toContain('== mixer-seed0 ==\n1/2 jobs done');
  });
});
