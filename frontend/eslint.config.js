// ESLint for the frontend: `npm run lint` here, or `make lint` / the eslint phase of `make test` from the repository.
// TypeScript files get typescript-eslint's type-aware recommended rules and the React hooks rules; the Node scripts
// and browser tests (*.mjs) get ESLint's recommended rules. Formatting is Prettier's job, not ESLint's.
// The toolchain is installed in tools/eslint (see its package.json for why it is not a devDependency here).
import { globals, js, reactHooks, tseslint } from '../tools/eslint/index.js';

export default tseslint.config(
  { ignores: ['dist/', 'wailsjs/', '.dist-*/'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked, reactHooks.configs.flat.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // React ignores what an event handler returns, and the handlers here report their own failures; promises
      // dropped anywhere else are still caught by no-floating-promises.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Screens load data in effects and set state from them by design (useLoader); this React Compiler rule would
      // have every one rewritten, which changes behaviour rather than fixing a bug.
      'react-hooks/set-state-in-effect': 'off',
      // A name starting with _ is deliberately unused (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'src/test/**'],
    rules: {
      // Fakes of the async Wails bindings return promises without awaiting anything ...
      '@typescript-eslint/require-await': 'off',
      // ... and fail the way Wails does: with a plain string, not an Error.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser tests run callbacks in the page (page.evaluate, waitForFunction), where window is the page's.
    files: ['e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
