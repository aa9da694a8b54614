/** `/weeks/<id>/email.html`: the week's digest as a self-contained e-mail (src/utils/period-digest.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import type { PeriodView } from '../../../data/periods.ts';
import { pagesToRender } from '../../../data/pages.ts';
import { loadPeriods } from '../../../data/periods.ts';
import { paths } from '../../../lib/paths.ts';
import { periodEmailHtml } from '../../../utils/period-digest.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const pages = (await loadPeriods(archive, 'week')).map(({ view, cacheKey }) => ({ params: { week: view.id }, props: { view }, cacheKey }));
  return pagesToRender(archive, 'week-emails', pages, (page) => paths.weekEmail(page.params.week));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) =>
  new Response(periodEmailHtml((props as { view: PeriodView }).view, site), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
