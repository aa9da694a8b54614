/**
 * Reader for Hugging Face daily-papers API days: a JSON array of entries like
 * `{ paper: { id, title, summary, authors: [{ name, hidden }], publishedAt, githubRepo?,
 * projectPage?, upvotes? }, title, summary, publishedAt, … }`.
 *
 * The skeleton (array of objects, a string title, a string summary) must hold or the file is
 * rejected; an odd optional field (bad arXiv id, `javascript:` link, negative upvotes) is
 * dropped with a warning so one strange value upstream does not stop the build.
 */
import { z } from 'zod';
import type { Digest, DigestPaper, InputWarning } from './types.ts';
import { InputError } from './types.ts';
import { checkPapers, sortByLine } from './checks.ts';
import { isRealIsoDate } from './dates.ts';
import { scanJson } from './json-scan.ts';
import { lineAtOffset, linesAtOffsets } from './lines.ts';
import { cleanAbstract, cleanTitle } from './normalize.ts';
import type { Cleaned } from './normalize.ts';

const TextField = z.string().optional();
/** Checked field by field later, so a strange value costs a warning, not the whole file. */
const LooseField = z.unknown().optional();

/** Known fields only; every other key the API adds is ignored. */
const PaperSchema = z.object({
  id: LooseField,
  title: TextField,
  summary: TextField,
  authors: LooseField,
  publishedAt: LooseField,
  githubRepo: LooseField,
  projectPage: LooseField,
  upvotes: LooseField,
  ai_summary: LooseField,
  ai_summary_model: LooseField,
  ai_keywords: LooseField,
  githubStars: LooseField,
  organization: LooseField,
  numComments: LooseField,
});

/** The top-level `title`/`summary`/`publishedAt` repeat the paper's; used when `paper` lacks them. */
const EntrySchema = z.object({
  paper: PaperSchema.optional(),
  title: TextField,
  summary: TextField,
  publishedAt: LooseField,
  numComments: LooseField,
  organization: LooseField,
});

const AuthorsSchema = z.array(z.object({ name: z.string() }));
const UpvotesSchema = z.number().int().nonnegative();
const TimestampSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:$|T)/);

/** New-style `2608.09802` (month 01-12, optional `vN`) or old-style `hep-th/9901001`, optional `arXiv:`. */
const NEW_ARXIV_ID = /^(?:arxiv:)?(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?$/i;
const OLD_ARXIV_ID = /^(?:arxiv:)?([a-z-]+(?:\.[A-Z]{2})?\/\d{2}(?:0[1-9]|1[0-2])\d{3})(?:v\d+)?$/i;

type Warn = (message: string) => void;

export function readHfJsonDigest(file: string, text: string, date: string): Digest {
  const entries = parseEntries(file, text);
  const entryLines = linesAtOffsets(text, scanJson(text).entryOffsets);
  const warnings: InputWarning[] = [];
  const papers = entries.map((entry, index) => {
    const line = entryLines[index];
    const warn: Warn = (message) =>
      warnings.push(line === undefined ? { file, message: `entry ${index}: ${message}` } : { file, line, message: `entry ${index}: ${message}` });
    return readEntry(file, entry, index, line, warn);
  });
  const checked = checkPapers(file, papers, (paper) => {
    const line = entryLines[paper.line];
    return line === undefined ? { label: `entry ${paper.line}` } : { label: `entry ${paper.line}`, line };
  });
  return { date, file, format: 'hf-json', papers: checked.papers, warnings: sortByLine([...warnings, ...checked.warnings]) };
}

/** The top-level array, or an InputError saying where the JSON breaks or what it is instead. */
function parseEntries(file: string, text: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(file, text, error);
  }
  if (!Array.isArray(data)) {
    throw new InputError(file, `expected a JSON array of daily-paper entries, found ${describeJson(data)}; download the day again from the daily-papers API`, 1);
  }
  if (data.length === 0) {
    throw new InputError(file, 'no papers: the JSON array is empty; download the day again or delete the file', 1);
  }
  return data;
}

function jsonSyntaxError(file: string, text: string, error: unknown): InputError {
  const found = scanJson(text).error;
  const hint = 'the file is damaged or cut short; download it again';
  if (found === undefined) {
    // The scanner and JSON.parse disagree: fall back to the parser's own words.
    return new InputError(file, `invalid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}); ${hint}`);
  }
  const truncated = found.offset >= text.trimEnd().length;
  const what = truncated ? `truncated JSON: ${found.message}` : `invalid JSON: ${found.message}`;
  return new InputError(file, `${what}; ${hint}`, lineAtOffset(text, Math.min(found.offset, text.trimEnd().length)));
}

function describeJson(data: unknown): string {
  if (data === null) return 'null';
  if (typeof data !== 'object') return `a ${typeof data}`;
  const error = (data as Record<string, unknown>)['error'];
  return typeof error === 'string' ? `an object with error "${error.slice(0, 200)}"` : 'an object';
}

function readEntry(file: string, raw: unknown, index: number, line: number | undefined, warn: Warn): DigestPaper {
  const parsed = EntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length === 0 ? '' : ` at ${formatPath(issue.path)}`;
    throw new InputError(file, `entry ${index} is not a daily-paper entry${where}: ${issue.message}; fix or re-download the file`, line);
  }
  const entry = parsed.data;
  const paper: z.infer<typeof PaperSchema> = entry.paper ?? {};
  const title = cleanTitle(firstNonBlank(paper.title, entry.title));
  if (title.text === '') {
    throw new InputError(file, `entry ${index} has no title (paper.title); fix or re-download the file`, line);
  }
  const abstract = cleanAbstract(firstNonBlank(paper.summary, entry.summary));
  warnIfRemoved(title, 'title', warn);
  warnIfRemoved(abstract, 'summary', warn);
  if (abstract.text === '') warn(`"${title.text}" has no summary; kept with an empty abstract`);

  const result: DigestPaper = { title: title.text, abstract: abstract.text, line: index };
  const arxivId = readArxivId(paper.id, warn);
  if (arxivId !== undefined) result.arxivId = arxivId;
  const authors = readAuthors(paper.authors, warn);
  if (authors !== undefined) result.authors = authors;
  const publishedAt = readDate(paper.publishedAt ?? entry.publishedAt, warn);
  if (publishedAt !== undefined) result.publishedAt = publishedAt;
  const githubUrl = readHttpUrl(paper.githubRepo, 'githubRepo', warn);
  if (githubUrl !== undefined) result.githubUrl = githubUrl;
  const projectUrl = readHttpUrl(paper.projectPage, 'projectPage', warn);
  if (projectUrl !== undefined) result.projectUrl = projectUrl;
  const upvotes = readUpvotes(paper.upvotes, warn);
  if (upvotes !== undefined) result.upvotes = upvotes;
  readExtras(result, paper, entry, warn);
  return result;
}

/** Longest machine-written summary kept; HF's are one or two sentences. */
const MAX_SUMMARY_CHARS = 1000;
const MAX_KEYWORDS = 12;
const OrganizationSchema = z.object({ fullname: z.string().optional(), name: z.string().optional() });

/**
 * The digest's extras: its machine-written summary (with the model), key phrases, GitHub stars,
 * organisation, comment count and the paper's HF page. Each is optional; a malformed one is
 * dropped with a warning.
 */
function readExtras(result: DigestPaper, paper: z.infer<typeof PaperSchema>, entry: z.infer<typeof EntrySchema>, warn: Warn): void {
  const text = (value: unknown, field: string, max: number): string | undefined => {
    if (isAbsent(value) || value === '') return undefined;
    if (typeof value !== 'string') {
      warn(`paper.${field} ${shown(value)} is not text; dropped`);
      return undefined;
    }
    const cleaned = cleanTitle(value.length > max ? value.slice(0, max) : value);
    warnIfRemoved(cleaned, field, warn);
    return cleaned.text === '' ? undefined : cleaned.text;
  };
  const summary = text(paper.ai_summary, 'ai_summary', MAX_SUMMARY_CHARS);
  if (summary !== undefined) {
    result.aiSummary = summary;
    const model = text(paper.ai_summary_model, 'ai_summary_model', 100);
    if (model !== undefined) result.aiSummaryModel = model;
  }
  if (!isAbsent(paper.ai_keywords)) {
    const parsed = z.array(z.string()).safeParse(paper.ai_keywords);
    if (parsed.success) {
      const keywords = [...new Set(parsed.data.map((k) => cleanTitle(k.slice(0, 100)).text).filter((k) => k !== ''))].slice(0, MAX_KEYWORDS);
      if (keywords.length > 0) result.aiKeywords = keywords;
    } else warn('paper.ai_keywords is not a list of strings; dropped');
  }
  const count = (value: unknown, field: string): number | undefined => {
    if (isAbsent(value)) return undefined;
    const parsed = UpvotesSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    warn(`${field} ${shown(value)} is not a non-negative integer; dropped`);
    return undefined;
  };
  const stars = count(paper.githubStars, 'paper.githubStars');
  if (stars !== undefined) result.githubStars = stars;
  const comments = count(paper.numComments ?? entry.numComments, 'numComments');
  if (comments !== undefined) result.numComments = comments;
  const org = paper.organization ?? entry.organization;
  if (!isAbsent(org)) {
    const parsed = OrganizationSchema.safeParse(org);
    const name = parsed.success ? text(firstNonBlank(parsed.data.fullname, parsed.data.name), 'organization', 200) : undefined;
    if (name !== undefined) result.organization = name;
    else if (!parsed.success) warn(`organization ${shown(org)} is not an organisation; dropped`);
  }
  // The paper's page on Hugging Face: the daily-papers API names papers by arXiv id.
  if (result.arxivId !== undefined && NEW_ARXIV_ID.test(result.arxivId)) result.hfUrl = `https://huggingface.co/papers/${result.arxivId}`;
}

function firstNonBlank(...values: Array<string | undefined>): string {
  return values.find((value) => value !== undefined && value.trim() !== '') ?? '';
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function warnIfRemoved({ removed, format = [] }: Cleaned, field: string, warn: Warn): void {
  if (removed.length > 0) warn(`removed invisible control characters from the ${field} (${removed.join(', ')})`);
  if (format.length > 0) warn(`removed invisible format characters from the ${field} (${format.join(', ')}): they can reorder or split the text around them`);
}

/** Absent and null mean "not given": no warning. */
function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function shown(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

function readArxivId(value: unknown, warn: Warn): string | undefined {
  if (isAbsent(value)) return undefined;
  const id = typeof value === 'string' ? value.trim() : '';
  const match = NEW_ARXIV_ID.exec(id) ?? OLD_ARXIV_ID.exec(id);
  if (match) return match[1];
  warn(`paper.id ${shown(value)} is not an arXiv id; id dropped, paper kept`);
  return undefined;
}

/** Every non-empty name, hidden ones included: `hidden` hides the HF account, not the authorship. */
function readAuthors(value: unknown, warn: Warn): string[] | undefined {
  if (isAbsent(value)) return undefined;
  const parsed = AuthorsSchema.safeParse(value);
  if (!parsed.success) {
    warn('paper.authors is not a list of {name}; authors dropped');
    return undefined;
  }
  return parsed.data
    .map((author) => {
      const name = cleanTitle(author.name);
      warnIfRemoved(name, `author "${name.text}"`, warn);
      return name.text;
    })
    .filter((name) => name !== '');
}

/**
 * The calendar date as written. `paper.publishedAt` is midnight UTC of the arXiv date; the
 * entry-level copy is 20:00 UTC the day before, which is why the paper's is preferred.
 */
function readDate(value: unknown, warn: Warn): string | undefined {
  if (isAbsent(value)) return undefined;
  const parsed = TimestampSchema.safeParse(value);
  const date = parsed.success ? parsed.data.slice(0, 10) : '';
  if (isRealIsoDate(date)) return date;
  warn(`publishedAt ${shown(value)} is not a date; dropped`);
  return undefined;
}

/** Only http(s) links survive: a `javascript:` or `data:` link must never reach an href. */
function readHttpUrl(value: unknown, field: string, warn: Warn): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  // Returned as written (not URL.href, which adds a slash to bare hosts); the renderer escapes it.
  if (URL.canParse(text) && /^https?:$/.test(new URL(text).protocol)) return text;
  warn(`paper.${field} ${shown(value)} is not an http(s) URL; link dropped`);
  return undefined;
}

function readUpvotes(value: unknown, warn: Warn): number | undefined {
  if (isAbsent(value)) return undefined;
  const parsed = UpvotesSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  warn(`paper.upvotes ${shown(value)} is not a non-negative integer; dropped`);
  return undefined;
}
