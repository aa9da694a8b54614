/**
 * Which papers get a social card of their own: those first seen within a window of days of the
 * archive's newest day (`SITE.cardWindowDays`). An older paper's page shows its first topic's
 * card (or, without a topic, its first day's); day and topic cards exist for all.
 */
import { paths } from './paths.ts';
import type { PaperFrontmatter } from './schema.ts';

const DAY_MS = 86_400_000;

/** What of the archive decides a paper page's card: the days (newest first), the topics and days there are. */
interface CardArchive {
  days: readonly { date: string }[];
  topics: ReadonlyMap<string, unknown>;
  dayByDate: ReadonlyMap<string, unknown>;
}

interface CardPaper {
  id: string;
  data: Pick<PaperFrontmatter, 'days' | 'topics'>;
}

/** Whether a paper first seen on `first` has a card of its own: less than `windowDays` days before the newest day. */
export function inCardWindow(first: string | undefined, newest: string | undefined, windowDays: number): boolean {
  if (!newest || !first) return false;
  return (Date.parse(newest) - Date.parse(first)) / DAY_MS < windowDays;
}

/** Whether the paper has a card of its own. */
export function hasOwnCard(archive: CardArchive, paper: CardPaper, windowDays: number): boolean {
  return inCardWindow(paper.data.days[0], archive.days[0]?.date, windowDays);
}

/** Site path (without base) of the paper page's og:image: its own card, else its first topic's, else its first day's. */
export function paperCardPath(archive: CardArchive, paper: CardPaper, windowDays: number): string {
  if (hasOwnCard(archive, paper, windowDays)) return paths.card('papers', paper.id);
  const topic = paper.data.topics.find((slug) => archive.topics.has(slug));
  if (topic) return paths.card('topics', topic);
  const first = paper.data.days[0];
  return paths.card('days', first && archive.dayByDate.has(first) ? first : (archive.days[0]?.date ?? ''));
}
