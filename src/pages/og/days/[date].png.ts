import { dayCard } from '../../../cards/content.ts';
import { cardRoute } from '../../../cards/route.ts';

/** Each day's social card: `/og/days/<date>.png`. */
const route = cardRoute('days', 'date', (archive) => archive.days.map((day) => [day.date, dayCard(day)]));
export const getStaticPaths = route.getStaticPaths;
export const GET = route.GET;
