import type { Readable } from 'node:stream';

export interface LimitedRead {
  /** At most `limit` bytes from the start of the stream. */
  data: Buffer;
  /** The stream failed before its end or the limit (timeout, reset); what was read is still in `data`. */
  error: unknown;
}

/**
 * Reads the start of a response body and destroys the rest, so a receiver answering with gigabytes
 * costs one buffer of `limit` bytes and a closed connection, never the worker's memory.
 */
export async function readLimited(stream: Readable, limit: number): Promise<LimitedRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (size + buf.length >= limit) {
        chunks.push(buf.subarray(0, limit - size));
        size = limit;
        break; // leaving the loop destroys the stream (and undici the connection)
      }
      chunks.push(buf);
      size += buf.length;
    }
  } catch (error) {
    return { data: Buffer.concat(chunks, size), error };
  }
  return { data: Buffer.concat(chunks, size), error: null };
}
