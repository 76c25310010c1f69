/** Radices the WGSL FFT implements; lengths whose factors are all among them run in one program. */
export const WGSL_RADICES = [4, 2, 3, 5] as const;

function f(v: number): string {
  const s = v.toPrecision(9);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * WGSL statements for a radix-`r` DFT of the `vec2<f32>` values `a[0..r)` (names given) into `y[0..r)`
 * (declared here as `let` with the given names), direction `sigma` (`W = e^{sigma 2 pi i / r}`).
 */
export function butterflyWgsl(r: number, sigma: 1 | -1, a: string[], y: string[], tag: string): string {
  const [a0, a1, a2, a3, a4] = a as [string, string, string, string, string];
  const [y0, y1, y2, y3, y4] = y as [string, string, string, string, string];
  const t = (name: string): string => `${name}_${tag}`;
  switch (r) {
    case 2:
      return `let ${y0} = ${a0} + ${a1}; let ${y1} = ${a0} - ${a1};`;
    case 4:
      return [
        `let ${t('t0')} = ${a0} + ${a2}; let ${t('t1')} = ${a0} - ${a2};`,
        `let ${t('t2')} = ${a1} + ${a3}; let ${t('d')} = ${a1} - ${a3};`,
        `let ${t('t3')} = vec2<f32>(${f(-sigma)} * ${t('d')}.y, ${f(sigma)} * ${t('d')}.x);`,
        `let ${y0} = ${t('t0')} + ${t('t2')}; let ${y1} = ${t('t1')} + ${t('t3')};`,
        `let ${y2} = ${t('t0')} - ${t('t2')}; let ${y3} = ${t('t1')} - ${t('t3')};`,
      ].join('\n');
    case 3: {
      const k = f((sigma * Math.sqrt(3)) / 2);
      return [
        `let ${t('s')} = ${a1} + ${a2}; let ${t('d')} = ${a1} - ${a2};`,
        `let ${t('b')} = ${a0} - 0.5 * ${t('s')};`,
        `let ${t('r')} = vec2<f32>(-${k} * ${t('d')}.y, ${k} * ${t('d')}.x);`,
        `let ${y0} = ${a0} + ${t('s')}; let ${y1} = ${t('b')} + ${t('r')}; let ${y2} = ${t('b')} - ${t('r')};`,
      ].join('\n');
    }
    case 5: {
      const c1 = f(Math.cos((2 * Math.PI) / 5)), c2 = f(Math.cos((4 * Math.PI) / 5));
      const s1 = f(sigma * Math.sin((2 * Math.PI) / 5)), s2 = f(sigma * Math.sin((4 * Math.PI) / 5));
      return [
        `let ${t('t1')} = ${a1} + ${a4}; let ${t('d1')} = ${a1} - ${a4};`,
        `let ${t('t2')} = ${a2} + ${a3}; let ${t('d2')} = ${a2} - ${a3};`,
        `let ${t('b1')} = ${a0} + ${c1} * ${t('t1')} + ${c2} * ${t('t2')};`,
        `let ${t('b2')} = ${a0} + ${c2} * ${t('t1')} + ${c1} * ${t('t2')};`,
        `let ${t('e1')} = ${s1} * ${t('d1')} + ${s2} * ${t('d2')};`,
        `let ${t('e2')} = ${s2} * ${t('d1')} - ${s1} * ${t('d2')};`,
        `let ${y0} = ${a0} + ${t('t1')} + ${t('t2')};`,
        `let ${y1} = ${t('b1')} + vec2<f32>(-${t('e1')}.y, ${t('e1')}.x); let ${y4} = ${t('b1')} - vec2<f32>(-${t('e1')}.y, ${t('e1')}.x);`,
        `let ${y2} = ${t('b2')} + vec2<f32>(-${t('e2')}.y, ${t('e2')}.x); let ${y3} = ${t('b2')} - vec2<f32>(-${t('e2')}.y, ${t('e2')}.x);`,
      ].join('\n');
    }
    default:
      throw new Error(`no WGSL butterfly for radix ${r}`);
  }
}
