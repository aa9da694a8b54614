/** One paper as a digest lists it, before identity and merging. */
/** What Hugging Face days say of a paper beyond the plain-text layout; a merged paper keeps the latest values. */
export interface DigestExtras {
  /** The digest's machine-written summary and the model that wrote it. */
  aiSummary?: string | undefined;
  aiSummaryModel?: string | undefined;
  /** The digest's key phrases for the paper. */
  aiKeywords?: string[] | undefined;
  githubStars?: number | undefined;
  /** Display name of the organisation the paper was submitted under. */
  organization?: string | undefined;
  numComments?: number | undefined;
  /** The paper's Hugging Face page. */
  hfUrl?: string | undefined;
}

export interface DigestPaper extends DigestExtras {
  title: string;
  /** Plain text, as the digest gives it (may contain `$...$` TeX and bare URLs). */
  abstract: string;
  /** arXiv identifier without version, e.g. `2608.09802`, when the digest carries one. */
  arxivId?: string | undefined;
  authors?: string[] | undefined;
  /** Publication date of the paper (YYYY-MM-DD), when known. */
  publishedAt?: string | undefined;
  /** arXiv categories, the primary one first, when known (from `npm run resolve`). */
  categories?: string[] | undefined;
  githubUrl?: string | undefined;
  projectUrl?: string | undefined;
  upvotes?: number | undefined;
  /** 1-based line (text) or entry index (JSON) where the paper starts, for messages. */
  line: number;
}

/** A recoverable oddity: reported with file and line, the paper is kept. */
export interface InputWarning {
  file: string;
  line?: number | undefined;
  message: string;
}

/** One day's digest, read and validated. */
export interface Digest {
  /** YYYY-MM-DD, from the file name. */
  date: string;
  /** Path of the digest file as given to the reader (used in every message). */
  file: string;
  format: 'text' | 'hf-json';
  papers: DigestPaper[];
  warnings: InputWarning[];
}

/** Bad input: a message for the maintainer naming file and line, never a stack trace. */
export class InputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, message: string, line?: number) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
  }
}
