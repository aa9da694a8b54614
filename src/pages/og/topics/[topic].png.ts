import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import { planCards, plannedCardPng, pngResponse, topicCard } from '../../../utils/cards.ts';

/** Each topic's social card: `/og/topics/<slug>.png` (none while there are no topics). */
export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const cards = planCards(
    'topics',
    [...archive.topics.values()].map((topic) => ({ id: topic.id, content: topicCard(archive, topic) })),
  );
  return cards.map((card) => ({ params: { topic: card.id.slice('topics/'.length) }, props: { card }, cacheKey: card.key }));
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = async ({ props }) => pngResponse(await plannedCardPng(props.card));
