import { spectromixLint } from '@spectromix/eslint-config';

// An app: it picks backends, so backend imports are allowed here.
export default spectromixLint();
