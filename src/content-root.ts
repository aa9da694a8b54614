/**
 * The content root: `content/`, or another archive's (benchmarks and tests set `DAYBOOK_CONTENT`).
 * Shared by the collections, the build config and the query layer; server-side only.
 */
import { dirname, join, resolve } from 'node:path';

export const CONTENT_DIR = process.env.DAYBOOK_CONTENT ?? './content';

/** The ingest's cache folder for a content root (unless `npm run ingest -- --cache` names another): `.cache/daybook` beside it. */
export const ingestCacheDir = (contentDir: string): string => join(dirname(resolve(contentDir)), '.cache', 'daybook');
