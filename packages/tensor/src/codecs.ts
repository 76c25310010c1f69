/**
 * @spectromix/tensor/codecs: the file and number codecs of spectromix, pure functions over typed arrays with no
 * tfjs and no platform API (the same in Node, browsers and workers): the hardened safetensors reader and writer
 * and the IEEE half / bfloat16 conversions. Also re-exported from `@spectromix/tensor`.
 * @packageDocumentation
 */
export { readSafetensors, MAX_HEADER_BYTES, type SafetensorsFile, type SafetensorsTensor, type ReadSafetensorsOptions } from './codecs/safetensors-read.js';
export { writeSafetensors, type SafetensorsInput, type WriteSafetensorsOptions } from './codecs/safetensors-write.js';
export { SAFETENSORS_DTYPES, READABLE_DTYPES, DTYPE_SIZE, isSafetensorsDtype, type SafetensorsDtype, type WritableDtype } from './codecs/safetensors-dtypes.js';
export { SafetensorsError } from './codecs/safetensors-error.js';
export { halfToFloat, floatToHalf, encodeHalf, decodeHalf, bfloat16ToFloat, floatToBfloat16 } from './codecs/float16.js';
