/** The domain of a shared link: host name, lower-cased, without a leading `www.`; undefined when unparseable. */
export function domainOf(url: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  try {
    const host = new URL(candidate).hostname.toLowerCase();
    if (!host || !host.includes(".")) return undefined;
    return host.startsWith("www.") ? host.slice(4) : host;
  } catch {
    return undefined;
  }
}
