/**
 * Modified Bessel function of the first kind, order 0 (torch.i0), by its power series
 * sum_k ((x/2)^k / k!)^2, summed until the terms stop changing the double-precision result.
 */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
