import { LinkifyIt } from 'linkify-it';
import type { Link, Paragraph, PhrasingContent, Root, Text } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import remarkMath from 'remark-math';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { mathSpans } from '../text/tex.ts';

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

/** One paragraph of abstract text as mdast: text, links, and TeX left as TeX. */
function paragraphNodes(paragraph: string): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  let at = 0;
  for (const span of mathSpans(paragraph)) {
    nodes.push(...linkifyText(paragraph.slice(at, span.start)));
    nodes.push({ type: 'inlineMath', value: span.tex } satisfies InlineMath);
    at = span.end;
  }
  nodes.push(...linkifyText(paragraph.slice(at)));
  return nodes;
}

/**
 * The Markdown body of a paper entry: the abstract as literal text (anything that
 * looks like Markdown or HTML is escaped by remark), bare http(s) URLs as links,
 * `$…$` kept as math for KaTeX at build time.
 */
export function abstractToMarkdown(abstract: string): string {
  const paragraphs = normalizeAbstractText(abstract).split('\n\n').filter(Boolean);
  const tree: Root = {
    type: 'root',
    children: paragraphs.map((p): Paragraph => ({ type: 'paragraph', children: paragraphNodes(p) })),
  };
  return stringifier.stringify(tree);
}
