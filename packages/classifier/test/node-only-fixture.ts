// A module that only runs in Node: the browser-bundle check must reject it.
import { readFileSync } from 'node:fs';

export const packageJson = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
