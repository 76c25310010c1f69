/** Loads tfjs's plain JavaScript CPU backend. Works everywhere; slowest. */
export async function loadCpu(): Promise<Record<string, string | number | boolean>> {
  await import('@tensorflow/tfjs-backend-cpu');
  return {};
}
