import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { abstractToMarkdown } from '../../src/lib/markdown/abstract.ts';
import { excerpt } from '../../src/lib/markdown/excerpt.ts';
import { plainParagraphs } from '../../src/lib/markdown/plain-text.ts';
import { daybookHastPlugin } from '../../src/lib/markdown/satteri-plugin.ts';
import { readableText } from '../../src/lib/text/tex.ts';

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
    // Markdown's emphasis is read (digests use it), and nothing else of Markdown or HTML.
    expect(html.match(/<[a-z]+/g)).toEqual(['<p', '<em']);
    expect(html).toContain('<em>not bold</em>');
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

describe('TeX and Markdown outside math, as a reader sees them (issue 27)', () => {
  it('reads escapes, text commands, unknown macros, quotes and dashes from bundled abstracts', () => {
    const cases: [string, string][] = [
      ['consistency accuracy from 77.50\\% to 82.19\\%.', 'consistency accuracy from 77.50% to 82.19%.'],
      ['We introduce \\ours{}, a benchmark with tab-and-blank pieces', 'We introduce, a benchmark with tab-and-blank pieces'],
      ['\\name outperforms baselines and \\method{JigShape} wins', 'outperforms baselines and JigShape wins'],
      ["approaches are inherently ``on-policy'', so a `home run' is rare", 'approaches are inherently “on-policy”, so a ‘home run’ is rare'],
      ['a streamlined network, AnyTalk\\_{RT}, thereby', 'a streamlined network, AnyTalk_RT, thereby'],
      // The bundled digest's own form: a subscript that lost its dollars.
      ['a streamlined network, AnyTalk_{RT}, thereby', 'a streamlined network, AnyTalk_RT, thereby'],
      ['the loss L_{2} and snake_case', 'the loss L₂ and snake_case'],
      ['37B activated per token---more than pages 10--20', '37B activated per token—more than pages 10–20'],
      ['Schr\\"odinger, Erd\\H{o}s and Fran\\c{c}ois \\cite{x}.', 'Schrödinger, Erdős and François.'],
      ['We propose to use *LMs themselves* and **ToolHazard**, not A* search or snake_case', 'We propose to use LMs themselves and ToolHazard, not A* search or snake_case'],
    ];
    for (const [source, read] of cases) expect(readableText(source, 'tex')).toBe(read);
    // Math is kept as written for the page's MathML, or made plain for lists and cards.
    expect(readableText('At \\textbf{$x^2$} costs $5', 'tex')).toBe('At $x^2$ costs $5');
    expect(readableText('At \\textbf{$x^2$} costs $5', 'plain')).toBe('At x² costs $5');
  });

  it('renders bold and italic from TeX and Markdown on the page, and nothing else', () => {
    const html = render(abstractToMarkdown('We ask \\textbf{When do \\emph{skills} help?} and use *LMs themselves* at 27.3\\% with $x^2$, the optimal.'));
    expect(html).toContain('<strong>When do <em>skills</em> help?</strong>');
    expect(html).toContain('use <em>LMs themselves</em> at 27.3% with');
    expect(html).not.toMatch(/\\%|\\textbf|\\emph|\*/);
  });

  it('keeps the punctuation after inline math with it, so no line starts with a comma', () => {
    const html = render(abstractToMarkdown('At $x^2$, the optimal $y$). Then $z$ and more.'));
    expect(html).toMatch(/<span class="nowrap"><span class="katex"><math[^]*?<\/math><\/span>,<\/span> the optimal/);
    expect(html).toMatch(/<\/math><\/span>\)\.<\/span> Then/);
    expect(html).toMatch(/<\/math><\/span> and more/);
  });
});

describe('plainParagraphs', () => {
  it('gives each paragraph, list item and quoted block as one line of plain text', () => {
    const body = 'We study *sparse* models\nof [attention](https://arxiv.org/abs/1706.03762).\n\n- first item\n- second item\n\n> A quoted  remark.';
    expect(plainParagraphs(body)).toEqual(['We study sparse models of attention.', 'first item', 'second item', 'A quoted remark.']);
  });

  it('keeps TeX readable and turns the escapes ingest writes back into their characters', () => {
    expect(plainParagraphs('A bound of $O(n^2)$ for \\<script\\> and a \\* b.\\\nNext line.\n\n$$\nE = mc^2\n$$')).toEqual(['A bound of $O(n^2)$ for <script> and a * b. Next line.', '$$E = mc^2$$']);
  });

  it('leaves out characters XML cannot carry', () => {
    expect(plainParagraphs('bell\u0007 here')).toEqual(['bell here']);
  });
});
