/**
 * JSON for a `<script type="application/ld+json">` block. Characters that could
 * end the script element or start markup are escaped, so no title or abstract
 * can break out of it.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
