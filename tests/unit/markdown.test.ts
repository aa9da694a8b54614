import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { abstractToMarkdown } from '../../src/lib/markdown/abstract.ts';
import { excerpt } from '../../src/lib/markdown/excerpt.ts';
import { daybookHastPlugin } from '../../src/lib/markdown/satteri-plugin.ts';

/** Renders Markdown exactly as the site is configured to (astro.config.mjs), to prove text comes out as text. */
function render(markdown: string): string {
  return markdownToHtml(markdown, { features: { gfm: false, math: { singleDollarTextMath: true }, smartPunctuation: false }, hastPlugins: [daybookHastPlugin] }).html;
}

describe('abstractToMarkdown', () => {
  it('keeps hostile text as text through a real Markdown render', () => {
    const hostile = 'See <script>alert(1)</script> and <img src=x onerror=alert(2)> [x](javascript:alert(3)) ]]> & AT&amp;T *not bold* # not a heading';
    const html = render(abstractToMarkdown(hostile));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).not.toContain('<em>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('AT&amp;amp;T');
  });

  it('links bare http(s) URLs only, without trailing punctuation', () => {
    const html = render(abstractToMarkdown('Code at https://github.com/org/repo_name. Data: (https://example.org/data). Not ftp://x.org or www.example.com or data:text/html,hi.'));
    expect(html).toMatch(/<a href="https:\/\/github\.com\/org\/repo_name" rel="noopener noreferrer nofollow ugc" class="code-link">/);
    expect(html).toContain('<a href="https://example.org/data" rel="noopener noreferrer nofollow ugc">');
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it('renders $…$ TeX to MathML at build time and leaves prices alone', () => {
    const html = render(abstractToMarkdown('Loss $\\mathcal{L}_{\\text{KL}}$ costs $5 and $10 per run.'));
    expect(html).toMatch(/<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">.*<mi mathvariant="script">L<\/mi>/);
    expect(html).toContain('<annotation encoding="application/x-tex">\\mathcal{L}_{\\text{KL}}</annotation>');
    expect(html).toContain('costs $5 and $10 per run');
  });

  it('renders a product written against its digits as math, and the sentence after it as text', () => {
    // A corpus abstract: Pandoc's rule alone (no digit after a closing `$`) makes math of the prose.
    const html = render(abstractToMarkdown('Experiments on ImageNet 256$\\times$256 demonstrate the effectiveness of top-$k$ routing; it costs $5-$10.'));
    expect(html.match(/<math /g)).toHaveLength(2);
    expect(html).toContain('256 demonstrate the effectiveness of top-');
    expect(html).toContain('it costs $5-$10.');
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
