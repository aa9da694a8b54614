import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dateFromFileName,
  findDuplicateDates,
  InputError,
  normalizeAbstractKey,
  normalizeTitleKey,
  readDigest,
} from '../../src/lib/digest/index.ts';
import type { Digest, InputWarning } from '../../src/lib/digest/index.ts';

const REAL_DIR = new URL('../fixtures/digests/real/', import.meta.url);
const BAD_DIR = new URL('../fixtures/digests/bad/', import.meta.url);

const realBytes = (name: string): Uint8Array => readFileSync(new URL(name, REAL_DIR));
const realText = (name: string): string => readFileSync(new URL(name, REAL_DIR), 'utf8');
const badBytes = (name: string): Uint8Array => readFileSync(new URL(name, BAD_DIR));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const SEED_DATE = '2026-11-24';
const dateOf = (name: string): string => (name === 'seed-digest.txt' ? SEED_DATE : name.slice(0, 10));
const readReal = (name: string, bytes = realBytes(name)): Digest => readDigest(name, bytes, dateOf(name));
const readBad = (name: string): Digest => readDigest(name, badBytes(name), '2026-08-05');
const readText = (text: string, file = 'test.txt'): Digest => readDigest(file, encode(text), '2026-08-05');

/** The thrown value, checked to be an InputError (a plain Error or a crash would fail here). */
function inputErrorFrom(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

function expectInputError(run: () => unknown, expected: { file: string; line?: number; message: string }): void {
  const error = inputErrorFrom(run);
  expect(error.file).toBe(expected.file);
  expect(error.line).toBe(expected.line);
  expect(error.message).toContain(expected.message);
  expect(error.message.startsWith(expected.line === undefined ? `${expected.file}: ` : `${expected.file}:${expected.line}: `)).toBe(true);
}

function warningAt(digest: Digest, line: number | undefined, text: string): InputWarning | undefined {
  return digest.warnings.find((warning) => warning.line === line && warning.message.includes(text));
}

const titlesAndAbstracts = (digest: Digest) => digest.papers.map(({ title, abstract }) => ({ title, abstract }));

// Sentences long enough to be read as abstracts, for generated digests.
const ABSTRACT_A =
  'We study how small language models learn arithmetic from scratch. We find that curriculum order matters more than model size. Code is released.';
const ABSTRACT_B =
  'Diffusion models are slow at inference time. We propose a distillation scheme that needs four steps. It matches the teacher on ImageNet.';
const HEADER = 'Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n';

// ---------------------------------------------------------------------------------------------
// Real plain-text digests
// ---------------------------------------------------------------------------------------------

/** Counted without the reader: non-blank lines that are not e-mail boilerplate, two per paper. */
function countTextPapersByHand(text: string): number {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('Get trending papers'));
  return lines.length / 2;
}

const TEXT_DAYS = [
  {
    name: '2026-08-05.txt',
    count: 25,
    first: 'MerchantBench: Benchmarking LLM Agents for Long-Term Coherence in E-Commerce Operations',
    last: 'PosterMELD: Multi-Agent Paper-to-Poster Generation for Controllable Design Diversity with Editable Print-Ready Outputs',
  },
  {
    name: '2026-08-06.txt',
    count: 26,
    first: 'ToolArtist: Tool-Using Unified Multimodal Models for Agentic Image Generation',
    last: 'Self-Evolving Coding Agents',
  },
  {
    name: '2026-08-07.txt',
    count: 20,
    first: 'AgentOPSD: Recursive Self-Distillation for Agentic Reinforcement Learning',
    last: 'Invisible Shortcuts: Why Vision Encoders Know Your Camera',
  },
  {
    name: 'seed-digest.txt',
    count: 119,
    first: 'Neural Arithmetic Logic Units',
    last: 'A^2Nav: Action-Aware Zero-Shot Robot Navigation by Exploiting Vision-and-Language Ability of Foundation Models',
  },
] as const;

describe('real plain-text digests', () => {
  for (const day of TEXT_DAYS) {
    describe(day.name, () => {
      const text = realText(day.name);
      const digest = readReal(day.name);

      it('is read as text, dated from its name, with no warnings', () => {
        expect(digest.format).toBe('text');
        expect(digest.file).toBe(day.name);
        expect(digest.date).toBe(dateOf(day.name));
        expect(digest.warnings).toEqual([]);
      });

      it(`has ${day.count} papers, as counted by hand`, () => {
        expect(digest.papers).toHaveLength(day.count);
        expect(digest.papers).toHaveLength(countTextPapersByHand(text));
      });

      it('has the first and last titles as they read in the file, without "Subscribe"', () => {
        expect(digest.papers[0]!.title).toBe(day.first);
        expect(digest.papers.at(-1)!.title).toBe(day.last);
      });

      it('pairs each title line with the abstract line under it and records the title line', () => {
        const lines = text.split('\n');
        digest.papers.forEach((paper, index) => {
          expect(paper.line).toBe(3 + 2 * index); // two header lines, then title/abstract pairs
          expect(paper.title).toBe(lines[paper.line - 1]!.replace(/^Subscribe/, ''));
          expect(paper.abstract).toBe(lines[paper.line]);
          expect(paper.abstract.length).toBeGreaterThan(500);
        });
      });

      it('carries no HF-only fields', () => {
        for (const paper of digest.papers) {
          expect(paper.arxivId).toBeUndefined();
          expect(paper.authors).toBeUndefined();
          expect(paper.upvotes).toBeUndefined();
        }
      });
    });
  }

  it('the seed digest has exactly 119 papers and starts with Neural Arithmetic Logic Units', () => {
    const seed = readReal('seed-digest.txt');
    expect(seed.papers).toHaveLength(119);
    expect(seed.papers[0]!.title).toBe('Neural Arithmetic Logic Units');
    expect(seed.papers[0]!.abstract.startsWith('Neural networks can learn to represent and manipulate numerical information')).toBe(true);
    expect(seed.date).toBe('2026-11-24');
  });

  it('keeps non-ASCII maths in the seed abstracts verbatim (Θ(k^3), Ω(2^k))', () => {
    const seed = readReal('seed-digest.txt');
    const depth = seed.papers.find((paper) => paper.title === 'Benefits of depth in neural networks');
    expect(depth?.abstract).toContain('there exist neural networks with Θ(k^3) layers');
    expect(depth?.abstract).toContain('Ω(2^{k^3}) total tree nodes');
  });
});

// ---------------------------------------------------------------------------------------------
// Variants of the real text digests: same papers whatever the line endings and spacing
// ---------------------------------------------------------------------------------------------

describe('plain-text variants generated from real digests', () => {
  for (const name of ['2026-08-05.txt', 'seed-digest.txt']) {
    const original = realText(name);
    const base = readReal(name);
    const variant = (text: string): Digest => readDigest(name, encode(text), dateOf(name));

    it(`${name}: CRLF line endings give the same papers on the same lines`, () => {
      const digest = variant(original.replace(/\n/g, '\r\n'));
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
      expect(digest.papers.map((paper) => paper.line)).toEqual(base.papers.map((paper) => paper.line));
      expect(digest.warnings).toEqual([]);
    });

    it(`${name}: old-Mac CR line endings give the same papers on the same lines`, () => {
      const digest = variant(original.replace(/\n/g, '\r'));
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
      expect(digest.papers.map((paper) => paper.line)).toEqual(base.papers.map((paper) => paper.line));
    });

    it(`${name}: a UTF-8 byte-order mark changes nothing`, () => {
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(original)]);
      const digest = readDigest(name, bom, dateOf(name));
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
      expect(digest.warnings).toEqual([]);
    });

    it(`${name}: blank lines between entries give the same papers, on the shifted lines`, () => {
      // Blank line after the header and after every abstract: title i moves to line 4 + 3i.
      const lines = original.trimEnd().split('\n');
      const spaced = [lines[0], lines[1], '', ...lines.slice(2).flatMap((line, i) => (i % 2 === 1 ? [line, ''] : [line]))];
      const digest = variant(spaced.join('\n'));
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
      expect(digest.papers.map((paper) => paper.line)).toEqual(base.papers.map((_, i) => 4 + 3 * i));
      expect(digest.warnings).toEqual([]);
    });

    it(`${name}: blank lines between title and abstract too give the same papers`, () => {
      const digest = variant(original.replace(/\n/g, '\n\n\n'));
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
    });

    it(`${name}: leading/trailing spaces, tabs and NBSP give the same papers`, () => {
      const padded = original
        .split('\n')
        .map((line) => (line === '' ? line : ` \t\u00a0${line}  \t\u00a0`))
        .join('\n');
      const digest = variant(padded);
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
    });

    it(`${name}: tabs, NBSP and runs of spaces inside titles collapse to single spaces`, () => {
      const lines = original.split('\n');
      const messy = lines.map((line, i) => (i >= 2 && i % 2 === 0 ? line.replace(/ /g, i % 4 === 0 ? '\t' : '\u00a0  ') : line));
      const digest = variant(messy.join('\n'));
      expect(digest.papers.map((paper) => paper.title)).toEqual(base.papers.map((paper) => paper.title));
    });

    it(`${name}: without the header lines and "Subscribe" the papers are the same`, () => {
      const bare = original.split('\n').slice(2).join('\n').replace(/^Subscribe/, '');
      const digest = variant(bare);
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
      expect(digest.papers[0]!.line).toBe(1);
    });

    it(`${name}: a .json name does not make a text digest JSON (format comes from content)`, () => {
      const digest = readDigest('2026-08-05.json', realBytes(name), '2026-08-05');
      expect(digest.format).toBe('text');
      expect(titlesAndAbstracts(digest)).toEqual(titlesAndAbstracts(base));
    });
  }

  it('a missing abstract in a real digest is reported and the rest still pairs up', () => {
    const lines = realText('2026-08-07.txt').split('\n');
    lines.splice(5, 1); // drop line 6: the abstract of WorldClaw, the second paper (title on line 5)
    const digest = readDigest('2026-08-07.txt', encode(lines.join('\n')), '2026-08-07');
    expect(digest.papers).toHaveLength(20);
    expect(digest.papers[1]!.title).toBe('WorldClaw: Agentic 3D Open-World Generation at Scale');
    expect(digest.papers[1]!.abstract).toBe('');
    expect(digest.papers[2]!.title).toBe('OSReward: Instituting Standardized Evaluation for Cross-Platform Computer-Use Reward Models');
    expect(digest.papers[2]!.abstract.startsWith('Computer-using agents (CUAs) are advancing rapidly')).toBe(true);
    expect(digest.papers[2]!.abstract).toBe(lines[6]);
    expect(digest.warnings).toHaveLength(1);
    expect(warningAt(digest, 5, 'has no abstract')).toBeDefined();
    expect(digest.warnings[0]!.file).toBe('2026-08-07.txt');
  });
});

// ---------------------------------------------------------------------------------------------
// Real Hugging Face daily-papers JSON
// ---------------------------------------------------------------------------------------------

interface RawEntry {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: Array<{ name: string }>;
    publishedAt: string;
    githubRepo?: string;
    projectPage?: string;
    upvotes: number;
  };
}

const JSON_DAYS = [
  {
    name: '2026-08-11.json', count: 20,
    first: { title: 'SWE-Bench ProMax: Benchmarking Agents on Large-Scale Multilingual Code Refactoring', arxivId: '2608.09802', authors: 15, upvotes: 70, publishedAt: '2026-08-10', githubUrl: undefined, projectUrl: 'https://huggingface.co/datasets/swe-bench-promax/SWE-Bench-ProMax' },
    last: 'CEAA: A Cognitive Embodied Agents Architecture for Interactive Computing Systems',
  },
  {
    name: '2026-08-12.json', count: 20,
    first: { title: 'ComBodied Agents: a New Paradigm of Human-Centric Agentic AI', arxivId: '2608.10915', authors: 22, upvotes: 72, publishedAt: '2026-08-11', githubUrl: undefined, projectUrl: undefined },
    last: 'DSAgentBench: Can Agents Automate End-to-End Data-Science Workflows in Real Computer Environments?',
  },
  {
    name: '2026-08-13.json', count: 20,
    first: { title: 'OpenART: Scaling Agent Red Teaming via Open-Ended Environment Evolution', arxivId: '2608.00677', authors: 9, upvotes: 98, publishedAt: '2026-08-01', githubUrl: 'https://github.com/AI45Lab/OpenART', projectUrl: undefined },
    last: "Poor Man's Agentic Modeling: Simulating Large LLM-Agent Societies on a Laptop",
  },
  {
    name: '2026-08-14.json', count: 23,
    first: { title: 'DreamX-Phi 1.0: Action-Conditioned Video World Model for Robotic Manipulation', arxivId: '2608.13489', authors: 10, upvotes: 61, publishedAt: '2026-08-13', githubUrl: 'https://github.com/AMAP-ML/DreamX-Phi', projectUrl: undefined },
    last: 'Knowing When to Quit: Diagnosing and Training LLMs to Abort Futile Reasoning',
  },
  {
    name: '2026-08-17.json', count: 23,
    first: { title: 'Can We Defend Against AI-Generated Video Attacks on Real-World Crisis Events? A Systematic Evaluation of Detectors, Generators and Social Dissemination', arxivId: '2608.14391', authors: 35, upvotes: 52, publishedAt: '2026-08-14', githubUrl: 'https://github.com/24029100313/RA-Bench', projectUrl: 'https://ra-bench-crisis-video.yxgma811120.chatgpt.site/' },
    last: 'Generation as Auxiliary Supervision: Enhancing Visual Understanding at Zero Inference Overhead via Decoupled Embedding Prediction',
  },
  {
    name: '2026-08-18.json', count: 29,
    first: { title: 'VibeWorlding: Can Multimodal Agents Construct 3D Open Worlds End-to-End?', arxivId: '2608.15265', authors: 8, upvotes: 39, publishedAt: '2026-08-15', githubUrl: 'https://github.com/usail-hkust/VibeWorlding-Gym', projectUrl: 'https://huggingface.co/collections/usail-hkust/vibeworlder' },
    last: 'Prototype-Rectified Iterative Self-supervised Manifold Denoising under Severe Acoustic Shift',
  },
  {
    name: '2026-08-19.json', count: 26,
    first: { title: 'ASI-Bench: At the Dawn of Artificial Superintelligence', arxivId: '2608.17271', authors: 42, upvotes: 38, publishedAt: '2026-08-18', githubUrl: 'https://github.com/apexin-ai/ASI-Bench', projectUrl: 'https://asibench.apexin.ai/' },
    last: 'PixRestore: Unified Image Restoration via Pixel Diffusion Transformer',
  },
  {
    name: '2026-08-20.json', count: 15,
    first: { title: 'Zetta ζ: An Efficient Closed-Loop Embodied Harness for Self-Evolving Physical Intelligence', arxivId: '2608.16590', authors: 15, upvotes: 92, publishedAt: '2026-08-17', githubUrl: 'https://github.com/air-embodied-brain/Zetta-Embodiment', projectUrl: 'https://air-embodied-brain.github.io/zetta/' },
    last: 'The More Popular, The Harder to Forget: Adaptive Popularity for LLM Unlearning',
  },
  {
    name: '2026-08-21.json', count: 17,
    first: { title: 'EnvHarness: Awakening Static Worlds for Agent Learning', arxivId: '2608.19880', authors: 17, upvotes: 163, publishedAt: '2026-08-20', githubUrl: 'https://github.com/google-research/envharness', projectUrl: 'https://envharness.com/' },
    last: 'NARU: A Benchmark for NARrative Evolution and Cultural Nuance Understanding in Japanese Extreme Long Video',
  },
] as const;

describe('real Hugging Face daily-papers JSON', () => {
  for (const day of JSON_DAYS) {
    describe(day.name, () => {
      const raw = JSON.parse(realText(day.name)) as RawEntry[];
      const digest = readReal(day.name);

      it('is read as hf-json with no warnings', () => {
        expect(digest.format).toBe('hf-json');
        expect(digest.date).toBe(day.name.slice(0, 10));
        expect(digest.warnings).toEqual([]);
      });

      it(`has ${day.count} papers, the length of the JSON array`, () => {
        expect(digest.papers).toHaveLength(day.count);
        expect(digest.papers).toHaveLength(raw.length);
        expect(digest.papers.map((paper) => paper.line)).toEqual(raw.map((_, index) => index));
      });

      it('has the first paper with its arXiv id, authors, upvotes, date and links', () => {
        const first = digest.papers[0]!;
        expect(first.title).toBe(day.first.title);
        expect(first.arxivId).toBe(day.first.arxivId);
        expect(first.authors).toHaveLength(day.first.authors);
        expect(first.upvotes).toBe(day.first.upvotes);
        expect(first.publishedAt).toBe(day.first.publishedAt);
        expect(first.githubUrl).toBe(day.first.githubUrl);
        expect(first.projectUrl).toBe(day.first.projectUrl);
      });

      it('has the last title', () => {
        expect(digest.papers.at(-1)!.title).toBe(day.last);
      });

      it('keeps every field as the raw JSON gives it', () => {
        digest.papers.forEach((paper, index) => {
          const source = raw[index]!.paper;
          expect(paper.title).toBe(source.title);
          expect(paper.abstract).toBe(source.summary.trim());
          expect(paper.arxivId).toBe(source.id);
          expect(paper.authors).toEqual(source.authors.map((author) => author.name));
          expect(paper.upvotes).toBe(source.upvotes);
          expect(paper.publishedAt).toBe(source.publishedAt.slice(0, 10));
          expect(paper.githubUrl).toBe(source.githubRepo);
          expect(paper.projectUrl).toBe(source.projectPage);
        });
      });
    });
  }

  it('takes publishedAt from paper.publishedAt, not the entry copy that is one calendar day earlier', () => {
    const raw = JSON.parse(realText('2026-08-11.json')) as Array<RawEntry & { publishedAt: string }>;
    expect(raw[0]!.publishedAt).toBe('2026-08-09T20:00:00.000Z');
    expect(readReal('2026-08-11.json').papers[0]!.publishedAt).toBe('2026-08-10');
  });

  it('keeps the paragraph breaks of multi-paragraph summaries', () => {
    const paper = readReal('2026-08-11.json').papers[2]!;
    expect(paper.abstract).toContain('setting a new state of the art.\n  Hope is the longest-running');
  });

  it('keeps a dollar amount in a summary as written (not TeX)', () => {
    const paper = readReal('2026-08-13.json').papers[2]!;
    expect(paper.abstract).toContain('costs $8.1 per manuscript');
  });

  it('BOM, CRLF and minified JSON give the same papers', () => {
    const original = realText('2026-08-18.json');
    const base = readReal('2026-08-18.json');
    const variants = [
      new Uint8Array([0xef, 0xbb, 0xbf, ...encode(original)]),
      encode(original.replace(/\n/g, '\r\n')),
      encode(JSON.stringify(JSON.parse(original))),
      encode(`\n\n   ${original}\n\n`),
    ];
    for (const bytes of variants) {
      const digest = readReal('2026-08-18.json', bytes);
      expect(digest.format).toBe('hf-json');
      expect(digest.papers).toEqual(base.papers);
    }
  });

  it('a .txt name does not make JSON text (format comes from content)', () => {
    const digest = readDigest('2026-08-21.txt', realBytes('2026-08-21.json'), '2026-08-21');
    expect(digest.format).toBe('hf-json');
    expect(digest.papers).toHaveLength(17);
  });

  it('a real file cut in half is truncated JSON, reported on its last line', () => {
    const original = realText('2026-08-12.json');
    const cut = original.slice(0, Math.floor(original.length / 2));
    expectInputError(() => readDigest('2026-08-12.json', encode(cut), '2026-08-12'), {
      file: '2026-08-12.json',
      line: cut.split('\n').length,
      message: 'truncated JSON',
    });
  });

  it('a missing comma between real entries is reported on the line where it is missing', () => {
    const original = realText('2026-08-14.json');
    const at = original.indexOf('},\n  {', 1000); // the end of some entry
    const broken = `${original.slice(0, at + 1)}${original.slice(at + 2)}`;
    expectInputError(() => readDigest('2026-08-14.json', encode(broken), '2026-08-14'), {
      file: '2026-08-14.json',
      line: original.slice(0, at).split('\n').length + 1,
      message: "invalid JSON: expected ',' or ']'",
    });
  });

  it('entry line numbers in messages point at the entry in the real file', () => {
    const original = realText('2026-08-20.json');
    const entries = JSON.parse(original) as RawEntry[];
    entries.push(structuredClone(entries[3]!));
    const text = JSON.stringify(entries, null, 2);
    const digest = readDigest('2026-08-20.json', encode(text), '2026-08-20');
    expect(digest.papers).toHaveLength(15);
    const lastEntryLine = text.split('\n').lastIndexOf('  {') + 1;
    expect(warningAt(digest, lastEntryLine, 'entry 15 repeats the paper at entry 3')).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Input errors (hostile/broken fixtures in tests/fixtures/digests/bad)
// ---------------------------------------------------------------------------------------------

describe('input errors', () => {
  const cases: Array<{ file: string; line?: number; message: string }> = [
    { file: 'empty.txt', message: 'file is empty' },
    { file: 'whitespace-only.txt', message: 'file is empty (only whitespace)' },
    { file: 'header-only.txt', message: 'no papers: the file has only header lines' },
    { file: 'binary-nul.txt', line: 3, message: 'file looks binary (it contains a NUL byte)' },
    { file: 'latin1.txt', line: 4, message: 'file is not valid UTF-8' },
    { file: 'truncated-utf8.txt', line: 4, message: 'file is not valid UTF-8' },
    { file: 'utf16.txt', line: 1, message: 'file is UTF-16 text; save it as UTF-8' },
    { file: 'object.json', line: 1, message: 'expected a JSON array of daily-paper entries, found an object with error "Invalid date format"' },
    { file: 'empty-array.json', line: 1, message: 'no papers: the JSON array is empty' },
    { file: 'not-entries.json', line: 2, message: 'entry 0 is not a daily-paper entry' },
    { file: 'missing-title.json', line: 21, message: 'entry 1 has no title' },
    { file: 'wrong-type.json', line: 40, message: 'entry 2 is not a daily-paper entry at paper.title' },
    { file: 'trailing-comma.json', line: 59, message: "invalid JSON: expected a value, found ']'" },
    { file: 'truncated.json', line: 52, message: 'truncated JSON: the JSON ends inside a string' },
  ];
  for (const expected of cases) {
    it(`${expected.file} → "${expected.message}"${expected.line === undefined ? '' : ` at line ${expected.line}`}`, () => {
      expectInputError(() => readBad(expected.file), expected);
    });
  }

  it('every input error says what to do about it', () => {
    for (const { file } of cases) {
      expect(inputErrorFrom(() => readBad(file)).message).toMatch(/re-download|download it again|download the day again|save it as UTF-8|replace it|fix or re-download|delete the file/);
    }
  });

  it('the line of a bad byte counts CRLF and CR line breaks like an editor', () => {
    const crlf = new Uint8Array([...encode('Title\r\nAbstract.\r\nNext '), 0xff, ...encode(' title\r\n')]);
    expectInputError(() => readDigest('crlf.txt', crlf, '2026-08-05'), { file: 'crlf.txt', line: 3, message: 'not valid UTF-8' });
    const cr = new Uint8Array([...encode('Title\rAbstract.\rMore.\rNext '), 0xc3, 0x28]);
    expectInputError(() => readDigest('cr.txt', cr, '2026-08-05'), { file: 'cr.txt', line: 4, message: 'not valid UTF-8' });
  });

  it('an overlong UTF-8 encoding is rejected, not decoded into a character', () => {
    const overlong = new Uint8Array([...encode(`${HEADER}SubscribeA Title\nAbstract with `), 0xc0, 0xbc, ...encode('script.\n')]);
    expectInputError(() => readDigest('overlong.txt', overlong, '2026-08-05'), { file: 'overlong.txt', line: 4, message: 'not valid UTF-8' });
  });

  it('a NUL byte deep in the file is reported on its line', () => {
    const text = `${HEADER}SubscribeA Title\n${ABSTRACT_A}\nSecond Title\n`;
    const bytes = new Uint8Array([...encode(text), 0x00, ...encode(`${ABSTRACT_B}\n`)]);
    expectInputError(() => readDigest('nul.txt', bytes, '2026-08-05'), { file: 'nul.txt', line: 6, message: 'NUL byte' });
  });

  it('JSON broken in the middle of a literal is reported on that line', () => {
    expectInputError(() => readText('[\n  {"title": "A", "summary": "B"},\n  nul\n]', 'lit.json'), {
      file: 'lit.json',
      line: 3,
      message: "invalid JSON: expected a value, found 'n'",
    });
  });

  it('JSON nested thousands deep is an input error, not a stack overflow', () => {
    const deep = `[${'['.repeat(5000)}${']'.repeat(5000)}]`;
    expect(inputErrorFrom(() => readText(deep, 'deep.json')).message).toContain('entry 0 is not a daily-paper entry');
    expect(inputErrorFrom(() => readText(`[${'['.repeat(5000)}`, 'deep-cut.json')).message).toMatch(/^deep-cut\.json: invalid JSON .*download it again/);
  });

  it('TeX nested thousands deep, or never closed, reads as text: no stack overflow, no hang', () => {
    const nested = `A study ${'\\textbf{'.repeat(5000)}of keys`;
    const scripts = `$${'x^{'.repeat(10000)}$`;
    for (const text of [nested, scripts]) {
      expect(normalizeTitleKey(text).length).toBeGreaterThan(0);
      expect(normalizeAbstractKey(text).length).toBeGreaterThan(0);
    }
    const digest = readText(`Deep TeX\n${nested} ${ABSTRACT_A}`);
    expect(digest.papers).toHaveLength(1);
    expect(digest.papers[0]?.abstract.startsWith('A study \\textbf{')).toBe(true);
  });

  it('a date passed in that is not a real date is refused', () => {
    expectInputError(() => readDigest('x.txt', encode(`T\n${ABSTRACT_A}`), '2026-02-30'), { file: 'x.txt', message: 'not a real YYYY-MM-DD date' });
  });
});

// ---------------------------------------------------------------------------------------------
// Recoverable oddities: papers kept, warnings with file and line
// ---------------------------------------------------------------------------------------------

describe('recoverable oddities in text digests', () => {
  it('a title without abstract is kept with an empty abstract and a warning naming file and line', () => {
    const digest = readBad('title-without-abstract.txt');
    expect(digest.papers.map((paper) => [paper.line, paper.title])).toEqual([
      [3, 'Tiny Arithmetic Learners'],
      [5, 'A Title Whose Abstract Went Missing'],
      [6, 'Four-Step Diffusion Distillation'],
    ]);
    expect(digest.papers[1]!.abstract).toBe('');
    expect(digest.papers[2]!.abstract).toBe(ABSTRACT_B);
    expect(digest.warnings).toEqual([
      expect.objectContaining({ file: 'title-without-abstract.txt', line: 5, message: expect.stringContaining('has no abstract') }),
    ]);
  });

  it('a last title without abstract is kept and reported', () => {
    const digest = readBad('last-title-without-abstract.txt');
    expect(digest.papers.at(-1)).toEqual({ title: 'The Last Title Has No Abstract', abstract: '', line: 5 });
    expect(warningAt(digest, 5, 'has no abstract')).toBeDefined();
  });

  it('a paper listed twice (case, spacing, punctuation differ) is kept once, warning with both lines', () => {
    const digest = readBad('duplicate-paper.txt');
    expect(digest.papers.map((paper) => paper.title)).toEqual(['Tiny Arithmetic Learners', 'Four-Step Diffusion Distillation']);
    expect(digest.warnings).toHaveLength(1);
    expect(warningAt(digest, 7, 'line 7 repeats the paper at line 3')).toBeDefined();
  });

  it('the same title with a different abstract keeps both and says so', () => {
    const digest = readBad('same-title-different-abstract.txt');
    expect(digest.papers).toHaveLength(2);
    expect(warningAt(digest, 5, 'same title as line 3 but a different abstract')).toBeDefined();
  });

  it('an abstract split over two lines is joined and reported', () => {
    const digest = readBad('continuation.txt');
    expect(digest.papers.map((paper) => paper.title)).toEqual(['Tiny Arithmetic Learners', 'Graph Memory Networks']);
    expect(digest.papers[0]!.abstract).toBe(`${ABSTRACT_A}\n${ABSTRACT_B}`);
    expect(warningAt(digest, 5, 'more of the abstract of the paper at line 3')).toBeDefined();
  });

  it('an abstract with no title before it is reported and skipped', () => {
    const digest = readBad('orphan-abstract.txt');
    expect(digest.papers.map((paper) => [paper.line, paper.title])).toEqual([[2, 'Graph Memory Networks']]);
    expect(warningAt(digest, 1, 'an abstract with no title before it')).toBeDefined();
  });

  it('hostile text is kept verbatim: escaping is the renderer job', () => {
    const digest = readBad('hostile.txt');
    expect(digest.warnings).toEqual([]);
    expect(digest.papers[0]!.title).toBe('<script>alert(1)</script> & <b>Bold</b> Claims');
    const abstract = digest.papers[0]!.abstract;
    for (const fragment of [']]>', 'javascript:alert(1)', '<img src=x onerror=alert(1)>', '&amp;', '$x<y$', '$\\frac{a}{b}$', '{{ evil }}', '<!-- comment -->']) {
      expect(abstract).toContain(fragment);
    }
    expect(digest.papers[1]!.title).toBe('---');
  });

  it('control characters are stripped (terminal escapes whole) with a warning per line', () => {
    const digest = readBad('control-chars.txt');
    expect(digest.papers[0]!.title).toBe('Bell Title with Escapes');
    expect(digest.papers[0]!.abstract).toBe(ABSTRACT_A);
    expect(digest.papers[1]!.abstract).toBe(ABSTRACT_B);
    expect(warningAt(digest, 3, 'U+0007, U+001B')).toBeDefined();
    expect(warningAt(digest, 4, 'U+000B')).toBeDefined();
    expect(warningAt(digest, 6, 'U+007F')).toBeDefined();
    expect(digest.warnings).toHaveLength(3);
  });

  it('header lines in other case and wording are skipped; "Subscriber…" is a title, not glue', () => {
    const digest = readBad('subscribe-variants.txt');
    expect(digest.papers.map((paper) => [paper.line, paper.title])).toEqual([[4, 'Subscriber Churn Prediction with Graph Networks']]);
    expect(digest.warnings).toEqual([]);
  });

  it('a digest without header whose first title starts with "[" is still text', () => {
    const digest = readBad('no-header.txt');
    expect(digest.format).toBe('text');
    expect(digest.papers.map((paper) => paper.title)).toEqual(['[Re] Reproducing Tiny Arithmetic Learners', 'Four-Step Diffusion Distillation']);
  });

  it('Chinese, emoji-only and TeX titles are kept, and have distinct non-empty keys', () => {
    const digest = readBad('unicode-titles.txt');
    expect(digest.papers.map((paper) => paper.title)).toEqual([
      '大型语言模型的数学推理能力研究',
      '🚀🤖',
      '$\\pi_0$: A Vision-Language-Action Flow Model',
    ]);
    expect(digest.papers[0]!.abstract).toBe('本文研究大型语言模型的数学推理能力。我们提出了一种新的训练方法。实验表明该方法显著提升了准确率。');
    const keys = digest.papers.map((paper) => normalizeTitleKey(paper.title));
    expect(keys.every((key) => key !== '')).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('two digests pasted together: boilerplate ignored with warnings, the repeat dropped', () => {
    const digest = readBad('pasted-twice.txt');
    expect(digest.papers.map((paper) => paper.title)).toEqual(['Tiny Arithmetic Learners']);
    expect(warningAt(digest, 5, 'boilerplate')).toBeDefined();
    expect(warningAt(digest, 6, 'boilerplate')).toBeDefined();
    expect(warningAt(digest, 7, 'line 7 repeats the paper at line 3')).toBeDefined();
  });

  it('"Subscribe" is stripped only when glued to the first title', () => {
    const digest = readText(`${HEADER}SubscribemPLUG-Owl: Modular Multimodal Models\n${ABSTRACT_A}\nSubscribeNet: Glued Word in a Later Title\n${ABSTRACT_B}\n`);
    expect(digest.papers.map((paper) => paper.title)).toEqual(['mPLUG-Owl: Modular Multimodal Models', 'SubscribeNet: Glued Word in a Later Title']);
    const spaced = readText(`${HEADER}Subscribe Neural Arithmetic Logic Units\n${ABSTRACT_A}\n`);
    expect(spaced.papers[0]!.title).toBe('Subscribe Neural Arithmetic Logic Units');
  });

  it('a title ending in a full stop is still a title where a title is expected', () => {
    const digest = readText(`Attention Is All You Need.\n${ABSTRACT_A}\nA Second Paper.\n${ABSTRACT_B}\n`);
    expect(digest.papers.map((paper) => paper.title)).toEqual(['Attention Is All You Need.', 'A Second Paper.']);
    expect(digest.warnings).toEqual([]);
  });

  it('a short one-sentence abstract is still the abstract where an abstract is expected', () => {
    const digest = readText(`A Short Paper\nWe present a method.\nAnother Paper\n${ABSTRACT_B}\n`);
    expect(digest.papers.map(({ title, abstract }) => [title, abstract])).toEqual([
      ['A Short Paper', 'We present a method.'],
      ['Another Paper', ABSTRACT_B],
    ]);
  });

  it('titles with "?", "vs." or initials are not mistaken for abstracts', () => {
    const titles = [
      'How Do LLMs Acquire New Knowledge? A Knowledge Circuits Perspective on Continual Pre-Training',
      'I.i.d. Prophet Inequalities with Discounted Rewards: As Hard as the Non-i.i.d. Case',
      'Transformers vs. RNNs vs. State Space Models: A Fair Comparison',
    ];
    // Every second title lacks its abstract, so only how a line looks can place it.
    const digest = readText(`${titles[0]}\n${titles[1]}\n${ABSTRACT_A}\n${titles[2]}\n`);
    expect(digest.papers.map((paper) => paper.title)).toEqual(titles);
    expect(digest.papers.map((paper) => paper.abstract)).toEqual(['', ABSTRACT_A, '']);
  });

  it('an abstract of 300 KB is kept whole with a size warning', () => {
    const huge = `${'We repeat a sentence to make a very long abstract. '.repeat(6000)}End.`;
    expect(huge.length).toBeGreaterThan(300_000);
    const digest = readText(`${HEADER}SubscribeA Paper With a Huge Abstract\n${huge}\nNext Paper\n${ABSTRACT_B}\n`);
    expect(digest.papers).toHaveLength(2);
    expect(digest.papers[0]!.abstract).toBe(huge);
    expect(warningAt(digest, 3, 'abstract is 299 KB (over 20 KB)')).toBeDefined();
    expect(digest.warnings).toHaveLength(1);
  });

  it('the size warning starts just above 20 KB (counted in UTF-8 bytes)', () => {
    const sized = (bytes: number): string => `Sized. ${'x'.repeat(bytes - 7)}`;
    expect(readText(`T\n${sized(20 * 1024)}\n`).warnings).toEqual([]);
    expect(readText(`T\n${sized(20 * 1024 + 1)}\n`).warnings).toHaveLength(1);
    // 7000 × 'é' is 14 000 bytes (no warning), 11 000 × 'é' is 22 000 bytes (warning).
    expect(readText(`T\nShort. ${'é'.repeat(7000)}\n`).warnings).toEqual([]);
    expect(readText(`T\nShort. ${'é'.repeat(11_000)}\n`).warnings).toHaveLength(1);
  });

  it('text is NFC-normalised (decomposed accents composed)', () => {
    const digest = readText(`Mendel Go\u0308del Machine\nWe revisit the Go\u0308del machine. It works. Really.\n`);
    expect(digest.papers[0]!.title).toBe('Mendel Gödel Machine');
    expect(digest.papers[0]!.abstract).toBe('We revisit the Gödel machine. It works. Really.');
  });
});

describe('recoverable oddities in HF JSON', () => {
  it('odd optional fields are dropped with warnings, papers kept', () => {
    const digest = readBad('bad-fields.json');
    expect(digest.papers.map((paper) => paper.title)).toEqual(['Odd Fields Paper', 'Versioned Id Paper', 'Old Style Id Paper', 'Prefixed Id Paper']);
    const [odd, versioned, oldStyle, prefixed] = digest.papers;
    expect(odd).toEqual({ title: 'Odd Fields Paper', abstract: ABSTRACT_A, authors: ['Ada Lovelace', 'Grace Hopper'], line: 0 });
    for (const field of ['paper.id "not-an-id"', 'publishedAt "yesterday"', 'paper.githubRepo "javascript:alert(1)"', 'paper.projectPage "ftp://example.org/paper"', 'paper.upvotes -3']) {
      expect(warningAt(digest, 2, `entry 0: ${field}`)).toBeDefined();
    }
    expect(versioned!.arxivId).toBe('2608.09802');
    expect(versioned!.upvotes).toBe(0);
    expect(versioned!.projectUrl).toBe('https://example.org/a page'); // verbatim: escaping is the renderer's job
    expect(oldStyle!.arxivId).toBe('hep-th/9901001');
    expect(oldStyle!.upvotes).toBeUndefined();
    expect(oldStyle!.githubUrl).toBeUndefined();
    expect(warningAt(digest, 51, 'entry 2: paper.upvotes 2.5')).toBeDefined();
    expect(prefixed!.arxivId).toBe('2401.00001');
    expect(prefixed!.authors).toBeUndefined();
    expect(warningAt(digest, 71, 'entry 3: paper.authors is not a list')).toBeDefined();
    expect(digest.warnings).toHaveLength(7);
  });

  it('the same arXiv id twice keeps the first, warning with both entries and the line', () => {
    const digest = readBad('duplicate-id.json');
    expect(digest.papers.map((paper) => paper.arxivId)).toEqual(['2608.00001', '2608.00002']);
    expect(digest.papers[0]!.title).toBe('Tiny Arithmetic Learners');
    expect(warningAt(digest, 40, 'entry 2 repeats the paper at entry 0 (same arXiv id 2608.00001)')).toBeDefined();
  });

  it('control characters and broken surrogates in JSON strings are cleaned with warnings', () => {
    const digest = readBad('control-chars.json');
    expect(digest.papers[0]!.title).toBe('Tiny Arithmetic \ufffdLearners');
    expect(digest.papers[0]!.abstract).toBe('We study arithmetic. We find order matters.');
    expect(warningAt(digest, 2, 'title (U+0007, unpaired surrogate')).toBeDefined();
    expect(warningAt(digest, 2, 'summary (U+0000, U+001B)')).toBeDefined();
  });

  it('falls back to the entry-level title, summary and date when paper lacks them', () => {
    const digest = readBad('top-level-fields.json');
    expect(digest.papers[0]).toEqual({ title: 'Top-Level Only Entry', abstract: ABSTRACT_A, publishedAt: '2026-08-09', line: 0 });
    expect(digest.papers[1]).toMatchObject({ title: 'Fallback Title From Entry', abstract: '', arxivId: '2608.00002', authors: [] });
    expect(warningAt(digest, 7, 'entry 1: "Fallback Title From Entry" has no summary')).toBeDefined();
  });

  it('a 300 KB summary is kept whole with a size warning', () => {
    const huge = 'Long summary sentence. '.repeat(14_000);
    const text = JSON.stringify([{ paper: { id: '2608.00001', title: 'Huge', summary: huge } }]);
    const digest = readText(text, 'huge.json');
    expect(digest.papers[0]!.abstract).toBe(huge.trim());
    expect(warningAt(digest, 1, 'entry 0: abstract is')).toBeDefined();
  });

  it('hostile strings in JSON stay verbatim, hostile links do not survive', () => {
    const entry = {
      paper: {
        id: '2608.00001',
        title: '<script>alert(1)</script>',
        summary: 'Ends ]]> here & uses $a<b$.',
        githubRepo: 'https://github.com/x/<script>',
        projectPage: 'data:text/html,<script>alert(1)</script>',
      },
    };
    const digest = readText(JSON.stringify([entry]), 'hostile.json');
    expect(digest.papers[0]!.title).toBe('<script>alert(1)</script>');
    expect(digest.papers[0]!.abstract).toBe('Ends ]]> here & uses $a<b$.');
    expect(digest.papers[0]!.githubUrl).toBe('https://github.com/x/<script>');
    expect(digest.papers[0]!.projectUrl).toBeUndefined();
    expect(warningAt(digest, 1, 'projectPage "data:text/html')).toBeDefined();
  });

  it('arXiv ids with an impossible month are not arXiv ids', () => {
    const digest = readText(JSON.stringify([{ paper: { id: '2613.12345', title: 'T', summary: 'S.' } }]), 'month.json');
    expect(digest.papers[0]!.arxivId).toBeUndefined();
    expect(warningAt(digest, 1, 'paper.id "2613.12345" is not an arXiv id')).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------
// File names and dates
// ---------------------------------------------------------------------------------------------

describe('dateFromFileName', () => {
  it.each([
    ['2026-08-05.txt', '2026-08-05'],
    ['2026-08-11.json', '2026-08-11'],
    ['content/digests/2026-12-31.txt', '2026-12-31'],
    ['C:\\digests\\2024-02-29.json', '2024-02-29'],
    ['2000-02-29.txt', '2000-02-29'],
  ])('%s → %s', (file, date) => {
    expect(dateFromFileName(file)).toBe(date);
  });

  it.each([
    ['2026-02-30.txt', '2026-02-30 is not a real calendar date'],
    ['2026-13-01.json', '2026-13-01 is not a real calendar date'],
    ['2026-00-10.txt', 'is not a real calendar date'],
    ['2026-04-31.txt', 'is not a real calendar date'],
    ['2025-02-29.txt', 'is not a real calendar date'],
    ['2100-02-29.txt', 'is not a real calendar date'],
    ['seed-digest.txt', 'file name "seed-digest.txt" has no date'],
    ['2026-8-5.txt', 'has no date'],
    ['2026-08-05.md', 'is not exactly a date plus .txt or .json'],
    ['digest-2026-08-05.txt', 'is not exactly a date plus .txt or .json'],
  ])('%s → InputError "%s"', (file, message) => {
    expectInputError(() => dateFromFileName(file), { file, message });
    expect(inputErrorFrom(() => dateFromFileName(file)).message).toMatch(/name digests YYYY-MM-DD\.txt|fix the name/);
  });
});

describe('findDuplicateDates', () => {
  it('reports two digests for one date, naming both files', () => {
    const errors = findDuplicateDates(['content/2026-08-05.txt', 'content/2026-08-06.txt', 'content/2026-08-05.json']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InputError);
    expect(errors[0]!.file).toBe('content/2026-08-05.json');
    expect(errors[0]!.message).toContain('2 digests for 2026-08-05: content/2026-08-05.txt, content/2026-08-05.json');
  });

  it('reports each clashing date once, with all its files', () => {
    const errors = findDuplicateDates(['a/2026-08-05.txt', 'b/2026-08-05.txt', 'c/2026-08-05.json', '2026-08-07.txt', '2026-08-07.json']);
    expect(errors.map((error) => error.message.slice(error.message.indexOf(': ') + 2))).toEqual([
      '3 digests for 2026-08-05: a/2026-08-05.txt, b/2026-08-05.txt, c/2026-08-05.json; keep one and remove the others',
      '2 digests for 2026-08-07: 2026-08-07.txt, 2026-08-07.json; keep one and remove the others',
    ]);
  });

  it('finds nothing in the real fixtures (dated ones) and ignores undated names', () => {
    const real = [...TEXT_DAYS.map((day) => day.name), ...JSON_DAYS.map((day) => day.name)];
    expect(findDuplicateDates(real)).toEqual([]);
    expect(findDuplicateDates(['seed-digest.txt', 'other-digest.txt'])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Identity keys
// ---------------------------------------------------------------------------------------------

describe('normalizeTitleKey', () => {
  it.each([
    ['case, spacing and punctuation', 'Tiny  Arithmetic-Learners!', 'tiny arithmetic learners'],
    ['TeX \\mathrm and $ delimiters', '$\\mathrm{X}$-Net: Scaling', 'X-Net: Scaling'],
    ['TeX Greek vs Unicode', '$\\pi_0$: A Vision-Language-Action Flow Model', 'π0: A Vision-Language-Action Flow Model'],
    ['the real Zetta title', 'Zetta $\\zeta$: An Efficient Closed-Loop Embodied Harness for Self-Evolving Physical Intelligence', 'Zetta ζ: An Efficient Closed-Loop Embodied Harness for Self-Evolving Physical Intelligence'],
    ['TeX text commands', '\\textbf{Bold} Claims about \\emph{Reasoning}', 'Bold Claims about Reasoning'],
    ['accents: Unicode vs TeX vs none', 'Mendel Gödel Machine', 'Mendel G\\"odel Machine'],
    ['accents vs none', 'Mendel Gödel Machine', 'Mendel Godel Machine'],
    ['NFKC ligatures and full width', 'ﬁne-tuning ＧＰＴ', 'fine-tuning GPT'],
    ['NBSP and tabs', 'Learning\u00a0to\tNavigate the Web', 'Learning to Navigate the Web'],
    ['decomposed vs composed', 'Caf\u0065\u0301 Models', 'Café Models'],
  ])('%s: equal keys', (_case, a, b) => {
    expect(normalizeTitleKey(a)).toBe(normalizeTitleKey(b));
    expect(normalizeTitleKey(a)).not.toBe('');
  });

  it.each([
    ['GPT-4 Report', 'GPT-5 Report'],
    ['$\\alpha$-Net', '$\\beta$-Net'],
    ['Learning to Navigate the Web', 'Learning to Navigate the City'],
    ['大型语言模型', '小型语言模型'],
    ['🚀', '🤖'],
    ['🚀🤖', '🤖🚀'],
  ])('%s ≠ %s', (a, b) => {
    expect(normalizeTitleKey(a)).not.toBe(normalizeTitleKey(b));
  });

  it('keeps letters of all scripts', () => {
    expect(normalizeTitleKey('大型语言模型：综述')).toBe('大型语言模型综述');
    expect(normalizeTitleKey('Обучение Моделей')).toBe('обучениемоделеи'); // й loses its breve, like Latin accents
    expect(normalizeTitleKey('हिन्दी मॉडल')).toContain('हिन्दी'.normalize('NFKC'));
  });

  it('gives emoji-only and punctuation-only titles a non-empty key', () => {
    expect(normalizeTitleKey('🚀🤖')).not.toBe('');
    expect(normalizeTitleKey('---')).not.toBe('');
    expect(normalizeTitleKey('🚀 🤖')).toBe(normalizeTitleKey('🚀🤖'));
  });

  it('an emoji-only key cannot collide with a letters-and-digits key', () => {
    const emojiKey = normalizeTitleKey('🚀');
    expect(normalizeTitleKey(emojiKey)).not.toBe(emojiKey);
    expect(normalizeTitleKey('1f680')).not.toBe(emojiKey);
  });

  it('is empty only for an empty or blank title', () => {
    expect(normalizeTitleKey('')).toBe('');
    expect(normalizeTitleKey('  \t ')).toBe('');
  });
});

describe('normalizeAbstractKey', () => {
  it('ignores case, whitespace, line breaks and punctuation', () => {
    expect(normalizeAbstractKey('We  study X.\n  We find Y!')).toBe(normalizeAbstractKey('we study x we find y'));
  });

  it('tells different abstracts apart and gives "" for an empty one', () => {
    expect(normalizeAbstractKey(ABSTRACT_A)).not.toBe(normalizeAbstractKey(ABSTRACT_B));
    expect(normalizeAbstractKey('')).toBe('');
  });

  it('folds TeX like titles do', () => {
    expect(normalizeAbstractKey('We reach $\\alpha = 0.5$.')).toBe(normalizeAbstractKey('We reach α = 0.5.'));
  });
});

describe('text that renders wrong', () => {
  const header = 'Get trending papers in your email inbox!\n';

  it('removes bidirectional overrides, zero-width spaces and soft hyphens from titles, naming the line', () => {
    const digest = readText(`${header}SubscribeSafe\u202Etxt.exe and Zero\u200Bshot Co\u00ADoperation\n${ABSTRACT_A}\n`);
    expect(digest.papers[0]!.title).toBe('Safetxt.exe and Zeroshot Cooperation');
    expect(warningAt(digest, 2, 'removed invisible format characters (U+202E, U+200B, U+00AD)')).toBeDefined();
  });

  it('keeps the joiners that scripts and emoji need, and only those', () => {
    const digest = readText(`${header}SubscribeAgents 👩\u200D💻 in فارسی\u200Cها and Sinhala ශ්\u200Dරී and stray a\u200Db\n${ABSTRACT_A}\n`);
    expect(digest.papers[0]!.title).toBe('Agents 👩\u200D💻 in فارسی\u200Cها and Sinhala ශ්\u200Dරී and stray ab');
    expect(warningAt(digest, 2, 'U+200D')).toBeDefined();
  });

  it('cuts combining marks piled on one letter, keeping legitimate accents', () => {
    const zalgo = `Z${'\u0301\u0300\u0302\u0303\u0304\u0306\u0307\u0308'.repeat(3)}algo Tiếng Việt`;
    const digest = readText(`${header}Subscribe${zalgo}\n${ABSTRACT_A}\n`);
    expect(digest.papers[0]!.title).toBe('Z\u0301\u0300\u0302\u0303algo Tiếng Việt'.normalize('NFC'));
    expect(warningAt(digest, 2, 'combining marks past 4 on one letter')).toBeDefined();
  });

  it('cleans titles, summaries and author names of JSON digests, with a warning per field', () => {
    const json = JSON.stringify([{ paper: { id: '2608.00001', title: 'Reversed\u202E Title', summary: `A\u200B${ABSTRACT_A}`, authors: [{ name: 'Ada\u2067 Lovelace' }] } }]);
    const digest = readDigest('x.json', encode(json), '2026-08-05');
    expect(digest.papers[0]).toMatchObject({ title: 'Reversed Title', abstract: `A${ABSTRACT_A}`, authors: ['Ada Lovelace'] });
    const messages = digest.warnings.map((w) => w.message).join('\n');
    for (const field of ['title (U+202E)', 'summary (U+200B)', 'author "Ada Lovelace" (U+2067)']) expect(messages).toContain(`removed invisible format characters from the ${field}`);
  });

  it('warns about math that does not parse, naming the line, and leaves prices alone', () => {
    const digest = readText(`${header}SubscribeA Title\nWe set $\\lam = 1$ and $x^2$, for $5 and $10.\n`);
    expect(digest.papers[0]!.abstract).toBe('We set $\\lam = 1$ and $x^2$, for $5 and $10.');
    const tex = digest.warnings.filter((w) => w.message.includes('does not parse'));
    expect(tex).toHaveLength(1);
    expect(tex[0]).toMatchObject({ line: 2, message: expect.stringContaining('the math $\\lam = 1$ does not parse (Undefined control sequence: \\lam); shown as written') });
  });
});
