import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tools/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // STYLE's layers (see also test/architecture/import-graph.test.ts, which checks the whole graph).
  {
    files: ['src/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/commands/**', '**/views/**', '**/slack/**'],
              message: 'Services never import commands, views or the Slack layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/views/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongoose', message: 'Views are pure: domain data in, Block Kit out.' }],
          patterns: [
            {
              group: ['**/services/models/**', '**/db/**', '**/commands/**', '**/slack/**'],
              message: 'Views are pure: they take what services return, never models, the database, commands or Slack.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/commands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongoose', message: 'Commands call services; only services touch the database.' }],
          patterns: [
            {
              group: ['**/services/models/**', '**/db/**'],
              message: 'Commands call services; only services touch the database.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/slack/**'],
    ignores: ['src/slack/listeners/register.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongoose', message: 'The Slack layer calls services; only services touch the database.' }],
          patterns: [
            {
              group: ['**/commands/**'],
              message:
                'src/slack imports src/commands in one place only: slack/listeners/register.ts registers the features.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly' } },
  },
);
