export type { RelatedInput, RelatedOptions, RelatedState } from './related.ts';
export type { TermIds, TermStats, VectorInput, VectorParams } from './vectors.ts';
export { RELATED_VERSION, buildRelated, fingerprint, isRelatedState, relatedIds, relatedRebuildReason, statsSampleSize, updateRelated, updateRelatedWithRows, vectorizeAll } from './related.ts';
export { rowsKey } from './rows-cache.ts';
export type { CachedRows } from './rows-cache.ts';
export { DEFAULT_VECTOR_PARAMS, WEIGHT_SCALE, termCounts, weightVector } from './vectors.ts';
export { appendNeighbours, emptyNeighbours, neighboursOf } from './sparse.ts';
export type { Neighbours, RowView, SparseRows, TieOrder } from './sparse.ts';
