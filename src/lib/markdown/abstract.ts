import { LinkifyIt } from 'linkify-it';
import type { Emphasis, Link, Paragraph, PhrasingContent, Root, Strong, Text } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import remarkMath from 'remark-math';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { TextRun } from '../text/tex.ts';
import { mathSpans, readableRuns } from '../text/tex.ts';

// Only explicit http(s) URLs become links: no `www.` guesses, no e-mail, no other schemes.
const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false }).add('ftp:', null).add('mailto:', null).add('//', null);

const stringifier = unified()
  .use(remarkMath)
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', rule: '-' });

/** The TeX of each math span of a paragraph-flattened abstract, as the page will render it. */
export function texSpans(abstract: string): string[] {
  return [...mathSpans(normalizeAbstractText(abstract))].map((span) => span.tex);
}

/** Folds the oddities of scraped text: NFC, control characters, runs of white space. */
export function normalizeAbstractText(text: string): string {
  return (
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '')
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n\n')
  );
}

/** Splits a run of plain text into text and http(s) link nodes. */
function linkifyText(text: string): PhrasingContent[] {
  const matches = linkify.match(text) ?? [];
  const nodes: PhrasingContent[] = [];
  let at = 0;
  for (const match of matches) {
    if (!/^https?:$/i.test(match.schema)) continue;
    if (match.index > at) nodes.push({ type: 'text', value: text.slice(at, match.index) } satisfies Text);
    nodes.push({
      type: 'link',
      url: match.url,
      children: [{ type: 'text', value: match.raw }],
    } satisfies Link);
    at = match.lastIndex;
  }
  if (at < text.length) nodes.push({ type: 'text', value: text.slice(at) });
  return nodes;
}

const isStyled = (run: TextRun, style: 'strong' | 'emphasis') => !('math' in run) && run[style];

/** Runs as mdast, consecutive bold runs in one `strong` and, inside, italic ones in one `emphasis`. */
function styledNodes(runs: TextRun[], style: 'strong' | 'emphasis' | undefined): PhrasingContent[] {
  if (style === undefined) return runs.flatMap((run) => ('math' in run ? [{ type: 'inlineMath', value: run.math } satisfies InlineMath] : linkifyText(run.text)));
  const inner = style === 'strong' ? 'emphasis' : undefined;
  const nodes: PhrasingContent[] = [];
  for (let i = 0; i < runs.length; ) {
    const on = isStyled(runs[i] as TextRun, style);
    let j = i + 1;
    while (j < runs.length && isStyled(runs[j] as TextRun, style) === on) j++;
    const children = styledNodes(runs.slice(i, j), inner);
    if (on) nodes.push({ type: style, children } as Strong | Emphasis);
    else nodes.push(...children);
    i = j;
  }
  return nodes;
}

/** One paragraph of abstract text as mdast: text as it reads (src/lib/text/tex.ts), bold and italic, links, and math left as TeX. */
function paragraphNodes(paragraph: string): PhrasingContent[] {
  return styledNodes(readableRuns(paragraph), 'strong');
}

/**
 * The Markdown body of a paper entry: the abstract as literal text (anything that
 * looks like Markdown or HTML is escaped by remark) but for its TeX and Markdown emphasis,
 * which are read (`\textbf{x}`, `*x*`), bare http(s) URLs as links, `$…$` kept as math for
 * KaTeX at build time.
 */
export function abstractToMarkdown(abstract: string): string {
  const paragraphs = normalizeAbstractText(abstract).split('\n\n').filter(Boolean);
  const tree: Root = {
    type: 'root',
    children: paragraphs.map((p): Paragraph => ({ type: 'paragraph', children: paragraphNodes(p) })),
  };
  return stringifier.stringify(tree);
}
