/**
 * Checks a GitRepository URL the way the CRD and a careful reviewer would: the CRD only admits
 * http, https and ssh URLs (the scp form `git@host:org/repo` is rejected), credentials never belong
 * in a URL that is committed, and an ssh URL cannot authenticate without a secretRef.
 * Returns undefined when the URL is fine, or [problem, expected].
 */
export function checkSourceUrl(url: unknown, hasSecretRef: boolean): [string, string] | undefined {
  const expected = 'an http://, https:// or ssh:// URL without credentials, e.g. "https://github.com/org/repo"';
  if (typeof url !== 'string' || url.length === 0) return ['is empty', expected];

  if (/^[^/:@]+@[^/:]+:/.test(url)) {
    return ['is an scp-style address, which Flux refuses', 'the same address as an ssh:// URL, e.g. "ssh://git@github.com/org/repo"'];
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['is not a URL', expected];
  }
  if (!['http:', 'https:', 'ssh:'].includes(parsed.protocol)) {
    return [`uses the scheme "${parsed.protocol.replace(/:$/, '')}"`, expected];
  }
  if (!parsed.hostname) return ['has no host', expected];
  if (parsed.password || (parsed.username && parsed.protocol !== 'ssh:')) {
    return ['carries credentials', 'credentials in a Secret named by secretRef, and a URL without them'];
  }
  if (parsed.protocol === 'ssh:' && !hasSecretRef) {
    return ['is an ssh URL without a secretRef', 'a secretRef naming a Secret with the ssh key (identity, known_hosts)'];
  }
  return undefined;
}
