import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { dayEntry, manualOverrides, paperFrontmatter } from '../schema.ts';
import type { DayEntry, ManualOverrides, PaperFrontmatter } from '../schema.ts';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;
const YAML_OPTIONS = { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' } as const;
/** Frontmatter keys in the order entries write them. */
const KEY_ORDER = Object.keys(paperFrontmatter.shape);

/**
 * The text of `content/papers/<slug>.md`: validated frontmatter with a fixed key
 * order (so re-ingest rewrites no byte), then the abstract as Markdown.
 */
export function formatPaperEntry(frontmatter: PaperFrontmatter, body: string): string {
  const data = paperFrontmatter.parse(frontmatter);
  const yaml = stringifyYaml(dropEmpty(data), YAML_OPTIONS);
  return `---\n${yaml}---\n\n${body.trimEnd()}\n`;
}

/**
 * A generated paper entry with another `related` list, every other byte as it was: what
 * `formatPaperEntry` gives for the same frontmatter with that list. A day's new papers change
 * the related lists of old papers that nothing else changed; their entries are rewritten this
 * way, without reading their YAML. Undefined when `text` is not shaped as `formatPaperEntry`
 * writes entries (then the caller must build the entry in full).
 */
export function withRelated(text: string, related: readonly string[]): string | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return undefined;
  const lines = text.slice(4, end + 1).split('\n');
  lines.pop();
  // Top-level keys start at column 0; their values' lines are indented.
  const keyOf = (line: string) => /^([A-Za-z]\w*):/.exec(line)?.[1];
  const blocks: { key: string; lines: string[] }[] = [];
  for (const line of lines) {
    const key = keyOf(line);
    if (key !== undefined) blocks.push({ key, lines: [line] });
    else if (blocks.length > 0 && line.startsWith(' ')) blocks[blocks.length - 1]!.lines.push(line);
    else return undefined;
  }
  const order = (key: string) => KEY_ORDER.indexOf(key);
  if (blocks.some((b) => order(b.key) < 0)) return undefined;
  const kept = blocks.filter((b) => b.key !== 'related');
  if (related.length > 0) {
    const block = { key: 'related', lines: stringifyYaml({ related }, YAML_OPTIONS).trimEnd().split('\n') };
    const at = kept.findIndex((b) => order(b.key) > order('related'));
    kept.splice(at < 0 ? kept.length : at, 0, block);
  }
  return `---\n${kept.flatMap((b) => b.lines).join('\n')}\n${text.slice(end + 1)}`;
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

/** The body of an entry's text: what follows its frontmatter (the abstract, for a paper). */
export function entryBody(entryText: string): string {
  const match = FRONTMATTER.exec(entryText);
  return match ? entryText.slice(match[0].length) : entryText;
}

/** The frontmatter of a paper entry's text, validated; undefined when it is not a valid entry. */
export function readPaperFrontmatter(entryText: string): PaperFrontmatter | undefined {
  const match = FRONTMATTER.exec(entryText);
  if (!match?.[1]) return undefined;
  try {
    const result = paperFrontmatter.safeParse(parseYaml(match[1]));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Leaves out empty lists and absent values so entries stay short and stable. */
function dropEmpty(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(([key, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0 && key !== 'days')),
  );
}
