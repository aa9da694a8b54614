/** `/api/v1/archive-<year>.jsonl.gz`: every paper first seen that year, one full record a line, gzipped (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { gzipSync } from 'node:zlib';
import { archiveLines, archiveYears } from '../../../data/api.ts';
import type { Paper } from '../../../data/archive.ts';
import { loadArchive } from '../../../data/archive.ts';
import { viewKey } from '../../../data/views.ts';

export const getStaticPaths = (async () => {
  const years = archiveYears(await loadArchive());
  return [...years].map(([year, papers]) => ({ params: { year }, props: { papers }, cacheKey: viewKey('api-year', year, papers.map((p) => `${p.id}:${p.digest}`)) }));
}) satisfies GetStaticPaths;

// gzip's header carries no file name and a zero time: the same records give the same bytes.
export const GET: APIRoute = async ({ props, site }) => {
  const lines = archiveLines(await loadArchive(), (props as { papers: Paper[] }).papers, site);
  return new Response(new Uint8Array(gzipSync(lines, { level: 9 })), { headers: { 'Content-Type': 'application/gzip' } });
};
