import tseslint from 'typescript-eslint';

/** Backends and Node-only modules a library package must never import (apps and adapters may). */
const backendImports = [
  '@tensorflow/tfjs-backend-*',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'webgpu',
];

/**
 * Backend plug-in packages: libraries define the interfaces (`MixerOps`, `AdamUpdate`), a plug-in implements them and
 * apps install it after `initBackend`. A library's test file may import one (as a devDependency) where unavoidable.
 */
export const backendPluginImports = ['@spectromix/webgpu-kernels']; // gitignore-style: subpaths too

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
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...backendImports.map((group) => ({ group: [group], message: 'Libraries never import a backend: use @spectromix/tensor and let the app pick the backend.' })),
              ...backendPluginImports.map((group) => ({
                group: [group],
                message: "Libraries never import a backend plug-in: define the interface here (as MixerOps, AdamUpdate) and let the app install the plug-in after initBackend (installSpectromixKernels()).",
              })),
            ],
          },
        ],
      },
    });
    // A library's own testing helpers ship to users (e.g. `@spectromix/mixer/testing`): no plug-in there either.
    configs.push({
      files: ['src/adapters/**/*.ts', 'src/testing/**/*.ts', 'src/bench/**/*.ts'],
      ignores: ['src/**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: backendPluginImports.map((group) => ({
              group: [group],
              message: "Libraries never import a backend plug-in: define the interface here (as MixerOps, AdamUpdate) and let the app install the plug-in after initBackend (installSpectromixKernels()).",
            })),
          },
        ],
      },
    });
  }
  return configs;
}
