/**
 * Puts the GPU host's results (the results.md that bench/gpu.ts wrote) into the "### GPU host" subsection of the
 * "## @spectromix/asm-rh" section of the root BENCHMARKS.md:  pnpm bench:gpu:record path/to/results.md
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeSubsection } from './benchmarks-md.js';

const file = process.argv[2];
if (file == null) throw new Error('usage: bench:gpu:record <results.md written by bench/gpu.ts>');
const markdown = readFileSync(file, 'utf8');
if (!markdown.startsWith('### GPU host')) throw new Error(`${file} does not start with "### GPU host": is it bench/gpu.ts's results.md?`);
writeSubsection(fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url)), '## @spectromix/asm-rh', '### GPU host', markdown);
process.stdout.write(`recorded ${file} in BENCHMARKS.md\n`);
