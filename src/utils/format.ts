import { SITE } from '../config.ts';

const dayFormat = new Intl.DateTimeFormat(SITE.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat(SITE.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(SITE.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat(SITE.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const weekdayFormat = new Intl.DateTimeFormat(SITE.locale, { weekday: 'long', timeZone: 'UTC' });

const utc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/** `2026-11-24` → `24 November 2026`. */
export const formatDay = (isoDate: string) => dayFormat.format(utc(isoDate));
/** `2026-11-24` → `24 Nov 2026`. */
export const formatShortDay = (isoDate: string) => shortDayFormat.format(utc(isoDate));
/** `2026-11` → `November 2026`. */
export const formatMonth = (yearMonth: string) => monthFormat.format(utc(`${yearMonth}-01`));
/** `2026-11` → `Nov 2026`. */
export const formatShortMonth = (yearMonth: string) => shortMonthFormat.format(utc(`${yearMonth}-01`));
/** `2026-11-24` → `Tuesday`. */
export const formatWeekday = (isoDate: string) => weekdayFormat.format(utc(isoDate));

/** `1 paper`, `3 papers`. */
export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString(SITE.locale)} ${n === 1 ? word : many}`;

/** Authors for a byline: all of a few, else the first ones and a count. */
export function byline(authors: readonly string[], max = 8): string {
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, max).join(', ')} and ${authors.length - max} more`;
}

/** A paper's trending days as one line: `Trending on 24 November 2026`, or `Trended on 3 days, 5 Aug 2026 – 7 Aug 2026`. */
export function trendedLine(days: readonly string[]): string {
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? first;
  return days.length > 1 ? `Trended on ${plural(days.length, 'day')}, ${formatShortDay(first)} – ${formatShortDay(last)}` : `Trending on ${formatDay(first)}`;
}

/** `2026-W33` → `Week 33, 2026`; `2026-08` → `August 2026`. */
export function formatPeriod(kind: 'week' | 'month', id: string): string {
  return kind === 'week' ? `Week ${Number(id.slice(6))}, ${id.slice(0, 4)}` : formatMonth(id);
}

/** `2026-W33` → `W33 2026`; `2026-08` → `Aug 2026`. */
export function formatShortPeriod(kind: 'week' | 'month', id: string): string {
  return kind === 'week' ? `W${id.slice(6)} ${id.slice(0, 4)}` : formatShortMonth(id);
}

/** `10 Aug – 16 Aug 2026` (the years of both ends when they differ). */
export function formatRange([start, end]: readonly [string, string]): string {
  return start.slice(0, 4) === end.slice(0, 4)
    ? `${formatShortDay(start).replace(/,? \d{4}$/, '')} – ${formatShortDay(end)}`
    : `${formatShortDay(start)} – ${formatShortDay(end)}`;
}
