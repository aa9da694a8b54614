/**
 * TeX in titles, shown plainly (social cards): `$\alpha$-VAE` → `α-VAE`, `U$^2$Mamba` → `U²Mamba`,
 * `\textsc{CR-Seg}` → `CR-Seg`. Only `$…$` spans that look like math (Pandoc's rule: no space
 * inside the delimiters, the closing `$` not followed by a digit) are math, so `$60 GPUs`
 * keeps its dollar. Commands without a plain form lose their backslash.
 */

import { GREEK_LETTERS } from './greek.ts';

const SYMBOLS: Readonly<Record<string, string>> = {
  ...GREEK_LETTERS,
  ell: 'ℓ', times: '×', cdot: '·', cdots: '…', ldots: '…', dots: '…', infty: '∞',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '~', pm: '±', mp: '∓',
  to: '→', rightarrow: '→', leftarrow: '←', leftrightarrow: '↔', Rightarrow: '⇒', mapsto: '↦',
  partial: '∂', sum: '∑', prod: '∏', sqrt: '√', circ: '°', degree: '°', prime: '′',
  in: ' in ', notin: ' not in ', star: '*', ast: '*', mid: '|', vert: '|', lvert: '|', rvert: '|',
  langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉',
  log: 'log', exp: 'exp', max: 'max', min: 'min', sin: 'sin', cos: 'cos',
  // Spacing commands.
  quad: ' ', qquad: ' ', space: ' ',
};

/** Commands whose braced argument is shown as is (the command itself vanishes). */
const WRAPPERS = new Set([
  'text', 'textrm', 'textsf', 'texttt', 'textbf', 'textit', 'textsc', 'textnormal', 'emph', 'underline',
  'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'mathfrak', 'mathscr', 'boldsymbol', 'bm',
  'operatorname', 'mbox', 'hbox', 'overline', 'widetilde', 'widehat', 'tilde', 'hat', 'bar', 'vec', 'dot',
]);

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', '°': '°', '*': '*', '′': '′',
};
const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ',
};

/** `^{12}` → `¹²` when every character has a superscript form; else the plain characters. */
function script(body: string, table: Readonly<Record<string, string>>): string {
  const chars = [...body];
  return chars.every((c) => table[c] !== undefined) ? chars.map((c) => table[c]).join('') : body;
}

/** The argument of a script or command at `i`: a braced group, a `\command`, or one character. */
function readArgument(source: string, i: number): { text: string; end: number } {
  if (source[i] === '{') {
    let depth = 0;
    for (let j = i; j < source.length; j++) {
      if (source[j] === '{') depth++;
      else if (source[j] === '}' && --depth === 0) return { text: source.slice(i + 1, j), end: j + 1 };
    }
    return { text: source.slice(i + 1), end: source.length };
  }
  const command = /^\\([A-Za-z]+)/.exec(source.slice(i));
  if (command) return { text: command[0], end: i + command[0].length };
  const char = String.fromCodePoint(source.codePointAt(i) ?? 32);
  return { text: char, end: i + char.length };
}

/** TeX markup (inside or outside math) to plain text. */
function convert(source: string, math: boolean): string {
  // Plain text stays exactly as written: braces and tildes are only markup next to commands.
  if (!math && !source.includes('\\')) return source;
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const name = /^\\([A-Za-z]+)\*?/.exec(source.slice(i));
      if (!name) {
        // `\,` `\;` `\ ` are spaces; `\&` `\%` `\$` `\_` `\{` are the character itself.
        const next = source[i + 1] ?? '';
        out += /[,;: !>]/.test(next) ? ' ' : next === '\\' ? ' ' : next;
        i += 2;
        continue;
      }
      const command = name[1] as string;
      i += name[0].length;
      if (command === 'textsuperscript' || command === 'textsubscript') {
        const arg = readArgument(source, i);
        out += script(convert(arg.text, math), command === 'textsuperscript' ? SUPERSCRIPTS : SUBSCRIPTS);
        i = arg.end;
      } else if (command === 'frac' || command === 'tfrac' || command === 'dfrac') {
        const numerator = readArgument(source, i);
        const denominator = readArgument(source, numerator.end);
        out += `${convert(numerator.text, math)}/${convert(denominator.text, math)}`;
        i = denominator.end;
      } else if (WRAPPERS.has(command)) {
        if (source[i] === '{') {
          const arg = readArgument(source, i);
          out += convert(arg.text, math);
          i = arg.end;
        }
      } else if (command === 'left' || command === 'right' || command === 'big' || command === 'Big') {
        // Sizing only: the delimiter that follows stays.
      } else {
        out += SYMBOLS[command] ?? command;
      }
      continue;
    }
    if (math && (c === '^' || c === '_')) {
      const arg = readArgument(source, i + 1);
      out += script(convert(arg.text, math), c === '^' ? SUPERSCRIPTS : SUBSCRIPTS);
      i = arg.end;
      continue;
    }
    if (c === '{' || c === '}') {
      i++;
      continue;
    }
    if (math && c === '~') {
      out += ' ';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * A title as plain text: math spans converted, text-mode commands unwrapped, whitespace
 * collapsed. Text without TeX comes back unchanged (apart from whitespace).
 */
export function plainTitle(title: string): string {
  let out = '';
  let i = 0;
  // `$…$` (or `$$…$$`) is math when it opens before a non-space and closes after a non-space,
  // not followed by a digit; `\(…\)` always is.
  const mathSpan = /\$\$([^$]+?)\$\$|\$(?!\s)((?:\\\$|[^$])+?)(?<!\s)\$(?!\d)|\\\((.+?)\\\)/gs;
  for (const match of title.matchAll(mathSpan)) {
    out += textMode(title.slice(i, match.index));
    out += convert(match[1] ?? match[2] ?? match[3] ?? '', true);
    i = match.index + match[0].length;
  }
  out += textMode(title.slice(i));
  // A no-break space stays: it is meant.
  return out.replace(/[^\S\u00a0]+/g, ' ').trim();
}

/**
 * Text outside math. Digests often lose the `$` of `$A^2$` and keep `A^2Nav`: a caret right
 * after a letter or digit, before digits or a braced group, is still a superscript.
 */
function textMode(text: string): string {
  return convert(text, false).replace(/(?<=[\p{L}\p{N})])\^(\d+|\{[^{}]*\})/gu, (whole, arg: string) => {
    const body = arg.startsWith('{') ? arg.slice(1, -1) : arg;
    const raised = script(body, SUPERSCRIPTS);
    return raised === body ? whole : raised;
  });
}
