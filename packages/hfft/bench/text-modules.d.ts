/** Python sources bundled as text by esbuild's `--loader:.py=text` (see bench/gpu.ts). */
declare module '*.py' {
  const source: string;
  export default source;
}
