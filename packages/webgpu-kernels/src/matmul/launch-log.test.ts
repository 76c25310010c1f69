import { expect, it } from 'vitest';
import { logMatMulLaunch, startMatMulLog, takeMatMulLog, type MatMulLaunch } from './launch-log.js';

const launch: MatMulLaunch = { kind: 'product', batch: 2, m: 3, n: 4, k: 5, transposeA: false, transposeB: true, epilogue: 'none', roll: null, plan: '16x16x4/1', flops: 240 };

it('records launches only while a log is open, in order, and builds none outside one', () => {
  let built = 0;
  const make = (l: MatMulLaunch) => () => {
    built += 1;
    return l;
  };
  logMatMulLaunch(make(launch));
  expect(takeMatMulLog()).toEqual([]);
  expect(built).toBe(0);
  startMatMulLog();
  logMatMulLaunch(make(launch));
  logMatMulLaunch(make({ ...launch, kind: 'split-sum', flops: 0 }));
  expect(takeMatMulLog().map((l) => l.kind)).toEqual(['product', 'split-sum']);
  logMatMulLaunch(make(launch));
  expect(takeMatMulLog()).toEqual([]);
  expect(built).toBe(2);
});
