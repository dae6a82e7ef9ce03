// AWS Signature Version 4 verification, which s3rver leaves out (it checks only that the access key exists):
// a request signed with the wrong secret, for another region, or changed after signing is refused with
// SignatureDoesNotMatch, and an expired presigned URL with AccessDenied, as S3 itself does.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const hmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256 = text => createHash('sha256').update(text, 'utf8').digest('hex');
// RFC 3986 encoding as SigV4 wants it: encodeURIComponent leaves !'()* alone.
const encode = text => encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function canonicalQuery(search, skip) {
  return [...new URLSearchParams(search)]
    .filter(([key]) => key !== skip)
    .map(([key, value]) => [encode(key), encode(value)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function signature(secret, method, url, headers, signedHeaders, amzDate, scope, payloadHash, skipQuery) {
  const canonicalHeaders = signedHeaders
    .map(name => `${name}:${String(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [method, url.pathname, canonicalQuery(url.search, skipQuery), canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const [date, region, service] = scope.split('/');
  const key = hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function refuse(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function matches(expected, provided) {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(String(provided ?? ''), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Koa middleware for one access key pair; requests signed any other way than SigV4 are refused. */
export function sigV4(accessKey, secretKey, now = () => Date.now()) {
  return async function verify(ctx, next) {
    const url = new URL(ctx.originalUrl, 'http://placeholder');
    const query = Object.fromEntries(url.searchParams);
    const header = ctx.headers.authorization;
    if (header) {
      const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(header);
      if (!match) return refuse(ctx, 400, 'AuthorizationHeaderMalformed', 'Only AWS4-HMAC-SHA256 is accepted.');
      const [, key, scope, signed, provided] = match;
      if (key !== accessKey) return refuse(ctx, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
      const expected = signature(secretKey, ctx.method, url, ctx.headers, signed.split(';'), ctx.headers['x-amz-date'], scope, ctx.headers['x-amz-content-sha256'], null);
      if (!matches(expected, provided)) return refuse(ctx, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
      return next();
    }

    if (query['X-Amz-Algorithm'] === 'AWS4-HMAC-SHA256') {
      const [key, ...scopeParts] = String(query['X-Amz-Credential'] ?? '').split('/');
      if (key !== accessKey) return refuse(ctx, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
      const amzDate = String(query['X-Amz-Date'] ?? '');
      const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      const expires = Number(query['X-Amz-Expires']);
      if (!Number.isFinite(signedAt) || !(expires > 0) || now() > signedAt + expires * 1000) {
        return refuse(ctx, 403, 'AccessDenied', 'Request has expired');
      }

      const signed = String(query['X-Amz-SignedHeaders'] ?? 'host').split(';');
      const expected = signature(secretKey, ctx.method, url, ctx.headers, signed, amzDate, scopeParts.join('/'), 'UNSIGNED-PAYLOAD', 'X-Amz-Signature');
      if (!matches(expected, query['X-Amz-Signature'])) return refuse(ctx, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
      return next();
    }

    return refuse(ctx, 403, 'AccessDenied', 'Anonymous access is not allowed.');
  };
}
