/** `/api/v1/days/<date>.json`: a day's papers in digest order, full records (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { dayFile, isFullDay, jsonResponse, recordKey } from '../../../../data/api.ts';
import type { Day } from '../../../../data/archive.ts';
import { loadArchive } from '../../../../data/archive.ts';
import { pagesToRender } from '../../../../data/pages-to-render.ts';
import { viewKey } from '../../../../data/views.ts';
import { paths } from '../../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  // The file is made of its papers' records, full or short (a short one is part of the full one:
  // its key is the record's, cheaper than the short record itself for 100,000s of papers), and the day's order.
  const newest = archive.days[0]?.date;
  const files = archive.days.map((day) => ({
    params: { date: day.date },
    props: { day },
    cacheKey: viewKey('api-day', day.date, day.source, isFullDay(day.date, newest), day.papers.map(recordKey)),
  }));
  return pagesToRender(archive, 'api-days', files, (file) => paths.apiFile(`days/${file.params.date}.json`));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => jsonResponse(dayFile(await loadArchive(), (props as { day: Day }).day, site));
