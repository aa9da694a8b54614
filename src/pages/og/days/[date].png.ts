import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import { dayCard, planCards, plannedCardPng, pngResponse } from '../../../utils/cards.ts';

/** Each day's social card: `/og/days/<date>.png`. */
export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const cards = planCards(
    'days',
    archive.days.map((day) => ({ id: day.date, content: dayCard(day) })),
  );
  return cards.map((card) => ({ params: { date: card.id.slice('days/'.length) }, props: { card }, cacheKey: card.key }));
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = async ({ props }) => pngResponse(await plannedCardPng(props.card));
