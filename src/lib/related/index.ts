export type { RelatedInput, RelatedOptions, RelatedState } from './related.ts';
export type { TermStats, VectorInput, VectorParams } from './vectors.ts';
export { RELATED_VERSION, buildRelated, fingerprint, isRelatedState, relatedIds, relatedRebuildReason, statsSampleSize, updateRelated, updateRelatedWithRows } from './related.ts';
export { decodeRows, encodeRows, rowsKey } from './rows-cache.ts';
export type { CachedRows } from './rows-cache.ts';
export { DEFAULT_VECTOR_PARAMS, termCounts } from './vectors.ts';
export { baselineRelated } from './baseline.ts';
export { categoryShares } from './evaluate.ts';
export type { LabelledPaper } from './evaluate.ts';
