/** `/api/v1/days/<date>.json`: a day's papers in digest order, full records (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { dayFile, dayFilePages, jsonResponse } from '../../../../data/api.ts';
import type { Day } from '../../../../data/archive.ts';
import { loadArchive } from '../../../../data/archive.ts';

export const getStaticPaths = (async () => dayFilePages(await loadArchive())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => jsonResponse(dayFile(await loadArchive(), (props as { day: Day }).day, site));
