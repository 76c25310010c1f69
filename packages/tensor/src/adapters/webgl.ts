/** Loads tfjs's WebGL backend (browsers only). */
export async function loadWebgl(): Promise<Record<string, string | number | boolean>> {
  await import('@tensorflow/tfjs-backend-webgl');
  return {};
}
