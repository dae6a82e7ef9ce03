// Generates src/generated from the repository's openapi.yaml (run through ops/sdk/generate.sh).
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi.yaml',
  // Stripe's calls into the API (tag billing) are not for API key holders: no client function for them.
  // Orphans stay: the webhook event types are referenced from the spec's webhooks section only.
  parser: { filters: { tags: { exclude: ['billing'] }, schemas: { exclude: ['StripeWebhookAck'] }, orphans: true } },
  output: { path: 'src/generated', clean: true, importFileExtension: '.js' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk', asClass: false }],
});
