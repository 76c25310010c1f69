import type { SeededRng } from '@spectromix/tensor';

/** A Gamma(shape, 1) sample (Marsaglia & Tsang 2000; shape < 1 through the boost `G(a+1) * U^(1/a)`). */
export function sampleGamma(shape: number, rng: SeededRng): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return sampleGamma(shape + 1, rng) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) sample as `X / (X + Y)` with X ~ Gamma(a), Y ~ Gamma(b) (numpy's `random.beta` for a, b > 1). */
export function sampleBeta(a: number, b: number, rng: SeededRng): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  return x + y === 0 ? 0.5 : x / (x + y);
}
