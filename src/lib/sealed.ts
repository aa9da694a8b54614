/**
 * Cache files that are checked when read: a file's bytes followed by their SHA-256. A cache is
 * only speed, so a file cut short by a kill or a full disk, emptied, or filled with anything else
 * must read as missing, never be published: `unseal` gives undefined for it.
 */
import { createHash } from 'node:crypto';

const HASH_BYTES = 32;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** `bytes` with their hash appended, as a cache file holds them. */
export function seal(bytes: Uint8Array): Buffer {
  return Buffer.concat([bytes, sha256(bytes)]);
}

/** The bytes `seal` was given, or undefined when `file` is not exactly what it returned. */
export function unseal(file: Uint8Array): Buffer | undefined {
  if (file.length < HASH_BYTES) return undefined;
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.length - HASH_BYTES);
  return sha256(bytes).equals(Buffer.from(file.buffer, file.byteOffset + bytes.length, HASH_BYTES)) ? bytes : undefined;
}
