import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, reportFailure } from './cli-failure.js';
import { ConfigError, OutputPathError } from './errors.js';
import { filterDawnWarnings } from './backend/dawn-output.js';

function report(error: unknown, verbose = false): { code: number; text: string } {
  let text = '';
  const code = reportFailure(error, verbose, (l) => (text += l));
  return { code, text };
}

describe('reportFailure: one line and an exit code per kind of failure; the stack only with --verbose', () => {
  it('maps the CLI errors, library errors, file system errors and bugs to the README exit codes', () => {
    expect(report(new ConfigError('--subset must be one of test')).code).toBe(EXIT_CODES.usage);
    expect(report(new OutputPathError('--out x: y is a file')).code).toBe(EXIT_CODES.output);
    const library = Object.assign(new Error('x.opus is damaged'), { name: 'MalformedAudioError' });
    expect(report(library)).toEqual({ code: EXIT_CODES.failed, text: 'error (MalformedAudioError): x.opus is damaged\n' });
    const fs = Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR', syscall: 'mkdir', path: '/a/file/x' });
    expect(report(fs)).toEqual({ code: EXIT_CODES.output, text: 'error: mkdir /a/file/x: a part of the path is a file, not a folder: fix the path (ENOTDIR).\n' });
    const bug = report(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(bug.code).toBe(EXIT_CODES.internal);
    expect(bug.text).toMatch(/^unexpected error: Cannot read .*\nThis is a bug in spectromix: run the command again with --verbose/);
    expect(bug.text).not.toMatch(/\n\s+at /);
    expect(report(new CommanderError(1, 'commander.unknownOption', "unknown option '--x'")).code).toBe(EXIT_CODES.usage);
    expect(report(Object.assign(new Error('stop'), { name: 'TrainingInterruptedError' })).code).toBe(EXIT_CODES.interrupted);
  });

  it('--verbose adds the stack trace', () => {
    const e = new OutputPathError('--out x: y is a file');
    expect(report(e, true).text).toMatch(/^error: --out x: y is a file\nOutputPathError: .*\n\s+at /);
    expect(report(new TypeError('boom'), true).text).toMatch(/^unexpected error: boom\nTypeError: boom\n\s+at /);
  });
});

describe("Dawn's start-up warnings", () => {
  it('are filtered out; every other stderr line is kept, in order', () => {
    const text =
      'note: first\n' +
      'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\n' +
      'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\n' +
      'Warning: something else\nlast without newline';
    expect(filterDawnWarnings(text)).toBe('note: first\nWarning: something else\nlast without newline');
  });
});
