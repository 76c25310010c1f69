/**
 * JSON that keeps NaN and infinities (checkpoint histories hold NaN for undefined metrics): non-finite numbers
 * are written as `{"$number": "NaN" | "Infinity" | "-Infinity"}` and turned back into numbers on parse.
 */
export function stringifyWithNonFinite(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v));
}

/** Inverse of {@link stringifyWithNonFinite}. */
export function parseWithNonFinite(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v != null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const n = (v as { $number?: unknown }).$number;
      if (keys.length === 1 && typeof n === 'string') return Number(n);
    }
    return v;
  });
}
