/**
 * Re-seals mutated bytes where a format has a checksum, so that mutations get past it and reach the parser
 * behind it (an Ogg page with a wrong CRC is rejected before its codec sees it).
 */

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
}

/** Rewrites the CRC of every complete Ogg page in place (pages whose lacing runs past the end are left alone). */
export function resealOggPages(bytes: Uint8Array): Uint8Array {
  const t = crcTable();
  for (let p = 0; p + 27 <= bytes.length; ) {
    if (bytes[p] !== 0x4f || bytes[p + 1] !== 0x67 || bytes[p + 2] !== 0x67 || bytes[p + 3] !== 0x53) break;
    const segments = bytes[p + 26]!;
    let end = p + 27 + segments;
    for (let s = 0; s < segments && p + 27 + s < bytes.length; s++) end += bytes[p + 27 + s]!;
    if (end > bytes.length) break;
    bytes.fill(0, p + 22, p + 26);
    let crc = 0;
    for (let i = p; i < end; i++) crc = ((crc << 8) ^ t[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(p + 22, crc, true);
    p = end;
  }
  return bytes;
}
