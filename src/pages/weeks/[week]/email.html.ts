/** `/weeks/<id>/email.html`: the week's digest as a self-contained e-mail (src/utils/period-digest.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { PeriodView } from '../../../data/periods.ts';
import { periodPages } from '../../../data/periods.ts';
import { paths } from '../../../lib/paths.ts';
import { periodEmailHtml } from '../../../utils/period-digest.ts';

export const getStaticPaths = (() => periodPages('week', 'week-emails', paths.weekEmail)) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) =>
  new Response(periodEmailHtml((props as { view: PeriodView }).view, site), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
