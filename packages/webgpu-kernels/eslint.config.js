import { spectromixLint } from '@spectromix/eslint-config';

// A backend adapter: the kernels register WGSL programs on tfjs's webgpu backend, so this package may import
// `@tensorflow/tfjs-backend-webgpu` (types and the stock kernels it falls back to). Hence no `library: true`.
export default spectromixLint();
