/** Text for XML and HTML: the one escaper, and the characters XML cannot carry. */

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** `&`, `<` and `>` as hexadecimal references: the form the RSS Best Practices Profile asks for. */
const NUMERIC: Record<string, string> = { ...NAMED, '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };

/** Escapes text for XML or HTML character data and attribute values (Pango markup too). */
export function escapeXml(text: string, references: 'named' | 'numeric' = 'named'): string {
  const table = references === 'named' ? NAMED : NUMERIC;
  return text.replace(/[&<>"']/g, (char) => table[char] as string);
}

// XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF; with the `u`
// flag, lone surrogates are single code points and fall outside the allowed ranges.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// C1 controls and DEL are legal XML but never meant in a title or an abstract.
const CONTROLS = /[\u007F-\u009F]/g;

/** Text safe to put in XML: no character XML 1.0 forbids, no control characters. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '').replace(CONTROLS, '');
}

/** Text on one line, safe for XML: for titles, names and attributes. */
export function oneLine(text: string): string {
  return xmlSafe(text).replace(/\s+/g, ' ').trim();
}
