import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSweepCommands } from './commands.js';

/** Parses a command line with the sweep commands and returns the error the action throws. */
async function failure(argv: string[]): Promise<string> {
  const cli = new Command('spectromix').exitOverride();
  addSweepCommands(cli, new AbortController().signal);
  try {
    await cli.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to fail');
}

describe('sweep commands', () => {
  it('--queue reaches sweep status / results / worker wherever it stands (checked before any connection)', async () => {
    const saved = process.env['SPECTROMIX_QUEUE'];
    delete process.env['SPECTROMIX_QUEUE'];
    try {
      for (const argv of [['sweep', 'status', 'x', '--queue', 'http://:pw@h'], ['sweep', '--queue', 'http://:pw@h', 'results', 'x'], ['worker', '--runs', 'r', '--queue', 'http://:pw@h']]) {
        const message = await failure(argv);
        expect(message, argv.join(' ')).toMatch(/scheme must be redis:\/\//);
        expect(message).not.toContain(':pw@');
      }
      expect(await failure(['worker', '--queue', 'redis://h:1'])).toMatch(/--runs <folder> is required/);
      expect(await failure(['worker', '--queue', 'redis://h:1', '--runs', '/tmp/x', '--backend', 'cuda'])).toMatch(/--backend must be one of/);
    } finally {
      if (saved != null) process.env['SPECTROMIX_QUEUE'] = saved;
    }
  });
});
