/** What the three card routes (`src/pages/og/…`) share: a card per id, keyed by its content. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { Archive } from '../data/archive.ts';
import { loadArchive } from '../data/archive.ts';
import { cardKey, cardPng } from './cache.ts';
import type { CardContent } from './content.ts';

interface Props {
  content: CardContent;
  key: string;
}

/** A route's `getStaticPaths` and `GET`: `param` is its file's parameter, `cards` its ids and contents. */
export function cardRoute(param: string, cards: (archive: Archive) => [id: string, content: CardContent][]) {
  const getStaticPaths = (async () =>
    cards(await loadArchive()).map(([id, content]) => {
      const key = cardKey(content);
      return { params: { [param]: id }, props: { content, key } satisfies Props, cacheKey: key };
    })) satisfies GetStaticPaths;
  const GET: APIRoute<Props> = async ({ props }) =>
    new Response(new Uint8Array(await cardPng(props.content, props.key)), { headers: { 'Content-Type': 'image/png' } });
  return { getStaticPaths, GET };
}
