// Lint enforces the layer rule of DESIGN.md: imports flow cli → ui → core and cli → platform → core.
// core is headless: no UI or CLI libraries, no process, file system, OS, clock or randomness.
import tseslint from 'typescript-eslint';

const coreForbiddenModules = [
  'ink', 'ink-*', 'react', 'react/*', 'commander', 'chalk',
  'fs', 'fs/*', 'node:fs', 'node:fs/*', 'os', 'node:os', 'process', 'node:process',
  'child_process', 'node:child_process', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.costlab/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: coreForbiddenModules, message: 'core is headless: side effects come in through core/ports.ts.' },
          { group: ['**/cli/**', '**/ui/**', '**/platform/**'], message: 'core imports nothing above it (cli, ui, platform).' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'core takes Env through core/ports.ts.' },
        { name: 'fetch', message: 'core takes Http through core/ports.ts.' },
        { name: 'setTimeout', message: 'core takes Sleep through core/ports.ts.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core takes Clock through core/ports.ts.' },
        { object: 'Math', property: 'random', message: 'core takes Random through core/ports.ts.' },
        { object: 'performance', property: 'now', message: 'core takes Clock through core/ports.ts.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes Clock through core/ports.ts.' },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/cli/**', '**/ui/**', 'ink', 'react', 'commander'], message: 'platform sits below cli and ui.' },
      ] }],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/cli/**', '**/platform/**', 'commander'], message: 'ui takes props and RunEvents only.' },
      ] }],
    },
  },
);
