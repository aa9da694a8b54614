/**
 * The shapes of the generated content entries. One definition serves both sides:
 * `scripts/ingest.ts` validates what it writes, `src/content.config.ts` what Astro reads.
 */
import { z } from 'astro/zod';

/** A calendar day, `YYYY-MM-DD`. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** A lowercase ASCII slug, as used in `/papers/<slug>/` and `/topics/<slug>/`. */
export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lowercase-hyphenated slug');

const httpUrl = z.url({ protocol: /^https?$/ });

/** A maintainer's corrections to a paper; kept verbatim across re-ingests and applied over the digest's data. */
export const manualOverrides = z
  .object({
    /** Replaces the title from the digest (a typo, broken TeX). */
    title: z.string().min(1).optional(),
    /** A note shown under the abstract (Markdown). */
    note: z.string().optional(),
    /** Topics the paper always has, ahead of the derived ones. */
    topics: z.array(slug).optional(),
    /** Derived topics the paper must not have. */
    excludeTopics: z.array(slug).optional(),
  })
  .strict();

/** Frontmatter of `content/papers/<slug>.md`; the body is the abstract. */
export const paperFrontmatter = z
  .object({
    title: z.string().min(1),
    /** arXiv identifier without version, when a digest gave one. */
    arxivId: z.string().optional(),
    authors: z.array(z.string()).default([]),
    /** Publication date of the paper, when known (not the day it trended). */
    publishedAt: isoDate.optional(),
    /** arXiv categories, the primary one first, when known (`npm run resolve`). */
    categories: z.array(z.string().min(1)).optional(),
    /** The start of the abstract as plain text, for listings and feeds. */
    excerpt: z.string().default(''),
    /** Every day the paper trended, oldest first. */
    days: z.array(isoDate).min(1),
    github: httpUrl.optional(),
    project: httpUrl.optional(),
    upvotes: z.number().int().nonnegative().optional(),
    /** The digest's machine-written summary (Hugging Face days), with the model that wrote it: latest value. */
    aiSummary: z.string().optional(),
    aiSummaryModel: z.string().optional(),
    /** The digest's key phrases for the paper (Hugging Face days). */
    aiKeywords: z.array(z.string()).optional(),
    githubStars: z.number().int().nonnegative().optional(),
    organization: z.string().optional(),
    comments: z.number().int().nonnegative().optional(),
    /** The paper's Hugging Face page. */
    huggingface: httpUrl.optional(),
    /** Plain-text days (no summary): the abstract's sentence that states the contribution, verbatim. */
    tldr: z.string().optional(),
    /** Topic slugs, strongest first: the maintainer's first, then derived ones. */
    topics: z.array(slug).default([]),
    /** A few phrases that say what the paper is about. */
    keyPhrases: z.array(z.string()).default([]),
    /** Slugs of up to five related papers, most related first. */
    related: z.array(slug).default([]),
    manual: manualOverrides.optional(),
  })
  .strict();

/** `content/days/<date>.json`: one day's digest. */
export const dayEntry = z
  .object({
    date: isoDate,
    /** The digest file it came from, relative to `content/digests/`. */
    source: z.string(),
    /** Paper slugs in digest order. */
    papers: z.array(slug),
    /** Upvotes the digest gave each paper (same order; null: none given), when it gave any. */
    upvotes: z.array(z.number().int().nonnegative().nullable()).optional(),
    /** GitHub stars the digest gave each paper (same order; null: none given), when it gave any. */
    stars: z.array(z.number().int().nonnegative().nullable()).optional(),
  })
  .strict();

export type PaperFrontmatter = z.infer<typeof paperFrontmatter>;
export type ManualOverrides = z.infer<typeof manualOverrides>;
export type DayEntry = z.infer<typeof dayEntry>;
