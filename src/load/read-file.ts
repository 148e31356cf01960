/**
 * The one door through which a document's bytes come in, from a file or a URL: only regular
 * files (a FIFO or a device such as /dev/zero is refused before a byte is read, and opening one
 * cannot block), at most MAX_DOCUMENT_BYTES checked while reading (a file that grows, a body
 * that lies about its length), and UTF-8 that is valid (a bad byte is reported with its line,
 * not turned into U+FFFD silently).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The most a document (or a file or URL it references) may hold: 64 MiB. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Why a document could not be read; the caller names the file and place. */
export class ReadProblem extends Error {
  constructor(
    readonly problem: string,
    readonly line?: number,
  ) {
    super(problem);
  }
}

/** Reads a regular file as UTF-8 text. Throws ReadProblem (or passes an fs error's code on). */
export async function readRegularFile(path: string, limit = MAX_DOCUMENT_BYTES): Promise<string> {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new ReadProblem('is not a regular file (a pipe, socket or device is never read)');
    if (stat.size > limit) throw new ReadProblem(`is larger than ${limit} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw new ReadProblem(`is larger than ${limit} bytes`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return decodeUtf8(Buffer.concat(chunks, total));
  } finally {
    await handle.close();
  }
}

/** Reads a response body as UTF-8 text, refusing one over `limit` bytes before or while it arrives. */
export async function readBody(response: Response, limit = MAX_DOCUMENT_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ReadProblem(`is larger than ${limit} bytes (Content-Length ${declared})`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new ReadProblem(`is larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  return decodeUtf8(Buffer.concat(chunks, total));
}

/** UTF-8 text of `bytes` (a leading BOM dropped); invalid UTF-8 is a ReadProblem with its line. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The longest prefix that is valid (an unfinished sequence at its end allowed): binary search.
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        good = mid;
      } catch {
        bad = mid;
      }
    }
    let line = 1;
    // Byte `bad` (1-based) is the first one that cannot be part of a character.
    for (let i = 0; i < bad - 1; i++) if (bytes[i] === 10) line++;
    throw new ReadProblem(`is not valid UTF-8 (byte ${bad} cannot start or continue a character)`, line);
  }
}
