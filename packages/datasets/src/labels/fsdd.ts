import { FileNameError } from '../errors.js';

/** FSDD classes: the digits `0` ... `9`. */
export const FSDD_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** The fields of an FSDD file name `{digit}_{speaker}_{take}.wav`. */
export interface FsddFileInfo {
  /** The spoken digit 0-9. */
  digit: number;
  /** Speaker name (`george`, `jackson`, ...). */
  speaker: string;
  /** Take number (0-49); the publishers use takes 0-4 as the test set. */
  take: number;
}

/** Takes below this number form the publishers' test set (FSDD README: "recordings numbered 0-4"). */
export const FSDD_TEST_TAKES = 5;

/**
 * Decodes an FSDD file name such as `7_jackson_32.wav` (any extension).
 * @throws FileNameError when the name has another shape.
 */
export function parseFsddName(fileName: string): FsddFileInfo {
  const m = /^(\d)_([^_]+)_(\d+)\.[^.]+$/.exec(fileName);
  if (!m) throw new FileNameError(`'${fileName}' is not an FSDD name: expected {digit}_{speaker}_{take}.<ext>`);
  return { digit: Number(m[1]), speaker: m[2] as string, take: Number(m[3]) };
}
