/** `/api/v1/archive-<year>.jsonl.gz`: every paper first seen that year, one full record a line, gzipped (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { yearArchive, yearArchivePages } from '../../../data/api.ts';
import type { Paper } from '../../../data/archive.ts';
import { loadArchive } from '../../../data/archive.ts';

export const getStaticPaths = (async () => yearArchivePages(await loadArchive())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) =>
  new Response(new Uint8Array(await yearArchive(await loadArchive(), (props as { papers: Paper[] }).papers, site)), { headers: { 'Content-Type': 'application/gzip' } });
