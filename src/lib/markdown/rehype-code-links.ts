import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Hosts whose links lead to source code, models or data rather than prose. */
const CODE_HOSTS = /^(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|huggingface\.co)$/i;

/** Whether a URL points at a code host (GitHub, GitLab, Hugging Face…). */
export function isCodeUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && CODE_HOSTS.test(hostname);
  } catch {
    return false;
  }
}

/** rehype plugin: marks links to code hosts with `class="code-link"` so the view can badge them. */
export function rehypeCodeLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties['href'] !== 'string') return;
      if (!isCodeUrl(node.properties['href'])) return;
      const classes = node.properties['className'];
      node.properties['className'] = [...(Array.isArray(classes) ? classes : []), 'code-link'];
    });
  };
}
