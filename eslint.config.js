// ESLint: typescript-eslint's type-checked recommendations, Prettier owns the layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'src/store/generated/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // An async implementation of an async interface need not await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Functions short enough to read at once. Excluded for now, being rewritten by others: the Excel and
  // chart (src/reports), the dialog's command and state routing, plan extraction.
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/reports/**',
      'src/domain/plan-extraction/**',
      'src/dialog/{engine,state,info,reporting}.ts',
    ],
    rules: { 'max-lines-per-function': ['error', { max: 120 }] },
  },
  // vitest's expect(object.method) is the idiom for mocks; its asymmetric matchers
  // (expect.stringContaining…) and JSON read back from a process are typed `any` by their libraries.
  {
    files: ['tests/**', 'bench/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  // The pages' small scripts run in the browser.
  {
    files: ['web/static/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'tests/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
