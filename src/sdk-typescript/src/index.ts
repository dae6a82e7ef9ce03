// @mureka/sdk: the generated client (every operation and type of openapi.yaml) plus the Mureka helper.
export * from './generated/index.js';
export { createClient, type Client } from './generated/client/index.js';
export { Mureka, type MurekaOptions, type GenerationStage, type GenerationEvent, type WaitOptions, type ListOptions, type AdaptiveSetWaitOptions } from './mureka.js';
export { MurekaProblemError, MurekaGenerationError, MurekaAdaptiveSetError } from './errors.js';
export { unzip, type ZipEntry } from './unzip.js';
export { verifyWebhookSignature, type VerifyWebhookOptions } from './webhooks.js';
export { verifyLicense, findLicensedFile, licenseKeySetPath, type LicenseKey } from './licenses.js';
export { retryingFetch, type RetryOptions } from './retry.js';
