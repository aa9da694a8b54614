import katex from 'katex';
import type { KatexOptions } from 'katex';
import { escapeXml } from '../text/xml.ts';

const OPTIONS: KatexOptions = { output: 'mathml', throwOnError: true, strict: 'ignore', trust: false };

/**
 * TeX to MathML: browsers render it natively, so pages need no stylesheet, font or script.
 * TeX that KaTeX cannot parse is shown as the author wrote it, styled as math source: not
 * KaTeX's red error text, whose inline `style` the site's CSP forbids. Ingest warns about it
 * (src/lib/digest/checks.ts), with the same options, so the warning and the page agree.
 */
export function texToMathml(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { ...OPTIONS, displayMode });
  } catch {
    return `<code class="math-source">${escapeXml(tex)}</code>`;
  }
}

/** Why KaTeX cannot render this TeX (its message, without the echo of the source), or undefined. */
export function texError(tex: string): string | undefined {
  try {
    katex.renderToString(tex, OPTIONS);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^KaTeX parse error: /, '').replace(/ at position \d+:[\s\S]*$/, '');
  }
}
