/**
 * `npm run resolve` against a local stand-in for Hugging Face and arXiv (tests/helpers/resolve-server.ts):
 * real Hugging Face day responses, Atom feeds written from real arXiv records, and faults.
 * Pacing is shortened through the same environment variables a maintainer would set.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PoliteClient } from '../../scripts/lib/resolve/http.ts';
import { resolveDigests } from '../../scripts/lib/resolve/run.ts';
import type { ResolveSummary } from '../../scripts/lib/resolve/run.ts';
import type { DayResolution } from '../../src/lib/resolve/record.ts';
import type { ArxivRecord, ResolveServer, ServerOptions } from '../helpers/resolve-server.ts';
import { arxivCorpus, startResolveServer } from '../helpers/resolve-server.ts';

let server: ResolveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A content root with the given digests (file name → text). */
function contentWith(digests: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'daybook-resolve-'));
  mkdirSync(join(root, 'digests'));
  for (const [name, text] of Object.entries(digests)) writeFileSync(join(root, 'digests', name), text);
  return root;
}

/** A digest in the e-mail layout: header lines, then title and abstract lines. */
const emailDigest = (papers: readonly { title: string; abstract: string }[]) =>
  `Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe${papers.map((p) => `${p.title}\n${p.abstract}`).join('\n')}\n`;

const record = (id: string): ArxivRecord => {
  const found = arxivCorpus().get(id);
  if (!found) throw new Error(`no record ${id} in the corpus`);
  return found;
};

async function resolve(root: string, options: ServerOptions = {}, extra: { retries?: number; timeoutMs?: number; recheck?: boolean } = {}) {
  server ??= await startResolveServer(options);
  const lines: string[] = [];
  const client = new PoliteClient({
    userAgent: 'Daybook-resolver tests',
    intervalMs: new Map(),
    defaultIntervalMs: 5,
    timeoutMs: extra.timeoutMs ?? 5000,
    retries: extra.retries ?? 2,
    backoffMs: 5,
  });
  const summary: ResolveSummary = await resolveDigests({ contentDir: root, hfBase: server.url, arxivBase: server.url, client, recheck: extra.recheck, say: (l) => lines.push(l) });
  return { summary, lines, requests: client.requests };
}

const resolution = (root: string, date: string) => JSON.parse(readFileSync(join(root, 'resolved', `${date}.json`), 'utf8')) as DayResolution;

describe('resolve', () => {
  it('resolves a bundled text day fully from its own Hugging Face day, with one request there and one to arXiv', async () => {
    const root = contentWith({ '2026-08-05.txt': readFileSync('content/digests/2026-08-05.txt', 'utf8') });
    const { summary } = await resolve(root);
    expect(summary).toMatchObject({ days: 1, papers: 25, huggingface: 25, arxiv: 0, unresolved: [] });
    expect(server!.requests.filter((r) => r.startsWith('/api/daily_papers'))).toEqual(['/api/daily_papers?date=2026-08-05']);
    // Categories and first-version dates of what Hugging Face found: one id_list request for the day.
    expect(server!.requests.filter((r) => r.startsWith('/api/query'))).toHaveLength(1);
    expect(server!.requests[1]).toContain('id_list=');
    const hf = JSON.parse(readFileSync('tests/fixtures/hf-api/2026-08-05.json', 'utf8')) as { paper: { id: string; title: string; authors: { name: string }[] } }[];
    const day = resolution(root, '2026-08-05');
    expect(day.huggingface).toBe('read');
    for (const paper of day.papers) {
      const listed = hf.find((e) => e.paper.id === paper.arxivId)!;
      expect(listed.paper.title.replace(/\s+/g, ' ').trim()).toBe(paper.title);
      expect(paper.authors).toEqual(listed.paper.authors.map((a) => a.name));
      expect(paper.publishedAt).toMatch(/^2026-0[78]-\d\d$/);
    }
  });

  it('finds papers on arXiv by title through TeX, Unicode, case and punctuation differences, with categories and authors', async () => {
    const cases = [
      { id: '2606.03148', digestTitle: 'A²: Smaller Self-Supervised ViTs Localize Better than Larger Ones' },
      { id: '2606.02955', digestTitle: 'Fast-dLLM++: Frechet Profile Decoding for Faster Diffusion LLM Inference' },
      { id: '2606.00386', digestTitle: '$\\alpha$Depth: Learning Single-Pass Soft Boundary Decomposition for Stereo Conversion' },
      { id: '2606.00109', digestTitle: 'VDSB GWSyn — diffusion Schrödinger bridge for controllable and anatomically feasible guidewire synthesis in coronary angiography' },
    ];
    const root = contentWith({ '2026-06-03.txt': emailDigest(cases.map((c) => ({ title: c.digestTitle, abstract: record(c.id).abstract }))) });
    const { summary } = await resolve(root);
    expect(summary).toMatchObject({ papers: 4, huggingface: 0, arxiv: 4, unresolved: [] });
    const day = resolution(root, '2026-06-03');
    expect(day.huggingface).toBe('none');
    cases.forEach((c, i) => {
      const real = record(c.id);
      expect(day.papers[i]).toMatchObject({ title: c.digestTitle, source: 'arxiv', arxivId: c.id, authors: real.authors, categories: real.categories, publishedAt: real.date, arxivChecked: true });
    });
  });

  it('takes the one of two arXiv papers with one title whose abstract begins alike, and leaves two alike ones unresolved', async () => {
    const target = record('2606.00188');
    // arXiv has distinct papers that share a title; the corpus has none, so the second is another real record given this title.
    const other = { ...record('2606.01245'), title: target.title };
    const twin = { ...target, arxiv_id: '2606.99999' };
    const rootA = contentWith({ '2026-06-04.txt': emailDigest([{ title: target.title, abstract: target.abstract }]) });
    const a = await resolve(rootA, { extra: [other] });
    expect(a.summary.arxiv).toBe(1);
    expect(resolution(rootA, '2026-06-04').papers[0]).toMatchObject({ arxivId: '2606.00188' });
    await server!.close();
    server = undefined;

    const rootB = contentWith({ '2026-06-04.txt': emailDigest([{ title: target.title, abstract: target.abstract }]) });
    const b = await resolve(rootB, { extra: [twin] });
    expect(b.summary.arxiv).toBe(0);
    const paper = resolution(rootB, '2026-06-04').papers[0]!;
    expect(paper.arxivId).toBeUndefined();
    expect(paper.arxivChecked).toBe(true);
    expect(paper.nearMisses?.map((m) => m.arxivId).sort()).toEqual(['2606.00188', '2606.99999']);
  });

  it('reports no match and near-misses, and never takes a similar title', async () => {
    const near = record('2606.01394');
    const root = contentWith({
      '2026-11-24.txt': emailDigest([
        { title: 'Neural Arithmetic Logic Units', abstract: 'Neural networks can learn to represent and manipulate numerical information, but they seldom generalize well.' },
        // The real title without its last words: arXiv's phrase search finds the paper, but it is not the same title.
        { title: near.title.replace(' and Reasoning', ''), abstract: near.abstract },
      ]),
    });
    const { summary } = await resolve(root);
    expect(summary.arxiv).toBe(0);
    expect(summary.unresolved.map((u) => u.pending)).toEqual([false, false]);
    const [nalu, similar] = resolution(root, '2026-11-24').papers;
    expect(nalu).toMatchObject({ arxivChecked: true });
    expect(nalu!.arxivId).toBeUndefined();
    expect(nalu!.nearMisses).toBeUndefined();
    expect(similar!.arxivId).toBeUndefined();
    expect(similar!.nearMisses).toEqual([{ arxivId: '2606.01394', title: near.title, why: 'a similar title, not the same' }]);
  });

  it('does not take a title alone when the digest gives no abstract', async () => {
    const paper = record('2606.00188');
    const root = contentWith({ '2026-06-07.txt': `Get trending papers in your email inbox!\nSubscribe${paper.title}\n` });
    const { summary } = await resolve(root);
    expect(summary.arxiv).toBe(0);
    expect(resolution(root, '2026-06-07').papers[0]!.nearMisses).toEqual([{ arxivId: '2606.00188', title: paper.title, why: 'same title, but the digest gives no abstract to compare' }]);
  });

  it('waits and retries after a 429 and a 503, and after a request that times out', async () => {
    const paper = record('2606.00188');
    const root = contentWith({ '2026-06-05.txt': emailDigest([{ title: paper.title, abstract: paper.abstract }]) });
    const { summary } = await resolve(
      root,
      { faults: [{ when: 'daily_papers', fault: 'status-503' }, { when: 'PaintBench', fault: 'status-429' }, { when: 'PaintBench', fault: 'hang' }] },
      { retries: 3, timeoutMs: 300 },
    );
    expect(summary).toMatchObject({ huggingface: 0, arxiv: 1, errors: [] });
    expect(server!.requests.filter((r) => r.includes('daily_papers'))).toHaveLength(2);
    expect(server!.requests.filter((r) => r.includes('PaintBench'))).toHaveLength(3);
  });

  it('gives up on a service that keeps failing, keeps what it has, and the next run finishes', async () => {
    const papers = ['2606.00188', '2606.01245'].map(record);
    const root = contentWith({ '2026-06-05.txt': emailDigest(papers.map((p) => ({ title: p.title, abstract: p.abstract }))) });
    const first = await resolve(root, { faults: [{ when: 'PaintBench', fault: 'hang' }, { when: 'PaintBench', fault: 'hang' }] }, { retries: 1, timeoutMs: 200 });
    expect(first.summary.errors).toHaveLength(1);
    expect(first.summary.errors[0]).toMatch(/no answer within 200 ms, after 2 attempts; not asked again in this run$/);
    expect(first.summary.unresolved.map((u) => u.pending)).toEqual([true, true]);
    const second = await resolve(root);
    expect(second.summary).toMatchObject({ arxiv: 2, errors: [] });
  });

  it('reports malformed XML and JSON without taking them for "nothing found", and a rerun asks again', async () => {
    const paper = record('2606.00188');
    const root = contentWith({ '2026-08-05.txt': readFileSync('content/digests/2026-08-05.txt', 'utf8'), '2026-06-05.txt': emailDigest([{ title: paper.title, abstract: paper.abstract }]) });
    const first = await resolve(root, { faults: [{ when: 'daily_papers', fault: 'broken-json' }, { when: 'PaintBench', fault: 'broken-xml' }, { when: 'daily_papers', fault: 'rate-text' }] }, { retries: 0 });
    expect(first.summary.errors.map((e) => e.replace(/http:\/\/127\.0\.0\.1:\d+/, 'SERVER'))).toEqual([
      expect.stringMatching(/^Hugging Face: SERVER\/api\/daily_papers\?date=2026-06-05:\d+: .*JSON/),
      expect.stringMatching(/^arXiv: not well-formed XML/),
      expect.stringMatching(/^Hugging Face: SERVER\/api\/daily_papers\?date=2026-08-05:1: /),
    ]);
    expect(resolution(root, '2026-06-05').papers[0]!.arxivChecked).toBeUndefined();
    expect(resolution(root, '2026-08-05').huggingface).toBeUndefined();
    const second = await resolve(root);
    expect(second.summary).toMatchObject({ huggingface: 25, arxiv: 1, errors: [] });
  });

  it('after a kill in the middle, a rerun finishes without asking again what the first run got', async () => {
    const ids = ['2606.00188', '2606.01245', '2606.01394', '2606.03148', '2606.02955', '2606.00386'];
    const papers = ids.map(record);
    const root = contentWith({ '2026-06-06.txt': emailDigest(papers.map((p) => ({ title: p.title, abstract: p.abstract }))) });
    const env = { ...process.env, DAYBOOK_ARXIV_INTERVAL_MS: '20', DAYBOOK_HF_INTERVAL_MS: '20', DAYBOOK_RESOLVE_BACKOFF_MS: '20' };
    const runCli = (url: string) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((done) => {
        const child = spawn(process.execPath, ['scripts/resolve.ts', '--content', root], { env: { ...env, DAYBOOK_HF_API: url, DAYBOOK_ARXIV_API: url } });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('exit', (code, signal) => done({ code, signal, stdout }));
        killer = () => child.kill('SIGKILL');
      });
    let killer = () => {};
    // The fourth title's request is never answered: the process is killed while it waits.
    server = await startResolveServer({ faults: [{ when: 'Smaller Self Supervised', fault: 'kill' }], onKill: () => killer() });
    const first = await runCli(server.url);
    expect(first.signal).toBe('SIGKILL');
    const answered = server.requests.slice(0, -1);
    expect(answered).toHaveLength(4); // Hugging Face's day, then three titles
    const second = await runCli(server.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/resolve: 1 days, 6 title-only papers: 0 from Hugging Face, 6 from arXiv, 0 not found, 0 not looked up; 3 requests/);
    const rerun = server.requests.slice(answered.length + 1);
    expect(rerun.filter((r) => answered.includes(r))).toEqual([]);
    expect(new Set(server.requests).size).toBe(server.requests.length - 1); // only the killed request was asked twice
    expect(resolution(root, '2026-06-06').papers.map((p) => p.arxivId)).toEqual(ids);
    // A third run has nothing left to ask.
    const third = await runCli(server.url);
    expect(third.stdout).toMatch(/; 0 requests/);
  });
});

