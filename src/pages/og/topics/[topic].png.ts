import { topicCard } from '../../../cards/content.ts';
import { cardRoute } from '../../../cards/route.ts';

/** Each topic's social card: `/og/topics/<slug>.png` (none while there are no topics). */
const route = cardRoute('topics', 'topic', (archive) => [...archive.topics.values()].map((topic) => [topic.id, topicCard(archive, topic)]));
export const getStaticPaths = route.getStaticPaths;
export const GET = route.GET;
