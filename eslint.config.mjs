import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure Node: only src-main/electron may import electron.
    files: ['src-main/engine/**', 'src-main/api/**', 'src-main/host/**', 'src-main/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }], patterns: ['electron/*'] },
      ],
    },
  },
  {
    // The engine never reaches up into the layers that use it.
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }],
          patterns: [
            { group: ['electron/*'], message: 'Only src-main/electron may import electron.' },
            { group: ['**/api/**', '**/host/**', '**/cli/**', '**/electron/**', '**/src-renderer/**'], message: 'The engine must not import the layers above it.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer talks to main only through the contract.
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**', 'electron', 'node:*'], message: 'The renderer reaches main only through the preload contract.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
