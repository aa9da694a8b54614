/**
 * Sparse document vectors and an exact top-k nearest-neighbour search over them
 * through an inverted index. No dense N×N matrix: work is the sum over terms of
 * (papers containing the term)², memory is linear in the number of non-zeros.
 */

/** Row-compressed sparse vectors: row i is terms[offsets[i]..offsets[i+1]) with matching weights. */
export interface SparseRows {
  offsets: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
  termCount: number;
}

/** Best-k neighbour lists of every row: slot i*k+r holds the r-th best neighbour (or -1) and its score. */
export interface Neighbours {
  k: number;
  index: Int32Array;
  score: Float64Array;
}

/** Appends rows into growable typed arrays (no per-entry objects, so 75k papers stay small). */
export class RowBuilder {
  private offsets: number[] = [0];
  private terms = new Int32Array(1024);
  private weights = new Float64Array(1024);
  private size = 0;

  /** Appends one row; `terms` must be distinct. */
  push(terms: ArrayLike<number>, weights: ArrayLike<number>): void {
    const order = Array.from({ length: terms.length }, (_, i) => i).sort((a, b) => (terms[a] ?? 0) - (terms[b] ?? 0));
    this.reserve(this.size + order.length);
    for (const i of order) {
      this.terms[this.size] = terms[i] ?? 0;
      this.weights[this.size++] = weights[i] ?? 0;
    }
    this.offsets.push(this.size);
  }

  /** The rows so far. */
  finish(termCount: number): SparseRows {
    return {
      offsets: Int32Array.from(this.offsets),
      terms: this.terms.slice(0, this.size),
      weights: this.weights.slice(0, this.size),
      termCount,
    };
  }

  private reserve(needed: number): void {
    if (needed <= this.terms.length) return;
    const capacity = Math.max(needed, this.terms.length * 2);
    const terms = new Int32Array(capacity);
    terms.set(this.terms);
    const weights = new Float64Array(capacity);
    weights.set(this.weights);
    this.terms = terms;
    this.weights = weights;
  }
}

interface Postings {
  start: Int32Array;
  docs: Int32Array;
  weights: Float64Array;
}

/** Inverted index: for each term, the rows containing it in increasing row order. */
function invert(rows: SparseRows): Postings {
  const n = rows.offsets.length - 1;
  const start = new Int32Array(rows.termCount + 1);
  for (const t of rows.terms) start[t + 1] = (start[t + 1] ?? 0) + 1;
  for (let t = 0; t < rows.termCount; t++) start[t + 1] = (start[t + 1] ?? 0) + (start[t] ?? 0);
  const fill = start.slice(0, rows.termCount);
  const docs = new Int32Array(rows.terms.length);
  const weights = new Float64Array(rows.terms.length);
  for (let i = 0; i < n; i++) {
    for (let p = rows.offsets[i] ?? 0; p < (rows.offsets[i + 1] ?? 0); p++) {
      const t = rows.terms[p] ?? 0;
      const at = fill[t] ?? 0;
      docs[at] = i;
      weights[at] = rows.weights[p] ?? 0;
      fill[t] = at + 1;
    }
  }
  return { start, docs, weights };
}

/** Empty neighbour lists for n rows. */
export function emptyNeighbours(n: number, k: number): Neighbours {
  return { k, index: new Int32Array(n * k).fill(-1), score: new Float64Array(n * k) };
}

/** Offers candidate c with score s to row d's list (score descending, then `rank` ascending); returns the list's new floor. */
function offer(nb: Neighbours, rank: Int32Array, d: number, c: number, s: number): number {
  const { k, index, score } = nb;
  const base = d * k;
  const rc = rank[c] ?? 0;
  let pos = k;
  while (pos > 0) {
    const j = index[base + pos - 1] ?? -1;
    if (j !== -1) {
      const sj = score[base + pos - 1] ?? 0;
      if (sj > s || (sj === s && (rank[j] ?? 0) < rc)) break;
    }
    pos--;
  }
  if (pos < k) {
    for (let r = k - 1; r > pos; r--) {
      index[base + r] = index[base + r - 1] ?? -1;
      score[base + r] = score[base + r - 1] ?? 0;
    }
    index[base + pos] = c;
    score[base + pos] = s;
  }
  return (index[base + k - 1] ?? -1) >= 0 ? (score[base + k - 1] ?? 0) : -1;
}

/**
 * Adds rows `from`..n-1 to the neighbour lists: each new row is compared with every earlier row
 * (dot product over shared terms) and both lists are updated. Starting from lists that are exact for
 * rows 0..from-1 gives exactly the lists a run with from = 0 gives. `rank` orders ties (lower wins).
 */
export function extendNeighbours(rows: SparseRows, nb: Neighbours, rank: Int32Array, from: number): void {
  const n = rows.offsets.length - 1;
  const { k } = nb;
  const post = invert(rows);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  // Score of each row's k-th entry (-1 while the list is not full): most candidates fail this test.
  const floor = new Float64Array(n).fill(-1);
  for (let d = 0; d < n; d++) if ((nb.index[d * k + k - 1] ?? -1) >= 0) floor[d] = nb.score[d * k + k - 1] ?? 0;
  const { offsets, terms, weights } = rows;
  const { start, docs, weights: postWeights } = post;
  for (let i = from; i < n; i++) {
    let count = 0;
    const rowEnd = offsets[i + 1]!;
    for (let p = offsets[i]!; p < rowEnd; p++) {
      const t = terms[p]!;
      const w = weights[p]!;
      const end = start[t + 1]!;
      for (let q = start[t]!; q < end; q++) {
        const j = docs[q]!;
        if (j >= i) break;
        if (acc[j] === 0) touched[count++] = j;
        acc[j]! += w * postWeights[q]!;
      }
    }
    for (let c = 0; c < count; c++) {
      const j = touched[c]!;
      const s = acc[j]!;
      acc[j] = 0;
      if (s >= floor[i]!) floor[i] = offer(nb, rank, i, j, s);
      if (s >= floor[j]!) floor[j] = offer(nb, rank, j, i, s);
    }
  }
}

/** Neighbour row indexes of row d, best first. */
export function neighboursOf(nb: Neighbours, d: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < nb.k; r++) {
    const j = nb.index[d * nb.k + r] ?? -1;
    if (j >= 0) out.push(j);
  }
  return out;
}
