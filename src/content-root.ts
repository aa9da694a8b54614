/**
 * The content root: `content/`, or another archive's (benchmarks and tests set `DAYBOOK_CONTENT`).
 * Shared by the collections, the build config and the query layer; server-side only.
 */
export const CONTENT_DIR = process.env.DAYBOOK_CONTENT ?? './content';
