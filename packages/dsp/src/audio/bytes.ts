/** Any binary input the decoders accept: a byte view, a whole buffer, or another typed-array view of one. */
export type AudioBytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** Views `input` as bytes without copying. */
export function toUint8Array(input: AudioBytes): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input);
}

/** The four ASCII characters at `offset` (a RIFF chunk id or magic number); '' when fewer than 4 bytes remain. */
export function fourCC(bytes: Uint8Array, offset: number): string {
  if (offset < 0 || offset + 4 > bytes.length) return '';
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}

/** True when the bytes at `offset` spell `ascii` exactly. */
export function startsWithAscii(bytes: Uint8Array, ascii: string, offset = 0): boolean {
  if (offset + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (bytes[offset + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}
