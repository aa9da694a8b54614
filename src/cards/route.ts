/** What the three card routes (`src/pages/og/…`) share: a card per id, keyed by its content. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { Archive } from '../data/archive.ts';
import { loadArchive } from '../data/archive.ts';
import { pagesToRender } from '../data/pages-to-render.ts';
import { paths } from '../lib/paths.ts';
import { cardKey, cardPng } from './cache.ts';
import type { CardContent } from './content.ts';

type CardKind = Parameters<typeof paths.card>[0];

interface Props {
  content: CardContent;
  key: string;
}

/** A route's `getStaticPaths` and `GET`: the cards of `kind`, `param` its file's parameter, `cards` their ids and contents. */
export function cardRoute(kind: CardKind, param: string, cards: (archive: Archive) => [id: string, content: CardContent][]) {
  const getStaticPaths = (async () => {
    const archive = await loadArchive();
    const pages = cards(archive).map(([id, content]) => {
      const key = cardKey(content);
      return { params: { [param]: id }, props: { content, key } satisfies Props, cacheKey: key, id };
    });
    return (await pagesToRender(archive, `cards-${kind}`, pages, (page) => paths.card(kind, page.id))).map(({ params, props }) => ({ params, props }));
  }) satisfies GetStaticPaths;
  const GET: APIRoute<Props> = async ({ props }) =>
    new Response(new Uint8Array(await cardPng(props.content, props.key)), { headers: { 'Content-Type': 'image/png' } });
  return { getStaticPaths, GET };
}
