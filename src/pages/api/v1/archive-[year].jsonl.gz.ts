/** `/api/v1/archive-<year>.jsonl.gz`: every paper first seen that year, one full record a line, gzipped (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { archiveYears, recordKey, yearArchive } from '../../../data/api.ts';
import type { Paper } from '../../../data/archive.ts';
import { loadArchive } from '../../../data/archive.ts';
import { pagesToRender } from '../../../data/pages-to-render.ts';
import { viewKey } from '../../../data/views.ts';
import { paths } from '../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const files = [...archiveYears(archive)].map(([year, papers]) => ({ params: { year }, props: { papers }, cacheKey: viewKey('api-year', year, papers.map(recordKey)) }));
  return pagesToRender(archive, 'api-years', files, (file) => paths.apiFile(`archive-${file.params.year}.jsonl.gz`));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) =>
  new Response(new Uint8Array(await yearArchive(await loadArchive(), (props as { papers: Paper[] }).papers, site)), { headers: { 'Content-Type': 'application/gzip' } });
