/**
 * Finding a paper beside the full text: a query's words and exact keys, the word map that routes
 * a query to the partitions that can match, and the exact-key shards. The site tests
 * (tests/site/search.test.ts) run the same through the real build, Pagefind and Chromium.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildKeyShards, keyHash, keyName, shardCount, shardOf } from '../../src/lib/search/exact.ts';
import { BLOCKS, buildPassageShards, orderByPassage, PASSAGE_SHARD_BYTES, partitionsHolding, passageFilter, passageHashes, passageShardOf } from '../../src/lib/search/passages.ts';
import { arxivIdOf, exactKeysOf, matchPrefix, paperKeys, searchWords } from '../../src/lib/search/query.ts';
import { buildTermChunks, chunksFor, chunksInGroups, decodeRuns, encodeRuns, groupFirsts, partitionsWith, periodCode, periodStart } from '../../src/lib/search/routing.ts';
import { stem } from '../../src/lib/text/stem.ts';

describe('a query', () => {
  it('reads an arXiv id in every spelling readers paste', () => {
    for (const spelling of [
      '2406.01574',
      '2406.01574v2',
      'arXiv:2406.01574',
      'arxiv:2406.01574v3',
      ' https://arxiv.org/abs/2406.01574 ',
      'arxiv.org/abs/2406.01574v1',
      'https://arxiv.org/pdf/2406.01574',
      'https://arxiv.org/pdf/2406.01574v2.pdf',
      'http://export.arxiv.org/abs/2406.01574',
    ]) {
      expect(arxivIdOf(spelling), spelling).toBe('2406.01574');
    }
    expect(arxivIdOf('hep-th/9901001')).toBe('hep-th/9901001');
    expect(arxivIdOf('arXiv:hep-th/9901001v2')).toBe('hep-th/9901001');
    expect(arxivIdOf('https://arxiv.org/abs/math.GT/0309136')).toBe('math.GT/0309136');
    expect(arxivIdOf('0704.0001')).toBe('0704.0001');
    for (const other of ['diffusion models', '2406', '2406.015', 'arXiv', '12345.67890', 'hep-th']) expect(arxivIdOf(other), other).toBeUndefined();
  });

  it('is split into words as Pagefind splits it, each matched from a prefix of its stem', () => {
    expect(searchWords('Self-Play  fine-tuning, “LLMs”!')).toEqual(['selfplay', 'finetuning', 'llms']);
    expect(searchWords('2406.01574')).toEqual(['240601574']);
    expect(matchPrefix('models')).toBe('model');
    expect(matchPrefix('studies')).toBe('studi');
    // The stem rewrites the ending: the part the word and its stem share.
    expect('happi'.startsWith(matchPrefix('happy'))).toBe(true);
    expect(matchPrefix('merchantbench')).toBe('merchantbench');
  });

  it('may be an id, a title or an author, and papers are found by all three', () => {
    expect(exactKeysOf('arXiv:2406.01574v2')).toEqual([{ kind: 'id', key: 'id:2406.01574' }]);
    expect(exactKeysOf('Toshihiko Yamasaki').map((k) => k.key)).toEqual(['title:toshihikoyamasaki', 'author:toshihikoyamasaki']);
    // One word is no name; three letters are no title.
    expect(exactKeysOf('MerchantBench').map((k) => k.kind)).toEqual(['title']);
    expect(exactKeysOf('GAN')).toEqual([]);
    const keys = paperKeys({ title: 'Gödel Agent: A Self-Referential Framework', authors: ['Xunjian Yin', 'José  Pérez-Ortiz'], arxivId: '2410.04444' });
    expect(keys).toEqual(['id:2410.04444', 'title:godelagentaselfreferentialframework', 'author:xunjianyin', 'author:joseperezortiz']);
    // What a reader types folds to the same key: case, accents, punctuation and spacing aside.
    expect(keys).toContain(exactKeysOf('godel agent a self-referential framework')[0]!.key);
    expect(keys).toContain(exactKeysOf('Jose Perez Ortiz')[1]!.key);
  });
});

describe('the word map', () => {
  it('names partitions by codes that never change', () => {
    for (const start of ['2026-11-21', '2026-01-01', '2025-12-11', '1999-07-21']) expect(periodStart(periodCode(start))).toBe(start);
    expect(parseInt(periodCode('2026-01-01'), 36) - parseInt(periodCode('2025-12-21'), 36)).toBe(1);
    const numbers = [5, 1, 2, 3, 9, 10, 2];
    expect(encodeRuns(numbers)).toBe('1-3,5,9-a');
    expect(decodeRuns(encodeRuns(numbers)).map((c) => parseInt(c, 36))).toEqual([1, 2, 3, 5, 9, 10]);
  });

  it('routes a word to the partitions holding a word with its prefix, and only those', () => {
    const a = { start: '2026-11-21', words: ['agent', 'diffus', 'merchantbench', 'model'] };
    const b = { start: '2026-11-11', words: ['agent', 'diffus', 'model', 'modular'] };
    const c = { start: '2026-08-21', words: ['graph', 'model'] };
    const chunks = buildTermChunks([a, b, c], 40);
    expect(chunks.length).toBeGreaterThan(2);
    const firsts = chunks.map((chunk) => chunk[0]![0]);
    const route = (prefix: string) =>
      [...partitionsWith(chunksFor(firsts, prefix).map((i) => chunks[i]!), prefix)].map(periodStart).sort();
    expect(route('merchantbench')).toEqual(['2026-11-21']);
    expect(route('model')).toEqual(['2026-08-21', '2026-11-11', '2026-11-21']);
    expect(route('modu')).toEqual(['2026-11-11']);
    // A prefix of several words: every partition of any of them.
    expect(route('mod')).toEqual(['2026-08-21', '2026-11-11', '2026-11-21']);
    expect(route('toshihiko')).toEqual([]);
    expect(route('zzz')).toEqual([]);
    // Every word is in one chunk, in order.
    expect(chunks.flat().map((e) => e[0])).toEqual(['agent', 'diffus', 'graph', 'merchantbench', 'model', 'modular']);
  });

  it('finds the chunks of a prefix through the two-level index as through the whole list of first words', () => {
    // 26 × 26 words in chunks of ~3 words, groups of 4 chunks: prefixes that start, end and span groups.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words = [...letters].flatMap((a) => [...letters.slice(0, 8)].map((b) => `${a}${b}x`));
    const chunks = buildTermChunks([{ start: '2026-01-01', words }], 40);
    const firsts = chunks.map((chunk) => chunk[0]![0]);
    const groups = groupFirsts(firsts, 4);
    expect(groups.length).toBeGreaterThan(10);
    expect(groups.flat()).toEqual(firsts);
    const twoLevel = (prefix: string) => {
      const groupIndexes = chunksFor(groups.map((g) => g[0]!), prefix);
      return chunksInGroups(groupIndexes, groupIndexes.map((g) => groups[g]!), prefix, 4);
    };
    for (const prefix of ['a', 'aa', 'aax', 'c', 'ch', 'chx', 'm', 'z', 'zh', 'zhx', 'zz', '0', 'ab', 'q']) {
      expect(twoLevel(prefix), prefix).toEqual(chunksFor(firsts, prefix));
    }
    // And the words under a prefix are all in the chunks found.
    const under = (prefix: string) => twoLevel(prefix).flatMap((i) => chunks[i]!.map(([w]) => w)).filter((w) => w.startsWith(prefix));
    expect(under('c')).toEqual(words.filter((w) => w.startsWith('c')));
    expect(under('mdx')).toEqual(['mdx']);
  });
});

describe('the exact keys', () => {
  it('shard every key so that a lookup reads one shard and finds every paper with the key', () => {
    const papers = Array.from({ length: 2_000 }, (_, i) => [`p/${i}`, [`author:name${i % 700}`, `title:paper${i}`]] as const);
    const shards = buildKeyShards(papers);
    expect(shards.length).toBe(shardCount(2_700));
    expect(shards.length & (shards.length - 1)).toBe(0);
    const lookup = (key: string) => shards[shardOf(key, shards.length)]![keyName(key)] ?? [];
    expect(lookup('author:name5')).toEqual(['p/5', 'p/705', 'p/1405']);
    expect(lookup('title:paper1999')).toEqual(['p/1999']);
    expect(lookup('title:unknown')).toEqual([]);
    // Shards are small whatever the archive: about 300 keys each.
    const sizes = shards.map((s) => Object.keys(s).length);
    expect(Math.max(...sizes)).toBeLessThan(600);
  });
});

describe('the passage sketch', () => {
  it('finds the partitions whose papers have three or four words side by side, as a reader types them', () => {
    const texts = [
      'We propose a specific learning algorithm for sparse optimization.',
      'A learning algorithm, specific to graphs.',
      'Specific learning: an algorithm.',
      'Nothing alike here at all.',
      'Graphs again, nothing else.',
    ];
    const filters = texts.map((text) => passageFilter(passageHashes(text)));
    const shards = buildPassageShards(filters);
    const where = (phrase: string) => passageHashes(phrase).map((hash) => partitionsHolding(shards[passageShardOf(hash, filters.length)]!, hash, filters.length));
    // Punctuation and case as Pagefind reads them; stems, so "algorithms" is "algorithm". Three words are
    // one run; four are runs of three and one of four: "a specific learning", the four, "specific learning algorithm".
    expect(where('Specific Learning Algorithm')).toEqual([[0]]);
    expect(where('a learning algorithms')).toEqual([[1]]);
    expect(where('a specific learning algorithm')).toEqual([[0], [0], [0]]);
    // Under three words there is no run: the word map alone routes them.
    expect(where('specific learning')).toEqual([]);
    // Nothing has it (a false positive would be one chance in ~10⁸ in filters this empty).
    expect(where('sparse graphs again')).toEqual([[]]);
  });

  it('orders partitions by how many runs of the passage they hold, the newest first among equals', () => {
    const held = [new Set(['c', 'd']), new Set(['b', 'd']), new Set(['d', 'a'])];
    expect(orderByPassage(['a', 'b', 'c', 'd', 'e'], held)).toEqual({ ordered: ['d', 'a', 'b', 'c', 'e'], holdingAll: 1 });
    expect(orderByPassage(['a', 'b'], [new Set(['x'])])).toEqual({ ordered: ['a', 'b'], holdingAll: 0 });
  });

  // Real abstracts: eight partitions of 900 distinct papers each (a partition of the site holds ~1,000).
  const seen = new Set<string>();
  const papers = gunzipSync(readFileSync('tests/fixtures/arxiv-daily-30-days.jsonl.gz'))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { title: string; abstract: string })
    .filter((p) => !seen.has(p.title) && seen.add(p.title))
    .map((p) => `${p.title}\n${p.abstract}`);
  const partitions = Array.from({ length: 7 }, (_, i) => papers.slice(i * 900, (i + 1) * 900));
  const exact = partitions.map((texts) => new Set(texts.flatMap(passageHashes)));
  const filters = partitions.map((texts) => passageFilter(texts.flatMap(passageHashes)));
  const shards = buildPassageShards(filters);
  const holding = (hash: number) => partitionsHolding(shards[passageShardOf(hash, filters.length)]!, hash, filters.length);
  /** Six words from anywhere in a partition's `n`th abstract. */
  const passageOf = (texts: string[], n: number) => {
    const words = texts[n]!.split(/\s+/);
    const from = (n * 31) % Math.max(1, words.length - 6);
    return words.slice(from, from + 6).join(' ');
  };

  it('stores every partition\'s filter in shards of about 2 KB, one read per run', () => {
    expect(shards.every((s) => s.byteLength <= PASSAGE_SHARD_BYTES)).toBe(true);
    expect(shards.reduce((n, s) => n + s.byteLength, 0)).toBe(BLOCKS * 8 * filters.length);
  });

  it('says a run absent from a partition is there about once in thirty', () => {
    let absent = 0;
    let present = 0;
    partitions.forEach((texts, home) => {
      for (let n = 0; n < texts.length; n += 5) {
        for (const hash of passageHashes(passageOf(texts, n))) {
          for (let p = 0; p < partitions.length; p++) {
            if (p === home || exact[p]!.has(hash)) continue;
            absent++;
            if (holding(hash).includes(p)) present++;
          }
        }
      }
    });
    expect(absent).toBeGreaterThan(20_000);
    expect(present / absent).toBeLessThan(0.04);
  });

  it('finds the partition of every passage first, where the pairs alone cannot tell', () => {
    const pairsOf = (text: string) => {
      const words = searchWords(text).map((w) => stem(w));
      return words.slice(1).map((word, i) => keyHash(`${words[i]} ${word}`));
    };
    const pairSets = partitions.map((texts) => new Set(texts.flatMap(pairsOf)));
    let passages = 0;
    let byPairs = 0;
    let bySketch = 0;
    partitions.forEach((texts, home) => {
      for (let n = 0; n < texts.length; n += 3) {
        const phrase = passageOf(texts, n);
        const hashes = passageHashes(phrase);
        if (hashes.length < 7) continue;
        const heldBy = hashes.map((hash) => new Set(holding(hash)));
        // Never a false negative: the passage's own partition holds every run.
        expect(heldBy.every((set) => set.has(home))).toBe(true);
        // "this finding, we show that a": every pair in five or more of the seven partitions.
        const holdingPairs = pairSets.filter((set) => pairsOf(phrase).every((hash) => set.has(hash))).length;
        if (holdingPairs < 5) continue;
        passages++;
        byPairs += holdingPairs;
        bySketch += orderByPassage(partitions.map((_, p) => p), heldBy).holdingAll;
      }
    });
    expect(passages).toBeGreaterThan(40);
    expect(byPairs / passages).toBeGreaterThan(5.5);
    // Measured: 6.2 partitions by the pairs, 1.3 by the sketch's runs, on 99 such passages.
    expect(bySketch / passages).toBeLessThan(1.5);
  });
});
