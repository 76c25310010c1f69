import type { Options } from 'tsup';
/** Options the shared factory accepts. */
export interface SpectromixBuildOptions {
  /** Entry points: every one becomes its own file under dist/. */
  entry: string[] | Record<string, string>;
  /** Emit CommonJS beside ESM (default true). */
  cjs?: boolean;
  /** Modules left as imports. */
  external?: string[];
  /** esbuild platform (default 'neutral'). */
  platform?: 'node' | 'neutral' | 'browser';
}
/** Build config shared by every spectromix package. */
export function defineSpectromixConfig(options: SpectromixBuildOptions): Options;
