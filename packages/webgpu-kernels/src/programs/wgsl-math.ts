/**
 * WGSL helpers shared by the programs: exact-erf GELU and its derivative. WGSL has no `erf`, so erfc comes
 * from the Chebyshev fit of Numerical Recipes (erfcc, fractional error below 1.2e-7 everywhere), which keeps
 * the relative error of GELU near 1e-7 also far into the negative tail where `1 + erf` cancels.
 */
export const GELU_WGSL = /* wgsl */ `
fn spxErfc(x : f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
          t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let r = t * exp(-z * z + p);
  return select(2.0 - r, r, x >= 0.0);
}
fn spxGelu(x : f32) -> f32 {
  return 0.5 * x * spxErfc(-0.70710678118654752 * x);
}
fn spxGeluGrad(x : f32) -> f32 {
  return 0.5 * spxErfc(-0.70710678118654752 * x) + 0.39894228040143268 * x * exp(-0.5 * x * x);
}
fn spxGelu4(v : vec4<f32>) -> vec4<f32> {
  return vec4<f32>(spxGelu(v.x), spxGelu(v.y), spxGelu(v.z), spxGelu(v.w));
}
`;

/** Component-wise GELU derivative of a vec4 (needs {@link GELU_WGSL}). */
export const GELU_GRAD4_WGSL = /* wgsl */ `
fn spxGeluGrad4(v : vec4<f32>) -> vec4<f32> {
  return vec4<f32>(spxGeluGrad(v.x), spxGeluGrad(v.y), spxGeluGrad(v.z), spxGeluGrad(v.w));
}
`;
