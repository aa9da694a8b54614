/**
 * A local stand-in for Hugging Face's daily-papers API and arXiv's query API, answering in their
 * real formats: Hugging Face days are the services' real responses (tests/fixtures/hf-api/), arXiv
 * answers are Atom feeds written from real arXiv records (tests/fixtures/arxiv-daily-30-days.jsonl.gz)
 * in the layout arXiv serves (namespaces, `arxiv:primary_category`, hard-wrapped summaries).
 * Faults (429, 503, a hang, broken bodies) are queued per test; every request is logged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CorpusPaper } from '../../scripts/make-archive.ts';
import { readCorpus } from '../../scripts/make-archive.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A real arXiv record of the bundled corpus (or one a test derives from one). */
export type ArxivRecord = CorpusPaper;

let corpus: Map<string, ArxivRecord> | undefined;
/** The real arXiv records of the bundled corpus, by id. */
export function arxivCorpus(): Map<string, ArxivRecord> {
  corpus ??= new Map(readCorpus().map((record) => [record.arxiv_id, record]));
  return corpus;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** arXiv wraps long titles and summaries over lines indented by two spaces. */
function wrap(text: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > 78) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n  ');
}

function atomEntry(r: ArxivRecord): string {
  const at = `${r.date}T00:00:00Z`;
  const cats = r.categories.map((c) => `    <category term="${escape(c)}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n');
  const authors = r.authors.map((a) => `    <author>\n      <name>${escape(a)}</name>\n    </author>`).join('\n');
  return `  <entry>
    <id>http://arxiv.org/abs/${r.arxiv_id}v1</id>
    <title>${escape(wrap(r.title))}</title>
    <updated>${at}</updated>
    <link href="https://arxiv.org/abs/${r.arxiv_id}v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${r.arxiv_id}v1" rel="related" type="application/pdf" title="pdf"/>
    <summary>${escape(wrap(r.abstract))}</summary>
${cats}
    <published>${at}</published>
${r.comment ? `    <arxiv:comment>${escape(r.comment)}</arxiv:comment>\n` : ''}    <arxiv:primary_category term="${escape(r.categories[0] ?? '')}"/>
${authors}
  </entry>`;
}

/** An arXiv API answer: the feed header arXiv sends, then the entries. */
export function atomFeed(query: string, records: readonly ArxivRecord[]): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: ${escape(query)}</title>
  <updated>2026-12-06T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?${escape(query)}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>${records.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${records.map(atomEntry).join('\n')}
</feed>
`;
}

/** Words as arXiv's search index sees a title: TeX commands and punctuation dropped, lower case. */
function searchWords(text: string): string[] {
  return text
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/[$^{}_]/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function phraseIn(phrase: string[], words: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return phrase.length === 0;
}

export type Fault = 'status-429' | 'status-503' | 'hang' | 'broken-xml' | 'broken-json' | 'rate-text' | 'kill';

export interface ServerOptions {
  /** Records beyond the corpus (tests that need two papers of one title). */
  extra?: ArxivRecord[];
  /** Faults to answer with, each once, to the first request whose URL contains `when`. */
  faults?: { when: string; fault: Fault }[];
  /** Called when a request meets a `kill` fault (the request is left unanswered). */
  onKill?: () => void;
}

export interface ResolveServer {
  url: string;
  /** Every request's path and query, in order. */
  requests: string[];
  close: () => Promise<void>;
}

export async function startResolveServer(options: ServerOptions = {}): Promise<ResolveServer> {
  const records = [...arxivCorpus().values(), ...(options.extra ?? [])];
  const faults = [...(options.faults ?? [])];
  const requests: string[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const faultAt = faults.findIndex((f) => decodeURIComponent(url.search.replace(/\+/g, ' ')).includes(f.when) || url.pathname.includes(f.when));
    const fault = faultAt >= 0 ? faults.splice(faultAt, 1)[0]!.fault : undefined;
    if (fault === 'hang' || fault === 'kill') {
      hanging.add(res);
      if (fault === 'kill') options.onKill?.();
      return;
    }
    if (fault === 'status-429') return void res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' }).end('Rate exceeded.');
    if (fault === 'status-503') return void res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
    if (fault === 'rate-text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('Rate exceeded.');
    if (url.pathname === '/api/daily_papers') {
      const file = `${FIXTURES}hf-api/${url.searchParams.get('date')}.json`;
      const body = existsSync(file) ? readFileSync(file, 'utf8') : '[]';
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(fault === 'broken-json' ? body.slice(0, body.length / 2) : body);
    }
    if (url.pathname === '/api/query') {
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      const query = url.searchParams.get('search_query') ?? '';
      let found: ArxivRecord[];
      if (ids.length) found = records.filter((r) => ids.includes(r.arxiv_id));
      else {
        const phrase = searchWords(/^ti:"(.*)"$/.exec(query)?.[1] ?? query);
        found = records.filter((r) => phraseIn(phrase, searchWords(r.title))).slice(0, Number(url.searchParams.get('max_results') ?? 10));
      }
      const body = atomFeed(url.search.slice(1), found);
      return void res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(fault === 'broken-xml' ? body.slice(0, body.lastIndexOf('</entry>') - 20) : body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
