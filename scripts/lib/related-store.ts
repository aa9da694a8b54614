/**
 * The related-paper state and every paper's vector, kept in `.cache/daybook/related/` between
 * runs, laid out so that a day's update reads it without parsing and writes only what it adds:
 *
 *   meta.json                 options, statistics sample size, counts, generation (written last)
 *   vocabulary.bin            term → [id, document frequency] (scripts/lib/string-table.ts)
 *   offsets.i32 terms.i32 weights.u16   every paper's vector (row-compressed), appended to
 *   ids.txt fingerprints.txt  one line per paper, appended to
 *   lists-<generation>.bin    every paper's neighbours: Int32 indexes, then Float64 scores
 *
 * Appended files may be longer than meta.json says (a run killed while appending): the rest is
 * ignored, and cut off before the next append. A full rewrite removes meta.json first, so a run
 * killed midway leaves no store rather than a mixed one. Either way a damaged store only costs
 * time: the full path checks the state against every paper's fingerprint (relatedRebuildReason).
 */
import writeFileAtomic from 'write-file-atomic';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RELATED_VERSION, rowsKey } from '../../src/lib/related/index.ts';
import type { CachedRows, Neighbours, RelatedState, RowView, SparseRows, TermStats, VectorParams } from '../../src/lib/related/index.ts';
import { StringTable, encodeTable } from './string-table.ts';

const FORMAT = 1;

interface Meta {
  format: number;
  version: number;
  k: number;
  params: VectorParams;
  statsSize: number;
  docs: number;
  rows: number;
  nonZeros: number;
  idsBytes: number;
  printsBytes: number;
  generation: string;
}

/** The store as a day's update uses it: nothing parsed that the update does not need. */
export interface RelatedView {
  generation: string;
  k: number;
  params: VectorParams;
  statsSize: number;
  /** Term statistics with a table lookup for ids (vectors of new papers use them). */
  stats: TermStats;
  rows: RowView;
  lists: Neighbours;
  nonZeros: number;
  idsBytes: number;
  printsBytes: number;
}

/** Int32 / Uint16 / Float64 values of a file, viewed in place when aligned. */
function typed<T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, size: number, data: Buffer, at: number, count: number): T {
  if (at + count * size > data.length) throw new Error('related store: file cut short');
  const offset = data.byteOffset + at;
  if (offset % size === 0) return make(data.buffer as ArrayBuffer, offset, count);
  return make(data.buffer.slice(offset, offset + count * size) as ArrayBuffer, 0, count);
}
const int32s = (data: Buffer, count: number, at = 0) => typed((b, o, n) => new Int32Array(b, o, n), 4, data, at, count);
const uint16s = (data: Buffer, count: number) => typed((b, o, n) => new Uint16Array(b, o, n), 2, data, 0, count);
const float64s = (data: Buffer, count: number, at = 0) => typed((b, o, n) => new Float64Array(b, o, n), 8, data, at, count);

function readMeta(dir: string): Meta | undefined {
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
    return meta.format === FORMAT && meta.version === RELATED_VERSION ? meta : undefined;
  } catch {
    return undefined;
  }
}

const listsFile = (dir: string, generation: string) => join(dir, `lists-${generation}.bin`);

function readLists(dir: string, meta: Meta, rows = meta.rows): Neighbours {
  const data = readFileSync(listsFile(dir, meta.generation));
  const slots = meta.rows * meta.k;
  if (data.length !== slots * 12) throw new Error('related store: lists cut short');
  // Room for `rows` papers: an update appends its own.
  const index = new Int32Array(rows * meta.k).fill(-1);
  const score = new Float64Array(rows * meta.k);
  index.set(int32s(data, slots));
  score.set(float64s(data, slots, slots * 4));
  return { k: meta.k, index, score };
}

function readLines(file: string, bytes: number, count: number): string[] {
  const lines = readFileSync(file).subarray(0, bytes).toString('utf8').split('\n');
  lines.pop();
  if (lines.length !== count) throw new Error(`related store: ${file} cut short`);
  return lines;
}

/** Opens the store for a day's update; undefined when there is none or it is unreadable. */
export function openRelated(dir: string, extraRows: number): RelatedView | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  try {
    const table = new StringTable(readFileSync(join(dir, 'vocabulary.bin')));
    const df = new Int32Array(table.size);
    for (let row = 0; row < table.size; row++) df[table.value(row, 0)] = table.value(row, 1);
    const ids = { get: (term: string) => table.get(term, 0), size: table.size };
    return {
      generation: meta.generation,
      k: meta.k,
      params: meta.params,
      statsSize: meta.statsSize,
      stats: { docs: meta.docs, ids, df },
      rows: {
        offsets: int32s(readFileSync(join(dir, 'offsets.i32')), meta.rows + 1),
        terms: int32s(readFileSync(join(dir, 'terms.i32')), meta.nonZeros),
        weights: uint16s(readFileSync(join(dir, 'weights.u16')), meta.nonZeros),
      },
      lists: readLists(dir, meta, meta.rows + extraRows),
      nonZeros: meta.nonZeros,
      idsBytes: meta.idsBytes,
      printsBytes: meta.printsBytes,
    };
  } catch {
    return undefined;
  }
}

/** The whole store as the full computation uses it (`updateRelatedWithRows`); undefined when unreadable. */
export function loadRelated(dir: string): { state: RelatedState; rows: CachedRows; generation: string } | undefined {
  const meta = readMeta(dir);
  if (!meta) return undefined;
  try {
    const view = openRelated(dir, 0)!;
    const table = new StringTable(readFileSync(join(dir, 'vocabulary.bin')));
    const ids = new Map<string, number>();
    for (let row = 0; row < table.size; row++) ids.set(table.key(row), table.value(row, 0));
    const lists: Array<Array<[number, number]>> = [];
    for (let i = 0; i < meta.rows; i++) {
      const list: Array<[number, number]> = [];
      for (let r = 0; r < meta.k; r++) {
        const j = view.lists.index[i * meta.k + r]!;
        if (j >= 0) list.push([j, view.lists.score[i * meta.k + r]!]);
      }
      lists.push(list);
    }
    const state: RelatedState = {
      version: meta.version,
      k: meta.k,
      params: meta.params,
      statsSize: meta.statsSize,
      ids: readLines(join(dir, 'ids.txt'), meta.idsBytes, meta.rows),
      fingerprints: readLines(join(dir, 'fingerprints.txt'), meta.printsBytes, meta.rows),
      lists,
    };
    const rows: SparseRows = {
      offsets: Int32Array.from(view.rows.offsets),
      terms: Int32Array.from(view.rows.terms),
      weights: Float64Array.from(view.rows.weights),
      termCount: table.size,
    };
    return { state, rows: { key: rowsKey(state), stats: { docs: meta.docs, ids, df: view.stats.df }, rows }, generation: meta.generation };
  } catch {
    return undefined;
  }
}

const bytesOf = (array: Int32Array | Uint16Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Writes `data` at `at` (cutting off anything after it first), then syncs. */
function writeAt(file: string, at: number, ...data: Uint8Array[]): void {
  const fd = openSync(file, existsSync(file) ? 'r+' : 'w');
  try {
    ftruncateSync(fd, at);
    let position = at;
    for (const chunk of data) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done, position + done);
      position += chunk.length;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeLists(dir: string, generation: string, lists: Neighbours, rows: number): void {
  const slots = rows * lists.k;
  writeAt(listsFile(dir, generation), 0, bytesOf(lists.index.subarray(0, slots)), bytesOf(lists.score.subarray(0, slots)));
}

/** Commits a store by writing its meta.json, then removes lists of other generations. */
function finish(dir: string, meta: Meta): void {
  writeFileAtomic.sync(join(dir, 'meta.json'), JSON.stringify(meta));
  for (const name of readdirSync(dir)) {
    if (name.startsWith('lists-') && name !== `lists-${meta.generation}.bin`) rmSync(join(dir, name), { force: true });
  }
}

/** Replaces the store with a full state and its vectors. */
export function saveRelated(dir: string, state: RelatedState, cached: CachedRows): string {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'meta.json'), { force: true });
  const { rows, stats } = cached;
  const vocabulary: [string, number, number][] = [];
  for (const term of (stats.ids as Map<string, number>).keys()) {
    const id = stats.ids.get(term)!;
    vocabulary.push([term, id, stats.df[id] ?? 0]);
  }
  writeAt(join(dir, 'vocabulary.bin'), 0, encodeTable(vocabulary, 2));
  writeAt(join(dir, 'offsets.i32'), 0, bytesOf(rows.offsets));
  writeAt(join(dir, 'terms.i32'), 0, bytesOf(rows.terms));
  writeAt(join(dir, 'weights.u16'), 0, bytesOf(Uint16Array.from(rows.weights)));
  const ids = Buffer.from(state.ids.map((id) => `${id}\n`).join(''));
  const prints = Buffer.from(state.fingerprints.map((p) => `${p}\n`).join(''));
  writeAt(join(dir, 'ids.txt'), 0, ids);
  writeAt(join(dir, 'fingerprints.txt'), 0, prints);
  const lists = { k: state.k, index: new Int32Array(state.ids.length * state.k).fill(-1), score: new Float64Array(state.ids.length * state.k) };
  state.lists.forEach((list, i) =>
    list.forEach(([j, s], r) => {
      lists.index[i * state.k + r] = j;
      lists.score[i * state.k + r] = s;
    }),
  );
  const generation = randomBytes(6).toString('hex');
  writeLists(dir, generation, lists, state.ids.length);
  finish(dir, {
    format: FORMAT,
    version: state.version,
    k: state.k,
    params: state.params,
    statsSize: state.statsSize,
    docs: stats.docs,
    rows: state.ids.length,
    nonZeros: rows.terms.length,
    idsBytes: ids.length,
    printsBytes: prints.length,
    generation,
  });
  return generation;
}

/** Adds a day's papers (vectors, ids, fingerprints) and every paper's new lists to an opened store. */
export function appendRelated(dir: string, view: RelatedView, added: { ids: readonly string[]; fingerprints: readonly string[]; rows: SparseRows }, lists: Neighbours): string {
  const rows = view.rows.offsets.length - 1 + added.ids.length;
  const base = view.nonZeros;
  const offsets = added.rows.offsets.subarray(1).map((o) => o + base);
  writeAt(join(dir, 'offsets.i32'), (view.rows.offsets.length) * 4, bytesOf(offsets));
  writeAt(join(dir, 'terms.i32'), base * 4, bytesOf(added.rows.terms));
  writeAt(join(dir, 'weights.u16'), base * 2, bytesOf(Uint16Array.from(added.rows.weights)));
  const ids = Buffer.from(added.ids.map((id) => `${id}\n`).join(''));
  const prints = Buffer.from(added.fingerprints.map((p) => `${p}\n`).join(''));
  writeAt(join(dir, 'ids.txt'), view.idsBytes, ids);
  writeAt(join(dir, 'fingerprints.txt'), view.printsBytes, prints);
  const generation = randomBytes(6).toString('hex');
  writeLists(dir, generation, lists, rows);
  finish(dir, {
    format: FORMAT,
    version: RELATED_VERSION,
    k: view.k,
    params: view.params,
    statsSize: view.statsSize,
    docs: view.stats.docs,
    rows,
    nonZeros: base + added.rows.terms.length,
    idsBytes: view.idsBytes + ids.length,
    printsBytes: view.printsBytes + prints.length,
    generation,
  });
  return generation;
}
