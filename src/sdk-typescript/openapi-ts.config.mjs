// Generates src/generated from the repository's openapi.yaml (run through ops/sdk/generate.sh).
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi.yaml',
  output: { path: 'src/generated', clean: true, importFileExtension: '.js' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk', asClass: false }],
});
