// Verifying Mureka-Signature with the Web Crypto API, so the same code runs in Node (18+), Deno, Bun,
// edge runtimes and browsers.

export interface VerifyWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** The `Mureka-Signature` header: `t=<unix seconds>,v1=<hex>` (several `v1` entries allowed). */
  header: string | null | undefined;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  /** How far the signed time may be from now, either way; 300 s unless given. */
  toleranceSeconds?: number;
  /** The receiver's clock, in ms since the epoch (tests). */
  now?: number;
}

const encoder = new TextEncoder();

/**
 * True when `header` carries a `v1` HMAC-SHA256 of `"<t>.<body>"` keyed with the secret and `t` is within the
 * tolerance: the event came from Mureka and is not a replay. Anything malformed is simply false.
 */
export async function verifyWebhookSignature(options: VerifyWebhookOptions): Promise<boolean> {
  const { secret, header, body } = options;
  if (!secret || !header || header.length > 4096) {
    return false;
  }
  let timestamp: number | undefined;
  const candidates: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === 't') {
      if (timestamp !== undefined || !/^\d{1,15}$/.test(value)) {
        return false;
      }
      timestamp = Number(value);
    } else if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      candidates.push(fromHex(value));
    }
  }
  if (timestamp === undefined || candidates.length === 0) {
    return false;
  }
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) {
    return false;
  }
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const bodyBytes = typeof body === 'string' ? encoder.encode(body) : body;
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + bodyBytes.length);
  message.set(prefix, 0);
  message.set(bodyBytes, prefix.length);
  // crypto.subtle.verify compares in constant time; every candidate is checked.
  let match = false;
  for (const candidate of candidates) {
    match = (await crypto.subtle.verify('HMAC', key, candidate, message)) || match;
  }
  return match;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}
