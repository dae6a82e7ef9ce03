/** One file of a zip archive. */
export interface ZipEntry {
  /** The path inside the archive, with `/` separators (e.g. `states/explore/explore_full.wav`). */
  name: string;
  data: Uint8Array;
}

/**
 * The files of a zip archive (stored or deflated entries), read from its central directory. Uses only web
 * platform APIs (`DecompressionStream`), so it runs in browsers and Node alike. Names that climb out of the
 * archive (`..`, absolute paths) are refused, so writing entries under a folder is safe.
 */
export async function unzip(bytes: Uint8Array): Promise<ZipEntry[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) {
      throw new Error('not a zip archive: broken central directory');
    }
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) {
      continue; // a folder
    }
    if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) {
      throw new Error(`zip entry '${name}' would leave the archive's folder`);
    }
    const dataStart = localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, data: method === 0 ? raw.slice() : await inflateRaw(raw, method, name) });
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      return at;
    }
  }
  throw new Error('not a zip archive: no end of central directory');
}

async function inflateRaw(raw: Uint8Array, method: number, name: string): Promise<Uint8Array> {
  if (method !== 8) {
    throw new Error(`zip entry '${name}' uses compression method ${method}; only stored and deflated entries are read`);
  }
  // A copy: Blob takes only ArrayBuffer-backed views, and the entry is a view into the whole archive.
  const stream = new Blob([raw.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
