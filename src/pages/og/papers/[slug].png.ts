import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import { paperCard, planCards, plannedCardPng, pngResponse } from '../../../utils/cards.ts';

/** Each paper's social card: `/og/papers/<slug>.png`. */
export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const cards = planCards(
    'papers',
    [...archive.papers.values()].map((paper) => ({ id: paper.id, content: paperCard(archive, paper) })),
  );
  return cards.map((card) => ({ params: { slug: card.id.slice('papers/'.length) }, props: { card }, cacheKey: card.key }));
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = async ({ props }) => pngResponse(await plannedCardPng(props.card));
