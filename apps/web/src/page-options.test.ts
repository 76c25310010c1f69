import { describe, expect, it } from 'vitest';
import { pageOptions } from './page-options.js';

describe('pageOptions', () => {
  it('defaults to every browser backend, fastest first, and no preselected model', () => {
    expect(pageOptions('')).toEqual({ backends: ['webgpu', 'webgl', 'wasm', 'cpu'], model: null });
  });

  it('narrows the backends and picks the model from the query string, ignoring unknown names', () => {
    expect(pageOptions('?backends=wasm,%20cpu,tensorflow&model=fsdd-digits')).toEqual({ backends: ['wasm', 'cpu'], model: 'fsdd-digits' });
  });

  it('falls back to every backend when none of the names is known', () => {
    expect(pageOptions('?backends=gpu').backends).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});
