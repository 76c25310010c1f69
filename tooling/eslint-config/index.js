import tseslint from 'typescript-eslint';

/** Backends and Node-only modules a library package must never import (apps and adapters may). */
const backendImports = [
  '@tensorflow/tfjs-backend-*',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'webgpu',
];

/**
 * Lint config for a spectromix package.
 * @param {{ library?: boolean }} [options] library: forbid backend imports outside adapter folders.
 */
export function spectromixLint(options = {}) {
  const configs = [
    { ignores: ['dist/**', 'coverage/**', '**/*.d.ts', '**/generated/**'] },
    ...tseslint.configs.recommended,
    {
      rules: {
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
  ];
  if (options.library) {
    configs.push({
      files: ['src/**/*.ts'],
      ignores: ['src/**/*.test.ts', 'src/adapters/**', 'src/testing/**', 'src/bench/**'],
      rules: {
        'no-restricted-imports': ['error', { patterns: backendImports.map((group) => ({ group: [group], message: 'Libraries never import a backend: use @spectromix/tensor and let the app pick the backend.' })) }],
      },
    });
  }
  return configs;
}
