/**
 * The browser says the request was sent from another site: a link or a page there, not this
 * site's own pages, an address typed or a bookmark. (A sibling subdomain is another site too.)
 */
export function fromAnotherSite(sent: Pick<Headers, "get">): boolean {
  const site = sent.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}
