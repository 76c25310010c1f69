import type { AppliedLayer } from '../config/resolve.js';

/** The configuration (of `train` or `pretrain`) as printed at the start of a run: where it came from, then every value. */
export function formatConfig(config: Readonly<Record<string, unknown>>, layers: readonly AppliedLayer[]): string {
  const lines = [`Configuration (${layers.map((l) => l.source).join(' -> ')}):`];
  for (const [section, values] of Object.entries(config)) {
    const parts = Object.entries(values as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
    lines.push(`  ${section}: ${parts.join(' ')}`);
  }
  return lines.join('\n');
}
