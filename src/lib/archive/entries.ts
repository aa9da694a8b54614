import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { dayEntry, manualOverrides, paperFrontmatter } from '../schema.ts';
import type { DayEntry, ManualOverrides, PaperFrontmatter } from '../schema.ts';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/**
 * The text of `content/papers/<slug>.md`: validated frontmatter with a fixed key
 * order (so re-ingest rewrites no byte), then the abstract as Markdown.
 */
export function formatPaperEntry(frontmatter: PaperFrontmatter, body: string): string {
  const data = paperFrontmatter.parse(frontmatter);
  const yaml = stringifyYaml(dropEmpty(data), { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return `---\n${yaml}---\n\n${body.trimEnd()}\n`;
}

/** The text of `content/days/<date>.json`. */
export function formatDayEntry(day: DayEntry): string {
  return `${JSON.stringify(dayEntry.parse(day), null, 2)}\n`;
}

/**
 * The maintainer's `manual:` block of an existing entry, if any. `file` names the
 * entry in the message when the block is malformed, so a typo stops the run
 * instead of being silently dropped.
 */
export function readManualOverrides(entryText: string, file: string): ManualOverrides | undefined {
  // Most entries have no manual block: skip parsing their YAML.
  if (!/^manual:/m.test(entryText)) return undefined;
  const match = FRONTMATTER.exec(entryText);
  if (!match?.[1]) return undefined;
  let data: unknown;
  try {
    data = parseYaml(match[1]);
  } catch (error) {
    throw new Error(`${file}: the frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const manual = (data as { manual?: unknown } | null)?.manual;
  if (manual === undefined || manual === null) return undefined;
  const result = manualOverrides.safeParse(manual);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: manual.${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is malformed'}`);
  }
  return result.data;
}

/** Leaves out empty lists and absent values so entries stay short and stable. */
function dropEmpty(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(([key, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0 && key !== 'days')),
  );
}
