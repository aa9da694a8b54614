/**
 * TeX made plain: the one reading of TeX markup in titles and abstracts. Cards draw a title
 * plainly (`$\alpha$-VAE` → `α-VAE`, `U$^2$Mamba` → `U²Mamba`, `\textsc{CR-Seg}` → `CR-Seg`),
 * readers see text without its markup (`27.3\%` → `27.3%`, ``` ``run'' ``` → `“run”`,
 * `\textbf{x}` and Markdown's `**x**` → bold `x`, an unknown `\ours{}` → nothing), identity keys
 * fold it, tokens skip its math, and slugs only drop its commands. What is math is decided once
 * (`mathSpans`), for these and for the pages' KaTeX, so `$60 GPUs` keeps its dollar everywhere.
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
  'text', 'textrm', 'textsf', 'texttt', 'textsc', 'textnormal', 'textup', 'textmd', 'underline', 'url', 'mbox', 'hbox',
  'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'mathfrak', 'mathscr', 'boldsymbol', 'bm',
  'operatorname', 'overline', 'widetilde', 'widehat', 'tilde', 'hat', 'bar', 'vec', 'dot',
]);

/** Text commands a reader sees as bold or italic (in math, and in plain text, only their argument). */
const STYLES: Readonly<Record<string, 'strong' | 'emphasis'>> = { textbf: 'strong', bf: 'strong', textit: 'emphasis', emph: 'emphasis', textsl: 'emphasis', it: 'emphasis' };

/** Commands of running text that stand for a character (`\LaTeX`, `\textendash`, `\ss`). */
const TEXT_SYMBOLS: Readonly<Record<string, string>> = {
  LaTeX: 'LaTeX', TeX: 'TeX', textendash: '–', textemdash: '—', textasciitilde: '~', textbackslash: '\\', textbar: '|',
  textless: '<', textgreater: '>', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”',
  textregistered: '®', texttrademark: '™', copyright: '©', textdegree: '°', textmu: 'µ', S: '§', P: '¶', dag: '†',
  checkmark: '✓', ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı',
  textellipsis: '…', slash: '/', newline: ' ', par: ' ', noindent: '', centering: '', xspace: '',
};

/** Text commands that take their argument with them: a reference or a note is nothing to read here. */
const DROPPED = new Set(['cite', 'citep', 'citet', 'citealp', 'ref', 'eqref', 'autoref', 'cref', 'Cref', 'label', 'footnote', 'footnotemark', 'vspace', 'hspace', 'thanks']);

/** Accents written as a backslash and a character (`\'e`, `\"o`, `\c{c}`): the combining mark each adds. */
const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a',
};

/**
 * Where text is bold or italic, convert marks it with private-use characters, read back as runs
 * (`readableRuns`) or dropped (`plain`). Input never keeps them: `marksRemoved` runs first.
 */
const MARK = { strong: ['\ue000', '\ue001'], emphasis: ['\ue002', '\ue003'] } as const;
/** Where a command was dropped: the space or punctuation around it is tidied afterwards. */
const DROP = '\ue004';
/** Where a math span stands while text is split into runs (`readableRuns`). */
const MATH_MARK = '\ue005';
const ANY_MARK = /[\ue000-\ue005]/g;

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

/** A letter with a TeX accent (`e`, `'` → `é`); a dotless i takes the accent as an i. */
function accented(letter: string, accent: string): string {
  return `${letter === 'ı' ? 'i' : letter}${ACCENTS[accent] ?? ''}`.normalize('NFC');
}

/** TeX markup (inside or outside math) to plain text; outside math, bold and italic are marked (MARK). */
function convert(source: string, math: boolean, depth = 0): string {
  // Groups nest in a real title a few levels deep; hostile text thousands (the stack's limit).
  if (depth > MAX_DEPTH) return source;
  // Plain text stays exactly as written: braces and tildes are only markup next to commands.
  if (!math && !source.includes('\\')) return source;
  const group = (at: number) => {
    const arg = readArgument(source, at);
    return { text: convert(arg.text, math, depth + 1), end: arg.end };
  };
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const name = /^\\([A-Za-z]+)\*?/.exec(source.slice(i));
      const next = source[i + 1] ?? '';
      if (!name) {
        if (!math && ACCENTS[next] !== undefined && /[A-Za-z{]/.test(source[i + 2] ?? '')) {
          // `\'e`, `\"{o}`: the letter and its accent, composed.
          const arg = group(i + 2);
          out += accented(arg.text, next);
          i = arg.end;
          continue;
        }
        // `\,` `\;` `\ ` are spaces; `\&` `\%` `\$` `\_` `\{` are the character itself.
        out += /[,;: !>]/.test(next) ? ' ' : next === '\\' ? ' ' : next;
        i += 2;
        continue;
      }
      const command = name[1] as string;
      i += name[0].length;
      if (!math && command.length === 1 && ACCENTS[command] !== undefined && source[i] === '{') {
        // `\c{c}`, `\v{s}`.
        const arg = group(i);
        out += accented(arg.text, command);
        i = arg.end;
      } else if (command === 'textsuperscript' || command === 'textsubscript') {
        const arg = group(i);
        out += script(arg.text, command === 'textsuperscript' ? SUPERSCRIPTS : SUBSCRIPTS);
        i = arg.end;
      } else if (command === 'frac' || command === 'tfrac' || command === 'dfrac') {
        const numerator = group(i);
        const denominator = group(numerator.end);
        out += `${numerator.text}/${denominator.text}`;
        i = denominator.end;
      } else if (WRAPPERS.has(command) || STYLES[command] !== undefined) {
        if (source[i] === '{') {
          const arg = group(i);
          const style = math ? undefined : STYLES[command];
          out += style ? `${MARK[style][0]}${arg.text}${MARK[style][1]}` : arg.text;
          i = arg.end;
        }
      } else if (command === 'begin' || command === 'end') {
        // An environment's delimiters (`\begin{equation}`) show nothing, not even its name.
        if (source[i] === '{') i = readArgument(source, i).end;
      } else if (command === 'left' || command === 'right' || command === 'big' || command === 'Big') {
        // Sizing only: the delimiter that follows stays.
      } else if (math) {
        out += SYMBOLS[command] ?? command;
      } else if (command === 'href') {
        // `\href{url}{text}`: the text.
        const text = group(readArgument(source, i).end);
        out += text.text;
        i = text.end;
      } else if (SYMBOLS[command] !== undefined || TEXT_SYMBOLS[command] !== undefined) {
        out += TEXT_SYMBOLS[command] ?? SYMBOLS[command];
        // `\LaTeX{}`: the empty group only ends the name.
        if (source.startsWith('{}', i)) i += 2;
      } else if (DROPPED.has(command)) {
        if (source[i] === '{') i = readArgument(source, i).end;
        out += DROP;
      } else if (source[i] === '{' && source[i + 1] !== '}') {
        // An author's own macro with an argument (`\method{X}`): its argument is what it names.
        const arg = group(i);
        out += arg.text;
        i = arg.end;
      } else {
        // An author's own macro without one (`\ours{}`, `\name`): what it stands for is unknown.
        if (source.startsWith('{}', i)) i += 2;
        out += DROP;
      }
      continue;
    }
    if (math && (c === '^' || c === '_')) {
      const arg = group(i + 1);
      out += script(arg.text, c === '^' ? SUPERSCRIPTS : SUBSCRIPTS);
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

/** TeX's quotes (``` `` ``` and `''`, `` ` `` and `'` around a word or a few) and dashes (`---`, `--`) as typographic ones. */
function typographicQuotes(text: string): string {
  if (!text.includes('`') && !text.includes("''") && !text.includes('--')) return text;
  return text
    .replace(/(?<=[\p{L}\p{N}])---(?=[\p{L}\p{N}])/gu, '—')
    .replace(/(?<=\d)--(?=\d)|(?<= )--(?= )/g, '–')
    .replace(/``/g, '“')
    .replace(/''/g, '”')
    .replace(/`([^`'\s][^`'\n]{0,80}?)'(?![\p{L}\p{N}])/gu, '‘$1’');
}

/**
 * Markdown's emphasis in digest text (`*LMs themselves*`, `**ToolHazard**`, `_x_`) marked as
 * TeX's bold and italic are. The delimiters must hug the text and stand outside words, so
 * `A* search`, `snake_case` and `2*3*4` stay as written.
 */
function markdownEmphasis(text: string): string {
  if (!text.includes('*') && !text.includes('_')) return text;
  const strong = (_: string, body: string) => `${MARK.strong[0]}${body}${MARK.strong[1]}`;
  const emphasis = (_: string, body: string) => `${MARK.emphasis[0]}${body}${MARK.emphasis[1]}`;
  return text
    .replace(/(?<![\p{L}\p{N}*\\])\*\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*\\])\*\*(?![\p{L}\p{N}*])/gu, strong)
    .replace(/(?<![\p{L}\p{N}_\\])__(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_\\])__(?![\p{L}\p{N}_])/gu, strong)
    .replace(/(?<![\p{L}\p{N}*\\])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*\\])\*(?![\p{L}\p{N}*])/gu, emphasis)
    .replace(/(?<![\p{L}\p{N}_\\])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_\\])_(?![\p{L}\p{N}_])/gu, emphasis);
}

/** A dropped command leaves no gap: `We introduce \ours{}, a` → `We introduce, a`. */
function tidyDrops(text: string): string {
  if (!text.includes(DROP)) return text;
  return text.replace(/(\s*)\ue004+(\s*)(?=(.?))/g, (_, before: string, after: string, next: string, offset: number) =>
    offset === 0 || /^[,.;:!?)\]]?$/.test(next) ? '' : before || after ? ' ' : '',
  );
}

/** What may carry markup: TeX's backslash, math, scripts and quotes, Markdown's emphasis. */
const MARKUP = /[$\\^*_`]|''|--/;

/**
 * Text with its TeX made plain and its styles marked: math spans converted (or replaced by
 * `mathAs(tex)`), text-mode commands and Markdown emphasis read. Text without markup comes
 * back unchanged.
 */
function marked(text: string, mathAs?: (tex: string) => string): string {
  // Most abstracts have no markup at all: they pass untouched, without a scan for spans.
  if (!MARKUP.test(text)) return text;
  const source = text.replace(ANY_MARK, '');
  // In text with TeX commands, braces are markup even in a piece between math spans (`\textbf{$x$}`).
  const tex = source.includes('\\');
  let out = '';
  let i = 0;
  for (const span of mathSpans(source)) {
    out += textMode(source.slice(i, span.start), tex);
    out += mathAs ? mathAs(span.tex) : convert(span.tex, true);
    i = span.end;
  }
  return out + textMode(source.slice(i), tex);
}

/** `marked` without its marks: plain text. */
function plain(text: string, mathAs?: (tex: string) => string): string {
  return marked(text, mathAs).replace(ANY_MARK, '');
}

/**
 * Text outside math. Digests often lose the `$` of `$A^2$` and keep `A^2Nav`: a caret right
 * after a letter or digit, before digits or a braced group, is still a superscript (and `_{…}` a
 * subscript).
 */
function textMode(text: string, tex: boolean): string {
  const read = convert(markdownEmphasis(typographicQuotes(text)), false);
  const converted = tex && !text.includes('\\') ? read.replace(/[{}]/g, '') : read;
  return tidyDrops(converted)
    .replace(/(?<=[\p{L}\p{N})])\^(\d+|\{[^{}]*\})/gu, (whole, arg: string) => {
      const body = arg.startsWith('{') ? arg.slice(1, -1) : arg;
      const raised = script(body, SUPERSCRIPTS);
      return raised === body ? whole : raised;
    })
    .replace(/(?<=[\p{L}\p{N})])_\{([^{}]*)\}/gu, (_, body: string) => {
      // `AnyTalk_{RT}`: a subscript that lost its `$`; without subscript letters, the braces go.
      const lowered = script(body, SUBSCRIPTS);
      return lowered === body ? `_${body}` : lowered;
    });
}

/** A run of readable text: plain, bold or italic (or both), or a math span's TeX. */
export type TextRun = { text: string; strong: boolean; emphasis: boolean } | { math: string };

/**
 * Text as a reader sees it, in runs: TeX outside math read (escapes, quotes, commands), Markdown
 * emphasis and TeX's bold and italic as styles, math spans kept as TeX for the page's MathML.
 */
export function readableRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let strong = 0;
  let emphasis = 0;
  let buffer = '';
  const flush = () => {
    if (buffer) runs.push({ text: buffer, strong: strong > 0, emphasis: emphasis > 0 });
    buffer = '';
  };
  // Math spans travel inside the marked text as a mark of their own, holding their index.
  const maths: string[] = [];
  const withMath = marked(text, (tex) => `${MATH_MARK}${maths.push(tex) - 1}${MATH_MARK}`);
  for (const piece of withMath.split(/([\ue000-\ue003]|\ue005\d+\ue005)/)) {
    if (piece === '') continue;
    if (piece.startsWith(MATH_MARK)) {
      flush();
      runs.push({ math: maths[Number(piece.slice(1, -1))] ?? '' });
    } else if (/^[\ue000-\ue003]$/.test(piece)) {
      flush();
      if (piece === MARK.strong[0]) strong++;
      else if (piece === MARK.strong[1]) strong = Math.max(0, strong - 1);
      else if (piece === MARK.emphasis[0]) emphasis++;
      else emphasis = Math.max(0, emphasis - 1);
    } else {
      buffer += piece;
    }
  }
  flush();
  return runs;
}

/**
 * Text as a reader sees it, as one string: TeX outside math and Markdown emphasis read, math
 * either converted to plain characters (`x²`: lists, titles, cards) or kept as written between
 * dollars (`$x^2$`: the open data and feeds, whose readers may render it).
 */
export function readableText(text: string, math: 'plain' | 'tex'): string {
  return plain(text, math === 'tex' ? (tex) => `$${tex}$` : undefined);
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
  return plain(text, () => mathAs);
}
