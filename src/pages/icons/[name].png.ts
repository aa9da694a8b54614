import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { ICONS, iconKey, iconPng } from '../../cards/icons.ts';
import { loadArchive } from '../../data/archive.ts';
import { pagesToRender } from '../../data/pages-to-render.ts';
import { paths } from '../../lib/paths.ts';

/** Icons drawn from the one logo (`src/assets/logo.svg`): apple-touch-icon and web-manifest icons. */
export const getStaticPaths = (async () => {
  const icons = ICONS.map((spec) => ({ params: { name: spec.name }, props: { spec }, cacheKey: iconKey(spec) }));
  return pagesToRender(await loadArchive(), 'icons', icons, (icon) => paths.icon(icon.params.name));
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = async ({ props }) =>
  new Response(new Uint8Array(await iconPng(props.spec)), { headers: { 'Content-Type': 'image/png' } });
