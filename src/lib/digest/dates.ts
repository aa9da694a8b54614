import { InputError } from './types.ts';

const DIGEST_NAME = /^(\d{4}-\d{2}-\d{2})\.(?:txt|json)$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NAMING_RULE = 'name digests YYYY-MM-DD.txt or YYYY-MM-DD.json';

/** True for a real calendar date written YYYY-MM-DD (so not 2026-02-30 or 2026-13-01). */
export function isRealIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The last path segment, for either separator, so messages and checks see the plain name. */
function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** The digest's date from its file name `YYYY-MM-DD.txt|json`; InputError for any other name. */
export function dateFromFileName(file: string): string {
  const name = baseName(file);
  const match = DIGEST_NAME.exec(name);
  if (!match) {
    const hasDate = /\d{4}-\d{2}-\d{2}/.test(name);
    throw new InputError(
      file,
      hasDate
        ? `file name "${name}" is not exactly a date plus .txt or .json; ${NAMING_RULE}`
        : `file name "${name}" has no date; ${NAMING_RULE}`,
    );
  }
  const date = match[1]!;
  if (!isRealIsoDate(date)) {
    throw new InputError(file, `file name "${name}": ${date} is not a real calendar date; fix the name`);
  }
  return date;
}

/** arXiv's first day: no digest of trending papers can be older. */
export const EARLIEST_DIGEST_DATE = '1991-08-14';

/**
 * The newest date a digest may carry when the clock says `now`: tomorrow in UTC, since a digest
 * is dated where it was sent, up to a day ahead of UTC.
 */
export function latestDigestDate(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Refuses a digest dated outside the range a digest may carry (EARLIEST_DIGEST_DATE to
 * tomorrow): a year typo (`2206-08-12`, `0001-01-01`, `9999-12-31`) would otherwise become a day
 * of the site, stretch every calendar of it over centuries, and weeks and months beyond what the
 * calendar code can name.
 */
export function checkDigestDate(file: string, date: string, now: Date): void {
  const latest = latestDigestDate(now);
  if (date >= EARLIEST_DIGEST_DATE && date <= latest) return;
  throw new InputError(
    file,
    `${date} is outside the dates a digest may carry, ${EARLIEST_DIGEST_DATE} (arXiv's first day) to ${latest} (tomorrow); fix the year in the file name`,
  );
}

function dateOrUndefined(file: string): string | undefined {
  try {
    return dateFromFileName(file);
  } catch {
    return undefined;
  }
}

/**
 * One InputError per date that more than one digest claims (e.g. `2026-08-05.txt` and
 * `2026-08-05.json`), naming all of them. Names without a valid date are skipped here:
 * `dateFromFileName` reports those.
 */
export function findDuplicateDates(files: readonly string[]): InputError[] {
  const filesByDate = new Map<string, string[]>();
  for (const file of files) {
    const date = dateOrUndefined(file);
    if (date !== undefined) filesByDate.set(date, [...(filesByDate.get(date) ?? []), file]);
  }
  return [...filesByDate]
    .filter(([, sameDay]) => sameDay.length > 1)
    .map(
      ([date, sameDay]) =>
        new InputError(
          sameDay[1]!,
          `${sameDay.length} digests for ${date}: ${sameDay.join(', ')}; keep one and remove the others`,
        ),
    );
}
