import { spectromixLint } from '@spectromix/eslint-config';

export default spectromixLint({ library: true });
