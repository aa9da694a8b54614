/**
 * TeX made plain: the one reading of TeX markup in titles and abstracts. Cards draw a title
 * plainly (`$\alpha$-VAE` → `α-VAE`, `U$^2$Mamba` → `U²Mamba`, `\textsc{CR-Seg}` → `CR-Seg`),
 * identity keys fold it, tokens skip its math, and slugs only drop its commands. What is math
 * is decided once (`mathSpans`), for these and for the pages' KaTeX, so `$60 GPUs` keeps its
 * dollar everywhere.
 */

/**
 * Math spans: `$$…$$`, `\(…\)` (on one line, bounded so that hostile text stays linear), or
 * `$…$` where it cannot be a price: no space just inside the dollars (Pandoc's rule), and a span
 * that opens with a digit must not close before one (`$5-$10`), while `256$\times$256` is math.
 */
const MATH_SPAN = /\$\$([^$\n]+?)\$\$|\$(?=\d)([^$\n]*?[^\s\\$])\$(?!\d)|\$(?![\s$\d])([^$\n]*?[^\s\\$])\$|\\\(([^\n]{1,500}?)\\\)/g;

/** A math span of a text: where it starts and ends (delimiters included), and its TeX. */
export interface MathSpan {
  start: number;
  end: number;
  tex: string;
}

/** The math spans of a text, in order: where the pages render math, cards convert it, tokens skip it. */
export function* mathSpans(text: string): Generator<MathSpan> {
  for (const match of text.matchAll(MATH_SPAN)) {
    yield { start: match.index, end: match.index + match[0].length, tex: (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim() };
  }
}

/** TeX's Greek letter commands and the letters they write (`\zeta` → `ζ`). */
const GREEK_LETTERS: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ',
  eta: 'η', theta: 'θ', vartheta: 'θ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν',
  xi: 'ξ', omicron: 'ο', pi: 'π', varpi: 'π', rho: 'ρ', varrho: 'ρ', sigma: 'σ', varsigma: 'ς',
  tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ',
  Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

/** `\alpha`, `\textbf`: a command's name is its letters. */
const COMMAND = /\\([A-Za-z]+)/g;

/** Text with each command (not its argument) replaced: the plainest reading of TeX. */
export function withoutTexCommands(text: string, replacement: string): string {
  return text.replace(COMMAND, replacement);
}

/** What a command reads as when a title is shown; a command not here loses its backslash. */
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

/** Longest braced group read as one: looking further for its end would make hostile text quadratic. */
const MAX_GROUP = 1000;

/** The argument of a script or command at `i`: a braced group, a `\command`, or one character. */
function readArgument(source: string, i: number): { text: string; end: number } {
  if (source[i] === '{') {
    let depth = 0;
    for (let j = i; j < Math.min(source.length, i + MAX_GROUP); j++) {
      if (source[j] === '{') depth++;
      else if (source[j] === '}' && --depth === 0) return { text: source.slice(i + 1, j), end: j + 1 };
    }
    // Never closed (or longer than any real group): the brace alone is dropped.
    return { text: '', end: i + 1 };
  }
  const command = /^\\([A-Za-z]+)/.exec(source.slice(i));
  if (command) return { text: command[0], end: i + command[0].length };
  const char = String.fromCodePoint(source.codePointAt(i) ?? 32);
  return { text: char, end: i + char.length };
}


/** Nested groups read as TeX; deeper ones stay as written. */
const MAX_DEPTH = 16;

/** TeX markup (inside or outside math) to plain text. */
function convert(source: string, math: boolean, depth = 0): string {
  // Groups nest in a real title a few levels deep; hostile text thousands (the stack's limit).
  if (depth > MAX_DEPTH) return source;
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
        out += script(convert(arg.text, math, depth + 1), command === 'textsuperscript' ? SUPERSCRIPTS : SUBSCRIPTS);
        i = arg.end;
      } else if (command === 'frac' || command === 'tfrac' || command === 'dfrac') {
        const numerator = readArgument(source, i);
        const denominator = readArgument(source, numerator.end);
        out += `${convert(numerator.text, math, depth + 1)}/${convert(denominator.text, math, depth + 1)}`;
        i = denominator.end;
      } else if (WRAPPERS.has(command)) {
        if (source[i] === '{') {
          const arg = readArgument(source, i);
          out += convert(arg.text, math, depth + 1);
          i = arg.end;
        }
      } else if (command === 'begin' || command === 'end') {
        // An environment's delimiters (`\begin{equation}`) show nothing, not even its name.
        if (source[i] === '{') i = readArgument(source, i).end;
      } else if (command === 'left' || command === 'right' || command === 'big' || command === 'Big') {
        // Sizing only: the delimiter that follows stays.
      } else {
        out += SYMBOLS[command] ?? command;
      }
      continue;
    }
    if (math && (c === '^' || c === '_')) {
      const arg = readArgument(source, i + 1);
      out += script(convert(arg.text, math, depth + 1), c === '^' ? SUPERSCRIPTS : SUBSCRIPTS);
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
 * Text with its TeX made plain: math spans converted (or replaced by `mathAs`), text-mode
 * commands unwrapped. Text without TeX comes back unchanged.
 */
function plain(text: string, mathAs?: string): string {
  // Most abstracts have no TeX at all: they pass untouched, without a scan for spans.
  if (!/[$\\^]/.test(text)) return text;
  let out = '';
  let i = 0;
  for (const span of mathSpans(text)) {
    out += textMode(text.slice(i, span.start));
    out += mathAs ?? convert(span.tex, true);
    i = span.end;
  }
  return out + textMode(text.slice(i));
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

/** A title as it reads: TeX made plain, whitespace collapsed (a no-break space stays: it is meant). */
export function plainTitle(title: string): string {
  return plain(title).replace(/[^\S\u00a0]+/g, ' ').trim();
}

/**
 * The text of an identity key: commands become their Greek letter or nothing, and a backslash
 * takes the character after it (`\"o` → `o`); braces, `$`, `^` and `_` are left for the key's
 * punctuation folding, after which `$\pi_0$` and `π0` read the same. The rule is frozen: the
 * archive's stored keys were made with it, and a paper that trends again must find its entry.
 */
export function keyText(text: string): string {
  return text.replace(COMMAND, (_command, name: string) => GREEK_LETTERS[name] ?? '').replace(/\\[^A-Za-z]/g, '');
}

/** Text as it reads with each math span replaced by `mathAs` (tokens take no words from maths). */
export function textOutsideMath(text: string, mathAs: string): string {
  return plain(text, mathAs);
}
