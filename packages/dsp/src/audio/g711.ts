/**
 * G.711 companding tables (ITU-T G.711): each 8-bit A-law or mu-law code mapped to its linear 16-bit value
 * divided by 32768, the scaling sox and libsndfile use.
 */
let muLawTable: Float32Array | undefined;
let aLawTable: Float32Array | undefined;

function decodeMuLaw(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return (u & 0x80) !== 0 ? 0 - magnitude : magnitude; // 0 - 0 is +0, not -0
}

function decodeALaw(code: number): number {
  const a = code ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return (a & 0x80) !== 0 ? magnitude : 0 - magnitude;
}

function buildTable(decode: (code: number) => number): Float32Array {
  const table = new Float32Array(256);
  for (let code = 0; code < 256; code++) table[code] = decode(code) / 32768;
  return table;
}

/** Linear value (in [-1, 1)) of every mu-law code, built on first use. */
export function muLawToFloat(): Float32Array {
  return (muLawTable ??= buildTable(decodeMuLaw));
}

/** Linear value (in [-1, 1)) of every A-law code, built on first use. */
export function aLawToFloat(): Float32Array {
  return (aLawTable ??= buildTable(decodeALaw));
}
