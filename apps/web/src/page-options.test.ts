import { describe, expect, it } from 'vitest';
import { pageOptions } from './page-options.js';

describe('pageOptions', () => {
  it('defaults to every browser backend, fastest first, and no preselected model', () => {
    expect(pageOptions('')).toEqual({ backends: ['webgpu', 'webgl', 'wasm', 'cpu'], model: null, precision: 'auto' });
  });

  it('narrows the backends and picks the model from the query string, ignoring unknown names', () => {
    expect(pageOptions('?backends=wasm,%20cpu,tensorflow&model=fsdd-digits')).toEqual({ backends: ['wasm', 'cpu'], model: 'fsdd-digits', precision: 'auto' });
  });

  it('falls back to every backend when none of the names is known', () => {
    expect(pageOptions('?backends=gpu').backends).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('reads the precision, ignoring unknown values', () => {
    expect(pageOptions('?precision=fp32').precision).toBe('fp32');
    expect(pageOptions('?precision=f16').precision).toBe('f16');
    expect(pageOptions('?precision=bf16').precision).toBe('auto');
  });
});
