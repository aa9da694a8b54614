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

/** Whether row a goes before row b between equal scores (ties go to the smaller id). */
export type TieOrder = (a: number, b: number) => boolean;

/** Offers candidate c with score s to row d's list (score descending, then `first`); returns whether it went in. */
function offer(nb: Neighbours, first: TieOrder, d: number, c: number, s: number): boolean {
  const { k, index, score } = nb;
  const base = d * k;
  let pos = k;
  while (pos > 0) {
    const j = index[base + pos - 1] ?? -1;
    if (j !== -1) {
      const sj = score[base + pos - 1] ?? 0;
      if (sj > s || (sj === s && first(j, c))) break;
    }
    pos--;
  }
  if (pos === k) return false;
  for (let r = k - 1; r > pos; r--) {
    index[base + r] = index[base + r - 1] ?? -1;
    score[base + r] = score[base + r - 1] ?? 0;
  }
  index[base + pos] = c;
  score[base + pos] = s;
  return true;
}

/** The score a candidate must reach to enter row d's list: its k-th score, or -1 while the list is not full. */
function floorOf(nb: Neighbours, d: number): number {
  const last = d * nb.k + nb.k - 1;
  return (nb.index[last] ?? -1) >= 0 ? (nb.score[last] ?? 0) : -1;
}

/**
 * Adds rows `from`..n-1 to the neighbour lists: each new row is compared with every earlier row
 * (dot product over shared terms) and both lists are updated. Starting from lists that are exact for
 * rows 0..from-1 gives exactly the lists a run with from = 0 gives. `rank` orders ties (lower wins).
 * `onRow` hears of every 1,000th row done.
 */
export function extendNeighbours(rows: SparseRows, nb: Neighbours, rank: Int32Array, from: number, onRow?: (done: number, total: number) => void): void {
  const n = rows.offsets.length - 1;
  const post = invert(rows);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const first: TieOrder = (a, b) => (rank[a] ?? 0) < (rank[b] ?? 0);
  // Score of each row's k-th entry (-1 while the list is not full): most candidates fail this test.
  const floor = new Float64Array(n);
  for (let d = 0; d < n; d++) floor[d] = floorOf(nb, d);
  const { offsets, terms, weights } = rows;
  const { start, docs, weights: postWeights } = post;
  for (let i = from; i < n; i++) {
    if (onRow && (i - from) % 1000 === 0) onRow(i - from, n - from);
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
      if (s >= floor[i]! && offer(nb, first, i, j, s)) floor[i] = floorOf(nb, i);
      if (s >= floor[j]! && offer(nb, first, j, i, s)) floor[j] = floorOf(nb, j);
    }
  }
  onRow?.(n - from, n - from);
}

/** Rows as kept between runs: integer weights (see WEIGHT_SCALE), in any array type. */
export interface RowView {
  offsets: Int32Array;
  terms: Int32Array;
  weights: ArrayLike<number>;
}

/**
 * `extendNeighbours` for a few rows added to a large archive, with the same result: `nb` has room for
 * old + added rows and exact lists for the old ones. An inverted index of the archive would cost more
 * than the comparisons themselves, so the old rows are read once, in order, each compared with every
 * added row it shares a term with (through an index of the added rows only); then the added rows are
 * compared among themselves. `first` orders ties. Returns the old rows whose lists changed.
 */
export function appendNeighbours(old: RowView, added: SparseRows, nb: Neighbours, first: TieOrder): number[] {
  const n0 = old.offsets.length - 1;
  const m = added.offsets.length - 1;
  // Postings of the added rows: slot[term] → start..end in (row, weight), rows in increasing order.
  const slot = new Int32Array(added.termCount).fill(-1);
  const counts: number[] = [];
  for (let p = 0; p < added.terms.length; p++) {
    const t = added.terms[p]!;
    if (slot[t] === -1) slot[t] = counts.push(0) - 1;
    counts[slot[t]!]!++;
  }
  const start = new Int32Array(counts.length + 1);
  counts.forEach((c, s) => (start[s + 1] = start[s]! + c));
  const fill = start.slice(0, counts.length);
  const rowOf = new Int32Array(added.terms.length);
  const weightOf = new Float64Array(added.terms.length);
  for (let i = 0; i < m; i++) {
    for (let p = added.offsets[i]!; p < added.offsets[i + 1]!; p++) {
      const at = fill[slot[added.terms[p]!]!]!++;
      rowOf[at] = i;
      weightOf[at] = added.weights[p]!;
    }
  }

  const floor = new Float64Array(n0 + m);
  for (let d = 0; d < n0 + m; d++) floor[d] = floorOf(nb, d);
  const changed = new Uint8Array(n0);
  const acc = new Float64Array(m);
  const touched = new Int32Array(m);
  /** Offers the pair (a, b) with score s to both lists; `a` may be old. */
  const pair = (a: number, b: number, s: number) => {
    if (s >= floor[a]! && offer(nb, first, a, b, s)) {
      floor[a] = floorOf(nb, a);
      if (a < n0) changed[a] = 1;
    }
    if (s >= floor[b]! && offer(nb, first, b, a, s)) floor[b] = floorOf(nb, b);
  };

  const { offsets, terms, weights } = old;
  for (let j = 0; j < n0; j++) {
    let count = 0;
    const rowEnd = offsets[j + 1]!;
    for (let p = offsets[j]!; p < rowEnd; p++) {
      const s = slot[terms[p]!]!;
      if (s < 0) continue;
      const w = weights[p]!;
      const end = start[s + 1]!;
      for (let q = start[s]!; q < end; q++) {
        const i = rowOf[q]!;
        if (acc[i] === 0) touched[count++] = i;
        acc[i]! += w * weightOf[q]!;
      }
    }
    for (let c = 0; c < count; c++) {
      const i = touched[c]!;
      const s = acc[i]!;
      acc[i] = 0;
      pair(j, n0 + i, s);
    }
  }
  for (let i = 0; i < m; i++) {
    let count = 0;
    for (let p = added.offsets[i]!; p < added.offsets[i + 1]!; p++) {
      const s = slot[added.terms[p]!]!;
      const w = added.weights[p]!;
      const end = start[s + 1]!;
      for (let q = start[s]!; q < end; q++) {
        const other = rowOf[q]!;
        if (other >= i) break;
        if (acc[other] === 0) touched[count++] = other;
        acc[other]! += w * weightOf[q]!;
      }
    }
    for (let c = 0; c < count; c++) {
      const other = touched[c]!;
      const s = acc[other]!;
      acc[other] = 0;
      pair(n0 + other, n0 + i, s);
    }
  }
  const result: number[] = [];
  changed.forEach((flag, j) => flag && result.push(j));
  return result;
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
