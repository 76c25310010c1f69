import { resolve, sep } from 'node:path';

/**
 * Checks an archive entry name and returns the path it may be written to under `dest`, or the reason it may not:
 * absolute paths (`/x`, `C:\x`, `\\server`), `..` segments, backslashes, NUL bytes and empty names are refused,
 * and the resolved path must stay inside `dest`.
 * @param name entry name as stored in the archive (a trailing `/` marks a folder).
 * @param dest absolute extraction folder.
 */
export function safeEntryPath(name: string, dest: string): { path: string } | { reason: string } {
  if (name.includes('\0')) return { reason: 'has a NUL byte in its name' };
  if (name.includes('\\')) return { reason: 'has a backslash in its name (a Windows path separator)' };
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { reason: 'has an absolute path' };
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { reason: "escapes the extraction folder with '..'" };
  if (parts.length === 0) return { reason: 'has an empty name' };
  const root = resolve(dest);
  const path = resolve(root, ...parts);
  if (!path.startsWith(root + sep)) return { reason: 'resolves outside the extraction folder' };
  return { path };
}
