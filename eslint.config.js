import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const electronImport = {
  name: 'electron',
  message: 'Only src/main and src/preload may import electron (see ARCHITECTURE.md).',
};
const nodeInRenderer = {
  group: ['node:*'],
  message: 'The renderer runs in a browser too: no node: imports.',
};

export default tseslint.config(
  { ignores: ['.scratch/**', 'out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronImport] }],
    },
  },
  {
    files: ['src/main/**', 'src/preload/**', 'test/unit/main/**', 'test/e2e/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [{ group: ['node:*', 'fastify', 'better-sqlite3', 'react'], message: 'src/shared is environment-free.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**', 'test/unit/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [electronImport], patterns: [nodeInRenderer] }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
