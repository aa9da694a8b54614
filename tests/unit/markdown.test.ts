import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { abstractToMarkdown } from '../../src/lib/markdown/abstract.ts';
import { excerpt } from '../../src/lib/markdown/excerpt.ts';
import { rehypeCodeLinks } from '../../src/lib/markdown/rehype-code-links.ts';

/** Renders the Markdown the way the site does (remark-math, raw HTML allowed), to prove the text comes out as text. */
async function render(markdown: string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeCodeLinks)
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process(markdown);
  return String(file);
}

describe('abstractToMarkdown', () => {
  it('keeps hostile text as text through a real Markdown render', async () => {
    const hostile = 'See <script>alert(1)</script> and <img src=x onerror=alert(2)> [x](javascript:alert(3)) ]]> & AT&amp;T *not bold* # not a heading';
    const html = await render(abstractToMarkdown(hostile));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).not.toContain('<em>');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(html).toContain('AT&#x26;amp;T');
  });

  it('links bare http(s) URLs only, without trailing punctuation', async () => {
    const html = await render(abstractToMarkdown('Code at https://github.com/org/repo_name. Data: (https://example.org/data). Not ftp://x.org or www.example.com or data:text/html,hi.'));
    expect(html).toContain('<a href="https://github.com/org/repo_name" class="code-link">');
    expect(html).toContain('<a href="https://example.org/data">');
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it('keeps $…$ TeX as math and leaves prices alone', async () => {
    const html = await render(abstractToMarkdown('Loss $\\mathcal{L}_{\\text{KL}}$ costs $5 and $10 per run.'));
    expect(html).toContain('<code class="language-math math-inline">\\mathcal{L}_{\\text{KL}}</code>');
    expect(html).toContain('costs $5 and $10 per run');
  });

  it('is stable: formatting the same abstract twice gives the same bytes', () => {
    const text = 'A\r\n\r\nB  with   spaces\u0007 and https://x.org/a_b';
    expect(abstractToMarkdown(text)).toBe(abstractToMarkdown(text));
    expect(abstractToMarkdown(text).split('\n\n')).toHaveLength(2);
  });
});

describe('excerpt', () => {
  it('cuts at a word boundary with an ellipsis, and leaves short text alone', () => {
    expect(excerpt('short text')).toBe('short text');
    const long = 'word '.repeat(100);
    const cut = excerpt(long, 50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
  });
});
