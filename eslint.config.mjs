import next from 'eslint-config-next';

const nodeOnly = ['node:*', 'fs', 'path', 'net', 'child_process', 'ioredis', 'h5wasm', 'pino'];
const uiOnly = ['react', 'react-dom', 'next', 'next/*', 'zustand', 'plotly.js-basic-dist-min'];

const config = [
  ...next,
  { ignores: ['.next/**', 'build/**', 'node_modules/**', 'next-env.d.ts'] },
  {
    // lib/ is shared by the server and the browser: it may only import Node or UI modules as types.
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeOnly, ...uiOnly], allowTypeImports: true, message: 'lib/ is shared with the browser: import Node/UI modules in server/ or components/.' },
          ],
        },
      ],
    },
  },
];

export default config;
