/**
 * What every page's key is made of beside its view, and how the keys reach the end of the build:
 * the code hash (src/lib/code-hash.ts), the site's fingerprint and the page-key files
 * (src/catalog/page-keys.ts), on real folders. The site tests check the same through real builds.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeHash } from '../../src/lib/code-hash.ts';
import { dropPageKeys, pageKeys, siteFingerprint, writePageKeys } from '../../src/catalog/page-keys.ts';

let work = '';
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'daybook-keys-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A small project: source files in nested folders, a config file, a content root with topics and papers. */
function project(root: string): void {
  mkdirSync(join(root, 'src', 'lib', 'deep'), { recursive: true });
  writeFileSync(join(root, 'src', 'page.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src', 'lib', 'deep', 'util.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'astro.config.mjs'), 'export default {};\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  mkdirSync(join(root, 'content', 'topics'), { recursive: true });
  mkdirSync(join(root, 'content', 'papers'), { recursive: true });
  writeFileSync(join(root, 'content', 'topics', 'agents.md'), '---\nname: Agents\n---\n');
  writeFileSync(join(root, 'content', 'papers', 'a-paper.md'), '---\ntitle: A\n---\n');
}

describe('the code hash', () => {
  it('is the same for the same bytes: whatever the files\' times and wherever the folder lies', () => {
    const root = join(work, 'one');
    project(root);
    const hash = codeHash([{ dir: join(root, 'src') }, { file: join(root, 'astro.config.mjs') }, 'site']);
    utimesSync(join(root, 'src', 'page.ts'), new Date(0), new Date(0));
    expect(codeHash([{ dir: join(root, 'src') }, { file: join(root, 'astro.config.mjs') }, 'site'])).toBe(hash);
    cpSync(root, join(work, 'two'), { recursive: true });
    expect(codeHash([{ dir: join(work, 'two', 'src') }, { file: join(work, 'two', 'astro.config.mjs') }, 'site'])).toBe(hash);
  });

  it('changes with a byte of a file, a file added or renamed deep in a folder, a value', () => {
    const root = join(work, 'one');
    project(root);
    const parts = () => [{ dir: join(root, 'src') }, { file: join(root, 'astro.config.mjs') }];
    const seen = new Set([codeHash([...parts(), 'site'])]);
    const differs = (hash: string) => {
      expect(seen.has(hash)).toBe(false);
      seen.add(hash);
    };
    differs(codeHash([...parts(), 'another site']));
    writeFileSync(join(root, 'src', 'lib', 'deep', 'util.ts'), 'export const b = 3;\n');
    differs(codeHash([...parts(), 'site']));
    writeFileSync(join(root, 'src', 'lib', 'deep', 'new.ts'), '');
    differs(codeHash([...parts(), 'site']));
    renameSync(join(root, 'src', 'lib', 'deep', 'new.ts'), join(root, 'src', 'lib', 'deep', 'renamed.ts'));
    differs(codeHash([...parts(), 'site']));
    writeFileSync(join(root, 'astro.config.mjs'), 'export default { base: "/x" };\n');
    differs(codeHash([...parts(), 'site']));
    // The parts are told apart: a value moved from one part to the next is another hash.
    differs(codeHash(['ab', 'c']));
    differs(codeHash(['a', 'bc']));
  });
});

describe('the site\'s fingerprint', () => {
  it('changes with the code, the taxonomy, the address, not with the papers', () => {
    const root = join(work, 'site');
    project(root);
    const content = join(root, 'content');
    const print = () => siteFingerprint(root, content, 'https://example.org', '/');
    const first = print();
    writeFileSync(join(content, 'papers', 'b-paper.md'), '---\ntitle: B\n---\n');
    expect(print()).toBe(first);
    writeFileSync(join(content, 'topics', 'agents.md'), '---\nname: Agents and tools\n---\n');
    const renamed = print();
    expect(renamed).not.toBe(first);
    writeFileSync(join(root, 'src', 'page.ts'), 'export const a = 2;\n');
    const recoded = print();
    expect(recoded).not.toBe(renamed);
    expect(siteFingerprint(root, content, 'https://example.com', '/')).not.toBe(recoded);
    expect(siteFingerprint(root, content, 'https://example.org', '/daybook/')).not.toBe(recoded);
  });
});

describe('the page-key files', () => {
  it('hand each route\'s keys, rendered and pending counts to the end of the build, and are dropped whole', () => {
    const cacheDir = join(work, 'cache');
    expect([...pageKeys(cacheDir)]).toEqual([]);
    writePageKeys(cacheDir, 'papers', { keys: { '/papers/a/': 'k1', '/papers/b/': 'k2' }, rendered: 1, pending: 3 });
    writePageKeys(cacheDir, 'days', { keys: { '/days/2026-08-05/': 'k3' }, rendered: 0 });
    // Written again by the same route: the last keys are the route's.
    writePageKeys(cacheDir, 'days', { keys: { '/days/2026-08-05/': 'k4' }, rendered: 1 });
    expect(new Map(pageKeys(cacheDir))).toEqual(
      new Map([
        ['papers', { keys: { '/papers/a/': 'k1', '/papers/b/': 'k2' }, rendered: 1, pending: 3 }],
        ['days', { keys: { '/days/2026-08-05/': 'k4' }, rendered: 1 }],
      ]),
    );
    dropPageKeys(cacheDir);
    expect([...pageKeys(cacheDir)]).toEqual([]);
  });

  it('refuses a route name that is not a plain file name', () => {
    for (const route of ['../papers', 'a/b', '', 'topics page']) {
      expect(() => writePageKeys(join(work, 'cache'), route, { keys: {}, rendered: 0 })).toThrow(/not a route name/);
    }
  });
});
