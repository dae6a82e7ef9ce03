// Starts s3rver on 127.0.0.1 with one bucket and one access key pair, prints "listening <port>" once it accepts
// requests, and runs until killed. Every request must be signed with SigV4 (header or presigned query) with that
// key pair, verified by sigv4.mjs ahead of s3rver: a wrong secret is refused with SignatureDoesNotMatch, as by S3.
//   node serve.mjs <port> <directory> <bucket> <access-key> <secret-key> [address]
import S3rver from 's3rver';
import account from 's3rver/lib/models/account.js';
import { sigV4 } from './sigv4.mjs';

const [port, directory, bucket, accessKey, secretKey, address = '127.0.0.1'] = process.argv.slice(2);
if (!secretKey) {
  console.error('usage: node serve.mjs <port> <directory> <bucket> <access-key> <secret-key> [address]');
  process.exit(2);
}

// Only this pair is accepted: the built-in S3RVER/S3RVER pair is revoked.
account.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
account.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);

const server = new S3rver({
  address,
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
// First in the chain, so that nothing reaches s3rver unverified.
server.middleware.unshift(sigV4(accessKey, secretKey));
const { port: bound } = await server.run();
console.log(`listening ${bound}`);
