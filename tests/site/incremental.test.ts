/**
 * The daily rebuild is incremental: Astro skips every page whose `cacheKey` (from its route's
 * `getStaticPaths`) did not change, leaving the page of the previous build in place ("cached")
 * or copying it back from its cache ("restored"); src/integrations/prune-output.ts removes what
 * no route produces any more. A key that misses something a page shows would
 * publish a stale page, and nothing else would notice. So: build the bundled archive without
 * its newest day, add the day, rebuild on the same caches, and compare with a cold build of
 * the same content. Every file must be byte for byte the same, and many pages restored.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../helpers/build.ts';
import { listFiles } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const work = join(dirname(rootDist), 'incremental');
const content = join(work, 'content');

/** `npm run build` of the work content root into `out`, on the given Astro cache; returns its output. */
function build(label: string, out: string, astroCache: string): string {
  // Cards are content-addressed and tested on their own (cards.test.ts): one cache serves all three builds.
  return buildSite({ content, out, astroCache, cardCache: join(work, 'cards'), logFile: join(work, `${label}.log`) });
}

describe('the incremental rebuild after a new day', () => {
  const incremental = join(work, 'incremental-dist');
  const cold = join(work, 'cold-dist');
  let rebuildLog = '';
  let newDay = '';

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    cpSync('content', content, { recursive: true, filter: (src) => !/[/\\](papers|days)$|slugs\.tsv$/.test(src) });
    // The new day falls in the same month as the day before it, as most days do: a month
    // boundary re-renders every month chart anyway, and would hide a key that misses a paper.
    const digests = readdirSync(join(content, 'digests')).sort();
    const month = (name: string) => name.slice(0, 7);
    while (digests.length > 2 && month(digests.at(-1)!) !== month(digests.at(-2)!)) rmSync(join(content, 'digests', digests.pop()!));
    newDay = digests[digests.length - 1]!;
    const held = join(work, newDay);
    cpSync(join(content, 'digests', newDay), held);
    rmSync(join(content, 'digests', newDay));
    build('before', incremental, join(work, 'astro-cache'));
    cpSync(held, join(content, 'digests', newDay));
    rebuildLog = build('rebuild', incremental, join(work, 'astro-cache'));
    build('cold', cold, join(work, 'astro-cache-cold'));
  });

  it('keeps most pages of the previous build and renders the new day', () => {
    const restored = (rebuildLog.match(/\((?:restored|cached)\)/g) ?? []).length;
    const routes = (rebuildLog.match(/[├└]─ \//g) ?? []).length;
    expect(routes).toBeGreaterThan(500);
    // Older pages that show nothing of the new day must come from the cache.
    expect(restored / routes).toBeGreaterThan(0.5);
    expect(rebuildLog).toMatch(new RegExp(`[├└]─ /days/${newDay.replace(/\.\w+$/, '')}/index\\.html(?! \\((?:restored|cached)\\))`));
  });

  it('writes exactly the files of a cold build of the same content, byte for byte', () => {
    const files = listFiles(cold).sort();
    expect(listFiles(incremental).sort()).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(incremental, file)).equals(readFileSync(join(cold, file))));
    expect(differing).toEqual([]);
  });
});
