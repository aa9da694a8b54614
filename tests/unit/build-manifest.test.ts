/**
 * The build manifest (src/lib/build-manifest.ts) and its file (src/catalog/manifest-file.ts): what
 * a build removes, measures and lists from it, and how a build recovers when the last one left no
 * whole manifest (a first build, a killed one, a damaged file), on a real folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/lib/build-manifest.ts';
import { describeSize, outputPath, pagesOf, parseManifest, serializeManifest, siteSize, stalePaths } from '../../src/lib/build-manifest.ts';
import { commitManifest, committedKeys, listOutput, manifestFile, takeManifest, takenKeys } from '../../src/catalog/manifest-file.ts';

const OUT = '/site/dist/';

/** A small site: three pages with keys (one a paper's, with its search facts), a feed, the 404 page, a search partition folder. */
function sample(): Manifest {
  return new Map([
    ['index.html', { bytes: 1000, key: 'home-1' }],
    ['papers/a-paper/index.html', { bytes: 900, key: 'paper-1', indexed: '2026-08-05 q8/+h=' }],
    ['days/2026-08-05/index.html', { bytes: 2000, key: 'day-1' }],
    ['weeks/2026-W32/email.html', { bytes: 300 }],
    ['rss.xml', { bytes: 500 }],
    ['404.html', { bytes: 100 }],
    ['pagefind/2026-08-01/', { bytes: 4000, key: 'tag', files: 3 }],
  ]);
}

describe('the manifest, pure', () => {
  it('maps site paths to output paths, and lists only directory pages as pages', () => {
    expect(outputPath('/')).toBe('index.html');
    expect(outputPath('/days/2026-08-05/')).toBe('days/2026-08-05/index.html');
    expect(outputPath('/api/v1/days/2026-08-05.json')).toBe('api/v1/days/2026-08-05.json');
    expect(pagesOf(sample())).toEqual(['/', '/papers/a-paper/', '/days/2026-08-05/']);
  });

  it('names what the last build listed and this one does not', () => {
    const next = sample();
    next.delete('rss.xml');
    next.delete('pagefind/2026-08-01/');
    next.set('papers/new/index.html', { bytes: 7 });
    expect(stalePaths(sample().keys(), next)).toEqual(['rss.xml', 'pagefind/2026-08-01/']);
    expect(stalePaths(['a.html', 'index.html'], sample())).toEqual(['a.html']);
  });

  it('sums bytes and files by top-level folder, a folder entry counting its files', () => {
    const size = siteSize(sample());
    expect(size.bytes).toBe(8800);
    expect(size.files).toBe(9);
    expect([...size.byFolder]).toEqual([['.', 1600], ['papers', 900], ['days', 2000], ['weeks', 300], ['pagefind', 4000]]);
    const line = describeSize({ bytes: 3 * 1024 ** 2, files: 1234, byFolder: new Map([['papers', 2 * 1024 ** 2], ['.', 1024 ** 2]]) }, 3);
    expect(line).toBe("site size: 3.0 MB in 1,234 files, 0.3% of GitHub Pages' 1 GB limit (1024 KB per page; papers/ 2.0 MB, top level 1.0 MB)");
  });

  it('reads back what it writes, keys and folder entries included', () => {
    const text = serializeManifest(OUT, sample());
    expect(text.split('\n')).toEqual([
      `daybook-manifest 3\t${OUT}`,
      'index.html\t1000\thome-1',
      'papers/a-paper/index.html\t900\tpaper-1\t\t2026-08-05 q8/+h=',
      'days/2026-08-05/index.html\t2000\tday-1',
      'weeks/2026-W32/email.html\t300\t',
      'rss.xml\t500\t',
      '404.html\t100\t',
      'pagefind/2026-08-01/\t4000\ttag\t3',
      'end\t7',
      '',
    ]);
    expect(parseManifest(text)).toEqual({ output: OUT, manifest: sample() });
    expect(parseManifest(serializeManifest(OUT, new Map()))).toEqual({ output: OUT, manifest: new Map() });
  });

  it('refuses a manifest cut short, altered or of another format, naming the line', () => {
    const lines = serializeManifest(OUT, sample()).split('\n');
    expect(() => parseManifest(lines.slice(0, 4).join('\n'))).toThrow(/cut short/);
    expect(() => parseManifest(lines.slice(0, -2).join('\n'))).toThrow(/cut short/);
    expect(() => parseManifest([...lines.slice(0, 2), 'index.html\tmany\t', ...lines.slice(3)].join('\n'))).toThrow(/^line 3 /);
    expect(() => parseManifest([...lines.slice(0, 7), 'pagefind/2026-08-01/\t4000\ttag', ...lines.slice(8)].join('\n'))).toThrow(/^line 8 .*<TAB>files/);
    expect(() => parseManifest([...lines.slice(0, 2), 'papers/a-paper/index.html\t900\tpaper-1\t\t2026-08-05 q8/+h=\tmore', ...lines.slice(3)].join('\n'))).toThrow(/^line 3 /);
    expect(() => parseManifest(`{"pages":{}}\n`)).toThrow(/^line 1 /);
    expect(() => parseManifest('')).toThrow(/^line 1 /);
    expect(() => serializeManifest(OUT, new Map([['a\tb.html', { bytes: 1 }]]))).toThrow(/tab or a line break/);
  });
});

describe('the manifest file', () => {
  let cacheDir = '';
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'daybook-manifest-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('is committed whole, and taken once: a build that fails after taking it leaves none', () => {
    expect(takeManifest(cacheDir, OUT)).toEqual({ missing: expect.stringMatching(/daybook-manifest\.tsv is missing/) });
    expect(takenKeys(cacheDir)).toEqual(new Map());
    commitManifest(cacheDir, OUT, sample());
    expect(readdirSync(cacheDir)).toEqual(['daybook-manifest.tsv']);
    expect(committedKeys(cacheDir, OUT)).toEqual(new Map([['index.html', 'home-1'], ['papers/a-paper/index.html', 'paper-1'], ['days/2026-08-05/index.html', 'day-1'], ['pagefind/2026-08-01/', 'tag']]));
    // The papers loader asks only for its pages' keys.
    expect(committedKeys(cacheDir, OUT, (path) => path.startsWith('papers/'))).toEqual(new Map([['papers/a-paper/index.html', 'paper-1']]));
    expect(takeManifest(cacheDir, OUT)).toEqual({ manifest: sample() });
    // Taken: no later build trusts the output, while this one's routes read the keys it lists.
    expect(committedKeys(cacheDir, OUT)).toEqual(new Map());
    expect(readdirSync(cacheDir)).toEqual(['daybook-manifest.taken.tsv']);
    expect(takenKeys(cacheDir)).toEqual(new Map([['index.html', 'home-1'], ['papers/a-paper/index.html', 'paper-1'], ['days/2026-08-05/index.html', 'day-1'], ['pagefind/2026-08-01/', 'tag']]));
    // The list routes ask for theirs only, not the paper pages'.
    expect(takenKeys(cacheDir, (path) => !path.startsWith('papers/'))).toEqual(new Map([['index.html', 'home-1'], ['days/2026-08-05/index.html', 'day-1'], ['pagefind/2026-08-01/', 'tag']]));
    // The build failed: the next one finds nothing to trust, and no keys.
    expect(takeManifest(cacheDir, OUT)).toHaveProperty('missing');
    expect(takenKeys(cacheDir)).toEqual(new Map());
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('is the only one left once a build commits its own', () => {
    commitManifest(cacheDir, OUT, sample());
    takeManifest(cacheDir, OUT);
    const next = sample();
    next.delete('rss.xml');
    commitManifest(cacheDir, OUT, next);
    expect(readdirSync(cacheDir)).toEqual(['daybook-manifest.tsv']);
    expect(takeManifest(cacheDir, OUT)).toEqual({ manifest: next });
  });

  it('describes the output as it was: a folder emptied and made again since is another output', () => {
    const out = join(cacheDir, 'dist');
    mkdirSync(join(out, 'papers'), { recursive: true });
    commitManifest(cacheDir, out, sample());
    expect(committedKeys(cacheDir, out).size).toBe(4);
    // The old folder still exists, so the new one cannot have its inode.
    renameSync(out, `${out}-old`);
    mkdirSync(join(out, 'papers'), { recursive: true });
    expect(committedKeys(cacheDir, out)).toEqual(new Map());
    expect(takeManifest(cacheDir, out)).toEqual({ missing: expect.stringMatching(/describes another output/) });
  });

  it('is written over a temporary file a killed commit left, and such a file alone is no manifest', () => {
    writeFileSync(`${manifestFile(cacheDir)}.tmp`, `daybook-manifest 3\t${OUT}\nindex.html\t12`);
    expect(takeManifest(cacheDir, OUT)).toHaveProperty('missing');
    expect(readdirSync(cacheDir)).toEqual([]);
    writeFileSync(`${manifestFile(cacheDir)}.tmp`, 'garbage');
    commitManifest(cacheDir, OUT, sample());
    expect(readdirSync(cacheDir)).toEqual(['daybook-manifest.tsv']);
    expect(takeManifest(cacheDir, OUT)).toEqual({ manifest: sample() });
  });

  it('is not trusted when damaged or made for another output folder, and says why', () => {
    commitManifest(cacheDir, OUT, sample());
    const file = manifestFile(cacheDir);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 60));
    expect(takeManifest(cacheDir, OUT)).toEqual({ missing: expect.stringMatching(/daybook-manifest\.tsv cannot be read: the manifest is cut short/) });
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, Buffer.from([0xff, 0x00, 0x13]));
    expect(takeManifest(cacheDir, OUT)).toEqual({ missing: expect.stringMatching(/cannot be read: line 1/) });
    commitManifest(cacheDir, '/elsewhere/dist/', sample());
    expect(takeManifest(cacheDir, OUT)).toEqual({ missing: expect.stringMatching(/another output \(\/elsewhere\/dist\/\)/) });
  });

  it('is replaced, when missing, by a listing of the output that leaves the skipped folders out', () => {
    const out = join(cacheDir, 'dist');
    expect(listOutput(out)).toEqual([]);
    for (const file of ['index.html', 'days/2026-08-05/index.html', 'pagefind/2026-08-01/pagefind-entry.json', 'papers/pagefind/index.html']) {
      mkdirSync(join(out, file, '..'), { recursive: true });
      writeFileSync(join(out, file), 'x');
    }
    mkdirSync(join(out, 'empty'));
    expect(listOutput(out, new Set(['pagefind'])).sort()).toEqual(['days/2026-08-05/index.html', 'index.html', 'papers/pagefind/index.html']);
    expect(listOutput(out).length).toBe(4);
  });
});
