// Offline checks of a licence certificate with the Web Crypto API (Node 18+, Deno, Bun, browsers): its ES256
// signature with the published key set, then a file against the SHA-256 it names.

import type { LicenseClaims } from './generated/types.gen.js';

export const licenseKeySetPath = '/.well-known/mureka-license-keys.json';

/** One key of the published JSON Web Key Set. */
export interface LicenseKey {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg?: string;
  use?: string;
}

const decoder = new TextDecoder();

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The claims when `certificate` (the compact JWS the API returned) verifies with the key its header names in
 * `keySet` (the parsed `/.well-known/mureka-license-keys.json`); null for anything else, malformed input included.
 */
export async function verifyLicense(certificate: string, keySet: { keys: LicenseKey[] }): Promise<LicenseClaims | null> {
  try {
    const parts = certificate.trim().split('.');
    if (parts.length !== 3 || certificate.length > 1_000_000) return null;
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = JSON.parse(decoder.decode(fromBase64Url(headerPart))) as { alg?: string; kid?: string };
    const jwk = keySet.keys.find((k) => k.kid === header.kid);
    if (header.alg !== 'ES256' || !jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256') return null;
    const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    // Web Crypto's ECDSA signature is r || s, exactly the JWS form.
    const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, fromBase64Url(signaturePart),
      new TextEncoder().encode(`${headerPart}.${payloadPart}`));
    return valid ? (JSON.parse(decoder.decode(fromBase64Url(payloadPart))) as LicenseClaims) : null;
  } catch {
    return null;
  }
}

/** The name the verified claims give these bytes (e.g. `mix`), or null when no file entry has their SHA-256. */
export async function findLicensedFile(claims: LicenseClaims, file: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<string | null> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', file));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return claims.files.find((f) => f.sha256 === hex)?.name ?? null;
}
