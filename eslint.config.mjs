// Lint rules: typescript-eslint recommended, plus the layering rule of ARCHITECTURE.md
// (only bot/ may import botbuilder; migration/ imports no adapter and no framework).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'devTools/**', 'test/fixtures/**/*.js', 'scripts/*.js', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['migration/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['botbuilder*', 'restify*', 'pg', 'better-sqlite3', '@microsoft/*', '@azure/*'], message: 'migration/ is pure domain code' },
        { group: ['../adapters/*', '../dialogs/*', '../bot/*', '../../*'], message: 'dependencies point inward' },
      ] }],
      'no-console': 'error',
    },
  },
  {
    files: ['dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['botbuilder*', 'restify*'], message: 'only bot/ imports botbuilder' },
        { group: ['../adapters/*', '../../adapters/*', '../bot/*', '../../bot/*'], message: 'dialogs never import adapters or bot/' },
      ] }],
      'no-console': 'error',
    },
  },
  {
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'botbuilder*', 'restify*', 'pg', 'better-sqlite3', 'zod'], message: 'web/ runs in the browser and talks to the server only over HTTP' },
        { group: ['../bot/*', '../adapters/*', '../../bot/*', '../../adapters/*'], message: 'web/ shares only texts (dialogs/i18n) and types with the server' },
      ] }],
      'no-console': 'error',
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['botbuilder*', 'restify*'], message: 'only bot/ imports botbuilder' },
        { group: ['../../../dialogs/*', '../../../bot/*', '../../dialogs/*', '../../bot/*'], message: 'adapters implement migration ports only' },
      ] }],
      'no-console': 'error',
    },
  },
);
