import { expect, it } from 'vitest';
import { logMatMulLaunch, startMatMulLog, takeMatMulLog, type MatMulLaunch } from './launch-log.js';

const launch: MatMulLaunch = { kind: 'product', batch: 2, m: 3, n: 4, k: 5, transposeA: false, transposeB: true, epilogue: 'none', roll: null, plan: '16x16x4/1', flops: 240 };

it('records launches only while a log is open, in order', () => {
  logMatMulLaunch(launch);
  expect(takeMatMulLog()).toEqual([]);
  startMatMulLog();
  logMatMulLaunch(launch);
  logMatMulLaunch({ ...launch, kind: 'split-sum', flops: 0 });
  expect(takeMatMulLog().map((l) => l.kind)).toEqual(['product', 'split-sum']);
  logMatMulLaunch(launch);
  expect(takeMatMulLog()).toEqual([]);
});
