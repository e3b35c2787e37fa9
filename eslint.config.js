// One ESLint config for every package. Style rules live here; a recurring mistake becomes a rule.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'data/**', '.venv/**', '**/*.d.ts', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      'prefer-const': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // noUncheckedIndexedAccess types every indexed read as T | undefined; a `!` after a
      // bounds-checked index (byte loops, regex groups) is the honest way to say so.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/web/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The isomorphic SDK root must run in browsers: no Node built-ins, no Node globals.
    files: ['packages/zephr/src/**/*.ts'],
    ignores: ['packages/zephr/src/cli/**', 'packages/zephr/src/node/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'The SDK root must stay isomorphic; Node-only code lives under src/cli or src/node.' }] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
);
