// Type-aware lint over all TypeScript sources.
const tseslint = require('typescript-eslint');
module.exports = tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.data/**', 'bench/results/**', 'test/artifacts/**', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
