import { describe, expect, it } from 'vitest';
import { safeEntryPath } from './safe-entry-path.js';

describe('safeEntryPath', () => {
  it('maps ordinary names under the destination', () => {
    expect(safeEntryPath('a/b.wav', '/tmp/x')).toEqual({ path: '/tmp/x/a/b.wav' });
    expect(safeEntryPath('./a/./b/', '/tmp/x')).toEqual({ path: '/tmp/x/a/b' });
    expect(safeEntryPath('dots..in..name.wav', '/tmp/x')).toEqual({ path: '/tmp/x/dots..in..name.wav' });
  });

  it.each([
    ['../evil', "'..'"],
    ['a/../../evil', "'..'"],
    ['/etc/passwd', 'absolute'],
    ['C:/x', 'absolute'],
    ['a\\..\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['./', 'empty'],
  ])('refuses %j', (name, reason) => {
    const r = safeEntryPath(name, '/tmp/x');
    expect('reason' in r && r.reason).toContain(reason);
  });
});
