/**
 * A paper as every page but its own knows it: its frontmatter and the hashes the pages that show
 * it are keyed by, made once in its entry's life from the entry's text. The ingest keeps one per
 * paper in the paper index (src/catalog/paper-index.ts), so a build knows the whole archive
 * without reading its entries.
 */
import { createHash } from 'node:crypto';
import { citeBase } from '../cite/keys.ts';
import type { PaperFrontmatter } from '../schema.ts';
import { entryBody } from './entries.ts';
import { listing } from './listing.ts';

export interface PaperRecord {
  /** The slug. */
  id: string;
  /** Changes with any byte of the entry file. */
  entryHash: string;
  data: PaperFrontmatter;
  /**
   * Changes with the entry but for its related list (which a new day changes for papers of every
   * month, and which only the paper's own page shows): the key of its open-data record.
   */
  recordHash: string;
  /** Changes with what a list item of the paper shows (src/lib/archive/listing.ts): the key of list pages. */
  listingHash: string;
  /** Its citation key before it is made unique (src/lib/cite/keys.ts: `citeBase`). */
  citeBase: string;
}

const hashOf = (...parts: string[]) => createHash('sha1').update(parts.join('\0')).digest('base64url').slice(0, 16);

/** The `entryHash` of an entry's text. */
export const entryHashOf = (text: string): string => hashOf(text);

/** The record of the entry `text` of paper `id`, whose frontmatter reads as `data`. */
export function paperRecord(id: string, text: string, data: PaperFrontmatter): PaperRecord {
  const { related: _related, ...shown } = data;
  return {
    id,
    entryHash: entryHashOf(text),
    data,
    recordHash: hashOf(JSON.stringify(shown), entryBody(text)),
    listingHash: hashOf(listing({ id, data })),
    citeBase: citeBase({ data }),
  };
}
