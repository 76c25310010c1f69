// The radix factorisation belongs to the one FFT, `@spectromix/dsp`'s; `select.ts` (kept as it is while the
// backend plug-ins move) still imports it from here.
export { radices, nextSmooth, MAX_GENERIC_RADIX } from '@spectromix/dsp';
