import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { papersLoader } from './catalog/loader.ts';
import { CONTENT_DIR as root } from './content-root.ts';
import { dayEntry, paperFrontmatter, slug } from './lib/schema.ts';

/**
 * One entry per unique paper, written by `npm run ingest`; the body is the abstract. A build
 * loads only the entries whose pages it may render; the ingest's paper index knows the rest
 * (src/catalog/paper-index.ts).
 */
const papers = defineCollection({
  loader: papersLoader({ papers: `${root}/papers`, days: `${root}/days`, topics: `${root}/topics`, registry: `${root}/slugs.tsv` }),
  schema: paperFrontmatter,
});

/** One entry per day's digest: the day's papers in digest order. */
const days = defineCollection({
  loader: glob({ pattern: '*.json', base: `${root}/days` }),
  schema: dayEntry,
});

/** The taxonomy: hand-written, one entry per topic; the body is prose for the topic page. */
const topics = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: `${root}/topics` }),
  schema: z
    .object({
      name: z.string().min(1),
      description: z.string().min(1),
      /** Old slugs of this topic (renamed or merged): their URLs lead here. */
      aliases: z.array(slug).default([]),
      /** A broad fallback topic, shown last. */
      catchAll: z.boolean().default(false),
    })
    // Matching rules belong to the ingest step; the site does not need them.
    .loose(),
});

/** Hand-written pages (about…), MDX so they can embed a paper by component. */
const pages = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: `${root}/pages` }),
  schema: z.object({ title: z.string(), description: z.string() }),
});

export const collections = { papers, days, topics, pages };
