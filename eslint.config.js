// Type-aware lint. The pure cores (policy/, sigv4/) may not import I/O modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'net', 'http', 'https'];

/** The families: one folder each, assembled by src/app/actions.ts. */
const FAMILIES = ['iam', 'sts', 'organizations', 'federation', 'rolegate', 'rolesanywhere', 'identitycenter'];

/** `files` may not import from these top-level folders of src/. */
function layer(files, forbidden) {
  const regex = `^(\\.\\./)+(${forbidden.join('|')})/`;
  return [{ files, rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message: 'A lower layer may not import a higher one (docs/ARCHITECTURE.md).' }] }] } }];
}

export default tseslint.config(
  { ignores: ['dist*/**', 'node_modules/**', 'eslint.config.js', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // AWS's own parameter patterns name tab, line feed and carriage return on purpose.
      'no-control-regex': 'off',
    },
  },
  // The layers (docs/ARCHITECTURE.md): nothing below imports what stands above it. The kernel
  // (core/, access/, http/) never imports a family; families never import the wire or the app.
  ...layer(['src/core/**/*.ts'], ['http', 'access', 'app', 'cli', ...FAMILIES, 'audit']),
  ...layer(['src/access/**/*.ts'], ['http', 'app', 'cli', ...FAMILIES, 'audit']),
  ...layer(['src/http/**/*.ts'], ['app', 'cli', ...FAMILIES]),
  ...layer(FAMILIES.map((f) => `src/${f}/**/*.ts`), ['http', 'app', 'cli']),
  ...layer(['src/store/**/*.ts', 'src/credentials/**/*.ts', 'src/audit/**/*.ts'], ['http', 'access', 'app', 'cli', ...FAMILIES]),
  {
    files: ['src/policy/**/*.ts', 'src/sigv4/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules.map((name) => ({ name, message: 'policy/ and sigv4/ are pure: no I/O.' })) }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take the clock as an argument.' }],
    },
  },
);
