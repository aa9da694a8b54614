/** `/watch/abstracts.json`: the recent days' abstracts, for watches of words (src/data/watch.ts). */
import type { APIRoute } from 'astro';
import { loadArchive } from '../../data/archive.ts';
import { recentAbstracts } from '../../data/watch.ts';

export const GET: APIRoute = async () => {
  const archive = await loadArchive();
  return new Response(JSON.stringify(recentAbstracts(archive)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
