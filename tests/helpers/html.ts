import { HtmlValidate } from 'html-validate';

/** html-validate's recommended rules, less the purely stylistic ones Astro's output trips over. */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-inline-style': 'off',
    'long-title': 'off',
    'no-trailing-whitespace': 'off',
    'prefer-native-element': 'off',
    'attribute-boolean-style': 'off',
    'void-style': 'off',
    'no-redundant-role': 'off',
  },
});

/** Every validity problem in a page, as `file:line rule: message`. */
export async function htmlProblems(html: string, file: string): Promise<string[]> {
  const report = await validator.validateString(html, file);
  return report.results.flatMap((r) => r.messages.map((m) => `${file}:${m.line} ${m.ruleId}: ${m.message}`));
}
