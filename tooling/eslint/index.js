// Shared ESLint flat config for Ring: typescript-eslint strict-type-checked plus the rule that keeps
// protocol code deterministic (no wall clock, global timers or Math.random outside the injected
// Clock / Random implementations).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nondeterminism = [
  { object: 'Date', property: 'now', message: 'Use the injected Clock (clock.now()).' },
  { object: 'Math', property: 'random', message: 'Use the injected Random.' },
  { object: 'performance', property: 'now', message: 'Use the injected Clock.' },
];
const timerGlobals = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
].map((name) => ({ name, message: 'Use the injected Clock for timers.' }));

/**
 * Build the Ring ESLint config.
 * @param {{ tsconfigRootDir: string }} options
 */
export function ringConfig({ tsconfigRootDir }) {
  return tseslint.config(
    {
      ignores: [
        '**/dist/**',
        '**/node_modules/**',
        '**/.turbo/**',
        '**/*.js',
        '**/*.mjs',
        '**/*.cjs',
      ],
    },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/restrict-template-expressions': [
          'error',
          { allowNumber: true, allowBoolean: true },
        ],
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unnecessary-condition': 'off',
        '@typescript-eslint/no-invalid-void-type': 'off',
        '@typescript-eslint/no-extraneous-class': 'off',
        '@typescript-eslint/no-confusing-void-expression': 'off',
        '@typescript-eslint/prefer-literal-enum-member': 'off',
        '@typescript-eslint/no-unnecessary-type-parameters': 'off',
        '@typescript-eslint/unified-signatures': 'off',
        'no-constant-condition': ['error', { checkLoops: false }],
      },
    },
    {
      files: ['packages/*/src/**/*.ts'],
      ignores: [
        'packages/*/src/**/*.test.ts',
        'packages/*/src/**/testing/**',
        'packages/base/src/time/system-clock.ts',
        'packages/base/src/random/system-random.ts',
        'packages/transport/src/node/**',
      ],
      rules: {
        'no-restricted-properties': ['error', ...nondeterminism],
        'no-restricted-globals': ['error', ...timerGlobals],
        'no-restricted-syntax': [
          'error',
          {
            selector: "NewExpression[callee.name='Date'][arguments.length=0]",
            message: 'Use the injected Clock.',
          },
        ],
      },
    },
    {
      files: ['**/*.test.ts', '**/bench/**/*.ts', '**/test/**/*.ts', '**/examples/**/*.ts'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/require-await': 'off',
        '@typescript-eslint/no-empty-function': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
      },
    },
  );
}
