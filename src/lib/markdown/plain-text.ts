/** A Markdown abstract as plain-text paragraphs: for feed items, the open data and watches. */
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { xmlSafe } from '../text/xml.ts';

const markdown = unified().use(remarkParse).use(remarkMath);

/** Blocks whose children are blocks: flattened, so each paragraph, heading or code block is one paragraph of text. */
const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem']);

/** TeX stays readable in plain text as `$…$`, and a hard line break is a space, not nothing. */
function asPlainText(node: Root | RootContent): Root | RootContent {
  if (node.type === 'inlineMath') return { type: 'text', value: `$${node.value}$` };
  if (node.type === 'math') return { type: 'text', value: `$$${node.value}$$` };
  if (node.type === 'break') return { type: 'text', value: '\n' };
  if ('children' in node) return { ...node, children: node.children.map(asPlainText) } as Root | RootContent;
  return node;
}

function paragraphs(node: Root | RootContent, out: string[]): string[] {
  if (CONTAINERS.has(node.type) && 'children' in node) {
    for (const child of node.children) paragraphs(child, out);
  } else {
    const text = toString(asPlainText(node)).replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}

/**
 * Markdown as plain-text paragraphs: parsed (so the escapes the ingest step wrote come out as the
 * characters they stand for) and flattened, TeX kept readable as `$…$`, link text as written,
 * characters XML cannot carry left out.
 */
export function plainParagraphs(text: string): string[] {
  return paragraphs(markdown.parse(text), []).map(xmlSafe);
}
