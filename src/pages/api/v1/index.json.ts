/** `/api/v1/index.json`: what the open data holds (src/data/api.ts). */
import type { APIRoute } from 'astro';
import { indexFile, jsonResponse } from '../../../data/api.ts';
import { loadArchive } from '../../../data/archive.ts';

export const GET: APIRoute = async ({ site }) => jsonResponse(indexFile(await loadArchive(), site));
