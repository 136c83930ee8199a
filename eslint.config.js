// Type-aware lint over all TypeScript sources.
const tseslint = require('typescript-eslint');
module.exports = tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.data/**', 'bench/results/**', 'test/artifacts/**', '**/*.js', 'models/**/.*.ts', 'reports/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // jest's expect(obj.method) idiom trips unbound-method; tests never call those methods detached.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/unbound-method': 'off' } },
);
