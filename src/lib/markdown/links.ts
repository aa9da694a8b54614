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
