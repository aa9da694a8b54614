/** `/weeks/<id>/email.html`: the week's digest as a self-contained e-mail (src/utils/period-digest.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import type { PeriodView } from '../../../data/periods.ts';
import { loadPeriods } from '../../../data/periods.ts';
import { periodEmailHtml } from '../../../utils/period-digest.ts';

export const getStaticPaths = (async () => {
  const periods = await loadPeriods(await loadArchive(), 'week');
  return periods.map(({ view, cacheKey }) => ({ params: { week: view.id }, props: { view }, cacheKey }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) =>
  new Response(periodEmailHtml((props as { view: PeriodView }).view, site), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
