// @ts-check
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ingestGuard from './src/integrations/ingest-guard.ts';
import output from './src/integrations/output.ts';
import { daybookHastPlugin } from './src/lib/markdown/satteri-plugin.ts';
import { parseTopicMarkdown } from './src/lib/topics/parse.ts';
import { CONTENT_DIR as contentDir } from './src/content-root.ts';

/**
 * Where the site is published: the one place to set it. `DAYBOOK_SITE` is the
 * origin (feeds, canonical URLs, sitemap and social cards need absolute URLs);
 * `DAYBOOK_BASE` the sub-path, e.g. `/daybook` for a GitHub Pages project site.
 */
const site = process.env.DAYBOOK_SITE ?? 'https://daybook.example.org';
const base = process.env.DAYBOOK_BASE ?? '/';

/**
 * Several builds run side by side in tests and benchmarks, each with its own output
 * and caches. The output must lie inside the project: for an outDir elsewhere, Astro
 * puts its prerender chunks in the shared `./.astro/`, and parallel builds would mix.
 */
const outDir = resolve(process.env.DAYBOOK_OUT ?? 'dist');
if (relative(process.cwd(), outDir).startsWith('..') || isAbsolute(relative(process.cwd(), outDir))) {
  throw new Error(`DAYBOOK_OUT=${outDir} must be inside the project (${process.cwd()}), e.g. .cache/<name>/dist`);
}


/** Old slugs of renamed topics (`/topics/<alias>/`): their pages only redirect, so the sitemap leaves them out. */
function topicAliasPaths() {
  const dir = join(contentDir, 'topics');
  if (!existsSync(dir)) return new Set();
  const aliases = readdirSync(dir)
    .filter((name) => /\.mdx?$/.test(name))
    .flatMap((name) => {
      const { data } = parseTopicMarkdown(join(dir, name), readFileSync(join(dir, name), 'utf8'));
      const list = /** @type {{ aliases?: unknown }} */ (data).aliases;
      return Array.isArray(list) ? list.map(String) : [];
    });
  return new Set(aliases.map((alias) => `/topics/${alias}/`));
}
const redirectPaths = topicAliasPaths();

export default defineConfig({
  site,
  base,
  // Benchmarks and tests build several sites side by side.
  outDir,
  // Astro's caches (the content store; the build manifest and page keys, src/catalog/) belong to one content root and one output.
  cacheDir: process.env.DAYBOOK_CACHE ?? './node_modules/.astro',
  trailingSlash: 'always',
  // A class per scoped element is shorter than a data attribute. (The paper page and its
  // list items, rendered 10,000s of times, use global BEM classes: no scope class at all.)
  scopedStyleStrategy: 'class',
  build: {
    format: 'directory',
    // Styles ship as files, cached once for every page, never inlined into each page: a
    // paper page's HTML stays under 15 KB at 10,000 papers.
    inlineStylesheets: 'never',
    // Pages render a few at a time: one page's file writes (and a card's drawing on sharp's
    // threads) overlap the next page's rendering. At 10,000 papers with cached cards, the
    // page stage took 53 s one at a time, 37 s four at a time, 35 s sixteen at a time.
    concurrency: 8,
  },
  // Content pages ship no JavaScript: no prefetch, no client router.
  prefetch: false,
  devToolbar: { enabled: false },
  vite: {
    // Hand-written MDX pages import components by alias, wherever the content root lives.
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
    build: {
      // Bundled scripts always ship as files, never inlined (a strict CSP allows no inline script
      // but the theme script's hash); other assets keep Vite's default 4 kB limit.
      assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined),
      // The output is kept between builds and pruned at the end (src/integrations/output.ts):
      // emptying it cost a daily build 34 s at 60,000 papers.
      emptyOutDir: false,
    },
  },
  markdown: {
    // Astro's native processor: generated entries are plain Markdown, and at 50,000
    // entries it renders in seconds where the unified pipeline takes minutes.
    // No GFM: its autolinks would turn `www.` and e-mail addresses into links; ingest links
    // only explicit http(s) URLs itself. No smart punctuation: abstracts are kept verbatim.
    processor: satteri({
      features: { gfm: false, math: { singleDollarTextMath: true }, smartPunctuation: false },
      hastPlugins: [daybookHastPlugin],
    }),
  },
  integrations: [
    ingestGuard(contentDir),
    mdx(),
    // Only topic pages can be redirects.
    output({ notInSitemap: (path) => path.startsWith('/topics/') && redirectPaths.has(/^\/topics\/[^/]+\//.exec(path)?.[0] ?? '') }),
  ],
  experimental: {
    incrementalBuild: true,
    // The content store stays one file (Astro's default). 'chunked' storage lifts the ~512 MB
    // limit of one string (~150,000 papers at ~3.4 KB of store each), but its writer in Astro
    // 7.3 measures every character with its own TextEncoder call: 51 of the 62 s a content
    // sync took at 10,000 papers, against 6 s for the single file. Revisit past ~100,000 papers.
  },
});
