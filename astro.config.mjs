// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import rehypeExternalLinks from 'rehype-external-links';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { rehypeCodeLinks } from './src/lib/markdown/rehype-code-links.ts';

/**
 * Where the site is published: the one place to set it. `DAYBOOK_SITE` is the
 * origin (feeds, canonical URLs, sitemap and social cards need absolute URLs);
 * `DAYBOOK_BASE` the sub-path, e.g. `/daybook` for a GitHub Pages project site.
 */
const site = process.env.DAYBOOK_SITE ?? 'https://daybook.example.org';
const base = process.env.DAYBOOK_BASE ?? '/';

export default defineConfig({
  site,
  base,
  // Benchmarks and tests build several sites side by side.
  outDir: process.env.DAYBOOK_OUT ?? './dist',
  // Astro's caches (content store, incremental pages) belong to one content root and one output.
  cacheDir: process.env.DAYBOOK_CACHE ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Content pages ship no JavaScript: no prefetch, no client router.
  prefetch: false,
  devToolbar: { enabled: false },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [
        // MathML needs no stylesheet or web fonts: browsers render it natively.
        [rehypeKatex, { output: 'mathml', throwOnError: false, strict: 'ignore' }],
        rehypeCodeLinks,
        [rehypeExternalLinks, { rel: ['noopener', 'noreferrer', 'nofollow', 'ugc'], protocols: ['http', 'https'] }],
      ],
      smartypants: false,
    }),
  },
  integrations: [mdx()],
  experimental: {
    incrementalBuild: true,
    collectionStorage: 'chunked',
  },
});
