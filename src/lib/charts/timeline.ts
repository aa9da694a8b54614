/** One bar of a timeline: a month and how many papers fell in it. */
export interface MonthCount {
  /** `YYYY-MM`. */
  month: string;
  count: number;
}

/** Counts dates (`YYYY-MM-DD`) per month over `months`, keeping empty months as zero. */
export function countByMonth(dates: Iterable<string>, months: readonly string[]): MonthCount[] {
  const counts = new Map(months.map((m) => [m, 0]));
  for (const date of dates) {
    const month = date.slice(0, 7);
    const n = counts.get(month);
    if (n !== undefined) counts.set(month, n + 1);
  }
  return months.map((month) => ({ month, count: counts.get(month) ?? 0 }));
}

export interface Bar extends MonthCount {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Bar geometry for an SVG of `width`×`height`: bars share the width, heights scale
 * to the largest count; a non-zero month always shows at least a sliver.
 */
export function layoutBars(counts: readonly MonthCount[], width: number, height: number, gap = 1): Bar[] {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const slot = width / Math.max(1, counts.length);
  const barWidth = Math.max(1, slot - gap);
  return counts.map((c, i) => {
    const h = c.count === 0 ? 0 : Math.max(1.5, (c.count / max) * height);
    return { ...c, x: round(i * slot), y: round(height - h), width: round(barWidth), height: round(h) };
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
