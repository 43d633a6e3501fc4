/**
 * The preference page as plain HTML: server-rendered, no script, so it works without JavaScript,
 * loads fast on a phone and sends the customer's choices with an ordinary form post. Every value
 * from the catalog or the customer passes through `escape`.
 */
import type { TranslatedField } from "@/lib/purposes/diff";
import type { PreferencePage, PreferencePurpose } from "./page";

/** The sentences the page uses, already in the customer's language. */
export type PageText = {
  lang: string;
  title: string;
  intro: string;
  gpcNotice: string;
  area: (area: string) => string;
  category: (category: string) => string;
  value: string;
  data: string;
  kept: string;
  days: (days: number) => string;
  allow: (title: string) => string;
  choice: (choice: PreferencePurpose["choice"]) => string;
  changed: (fields: string[]) => string;
  reconsent: string;
  sale: string;
  sensitive: string;
  save: string;
  saved: (count: number) => string;
  stale: string;
  /** The save was stale because the browser's Global Privacy Control was switched. */
  staleSignal: string;
  empty: string;
  /** Said at the top while this instance runs on demo data (lib/users/demo-mode). */
  demo?: string;
};

/** The demo notice, when there is one. */
const demoNotice = (demo: string | undefined) =>
  demo ? `<p class="note" role="note" data-testid="demo-notice">${escape(demo)}</p>\n` : "";

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1d23;background:#f6f7f9}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
h2{font-size:1.15rem;margin:2rem 0 .5rem}
h3{font-size:1rem;margin:0}
fieldset{border:0;margin:0;padding:0}
.purpose{background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:1rem;margin:.75rem 0}
.purpose p{margin:.4rem 0}
dl{margin:.5rem 0 0;display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;font-size:.95rem}
dt{font-weight:600}dd{margin:0}
.choice{display:flex;gap:.6rem;align-items:center;margin-top:.75rem;font-weight:600}
.choice input{width:1.4rem;height:1.4rem;accent-color:var(--accent,#1d4ed8)}
.logo{display:block;max-height:3rem;max-width:12rem;margin-bottom:1rem}
.company{font-weight:600;margin:0 0 1rem}
.muted{color:#4b5260;font-size:.95rem}
.note{border-left:4px solid #b45309;background:#fffbeb;padding:.6rem .8rem;border-radius:4px}
.changed{border-left:4px solid var(--accent,#1d4ed8);background:#eff6ff;padding:.4rem .6rem;border-radius:4px}
.status{border-left:4px solid #15803d;background:#f0fdf4;padding:.6rem .8rem;border-radius:4px}
button{font:inherit;font-weight:600;color:#fff;background:var(--accent,#1d4ed8);border:0;border-radius:6px;padding:.7rem 1.4rem;margin-top:1.5rem;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #b45309;outline-offset:2px}
`;

function purposeBlock(p: PreferencePurpose, text: PageText, gpc: boolean): string {
  const id = `purpose-${escape(p.key)}`;
  const title = p.customerTitle || p.name;
  // A text with no German version yet is English on a German page: say so to screen readers.
  const lang = (field: TranslatedField) => (p.inEnglish.includes(field) ? ' lang="en"' : "");
  // "Allow: <title>" in the page's language, the title marked too when it is English.
  // The box is labelled with the title ("Allow: <title>"); it is described by what it allows.
  // Why the box starts unticked comes first: consent asked again, what changed, the browser's
  // Global Privacy Control (said once for the page, named by every purpose it switches off).
  const describedBy = [
    p.reconsent && `${id}-reconsent`,
    p.changed.length > 0 && `${id}-changed`,
    gpc && p.involvesSale && "gpc-notice",
    p.customerDescription && `${id}-description`,
    p.involvesSensitiveData && `${id}-sensitive`,
    p.involvesSale && `${id}-sale`,
    `${id}-choice`,
  ]
    .filter(Boolean)
    .join(" ");
  const slot = "\u0000";
  // A function, so a `$` in the title is not read as a replacement pattern ("$&", "$$").
  const allow = escape(text.allow(slot)).replace(slot, () =>
    lang("customerTitle") ? `<span lang="en">${escape(title)}</span>` : escape(title),
  );
  return `<div class="purpose" id="${id}" data-purpose="${escape(p.key)}">
<h3 id="${id}-title"${lang("customerTitle")}>${escape(title)}</h3>
${p.reconsent ? `<p class="changed" id="${id}-reconsent"><strong>${escape(text.reconsent)}</strong></p>` : ""}
${p.changed.length > 0 ? `<p class="changed" id="${id}-changed">${escape(text.changed(p.changed))}</p>` : ""}
${p.customerDescription ? `<p id="${id}-description"${lang("customerDescription")}>${escape(p.customerDescription)}</p>` : ""}
<dl>
${p.customerValue ? `<dt>${escape(text.value)}</dt><dd${lang("customerValue")}>${escape(p.customerValue)}</dd>` : ""}
<dt>${escape(text.data)}</dt><dd>${escape(p.dataCategories.map(text.category).join(", "))}</dd>
<dt>${escape(text.kept)}</dt><dd>${escape(text.days(p.retentionDays))}</dd>
</dl>
${p.involvesSensitiveData ? `<p class="muted" id="${id}-sensitive">${escape(text.sensitive)}</p>` : ""}
${p.involvesSale ? `<p class="muted" id="${id}-sale">${escape(text.sale)}</p>` : ""}
<p class="muted" id="${id}-choice">${escape(text.choice(p.choice))}</p>
<input type="hidden" name="shown:${escape(p.key)}" value="${p.version}:${p.ticked ? 1 : 0}">
<label class="choice"><input type="checkbox" name="grant" value="${escape(p.key)}"${p.ticked ? " checked" : ""} aria-describedby="${describedBy}"> ${allow}</label>
</div>`;
}

/** The company's look: its name (the logo's text), accent colour and logo (a data URL). */
export type Brand = { companyName: string; accentColor: string; logo: string | null };

/**
 * The page's Content-Security-Policy: no script at all; framed only by the allowed origins; its
 * form posts to itself (a preview's to nowhere).
 */
export function preferencePagePolicy(
  embedOrigins: readonly string[],
  { preview = false }: { preview?: boolean } = {},
): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src data:",
    preview ? "form-action 'none'" : "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${embedOrigins.length > 0 ? embedOrigins.join(" ") : "'none'"}`,
  ].join("; ");
}

export function renderPreferencePage(
  page: PreferencePage,
  text: PageText,
  /** `preview`: the admin's preview frame, whose form saves nothing (its button is disabled). */
  status: { saved?: number; stale?: boolean; signalChanged?: boolean; preview?: boolean } = {},
  brand: Brand = { companyName: "", accentColor: "#1d4ed8", logo: null },
): string {
  const areas = [...new Set(page.purposes.map((p) => p.functionalArea))];
  const body =
    page.purposes.length === 0
      ? `<p>${escape(text.empty)}</p>`
      : `<form method="post">
<input type="hidden" name="shown-gpc" value="${page.gpc ? 1 : 0}">
${areas
  .map(
    (area) => `<fieldset><legend><h2>${escape(text.area(area))}</h2></legend>
${page.purposes
  .filter((p) => p.functionalArea === area)
  .map((p) => purposeBlock(p, text, page.gpc))
  .join("\n")}
</fieldset>`,
  )
  .join("\n")}
<button type="submit"${status.preview ? " disabled" : ""}>${escape(text.save)}</button>
</form>`;
  return `<!doctype html>
<html lang="${escape(text.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${escape(text.title)}</title>
<style>${STYLE}:root{--accent:${/^#[0-9a-fA-F]{6}$/.test(brand.accentColor) ? brand.accentColor : "#1d4ed8"}}</style>
</head>
<body>
<main aria-label="${escape(text.title)}">
${demoNotice(text.demo)}${brand.logo ? `<img class="logo" src="${escape(brand.logo)}" alt="${escape(brand.companyName)}">` : brand.companyName ? `<p class="company">${escape(brand.companyName)}</p>` : ""}
<h1>${escape(text.title)}</h1>
<p>${escape(text.intro)}</p>
${status.saved !== undefined ? `<p class="status" role="status">${escape(text.saved(status.saved))}</p>` : ""}
${status.stale ? `<p class="note" role="alert">${escape(status.signalChanged ? text.staleSignal : text.stale)}</p>` : ""}
${page.gpc ? `<p class="note" id="gpc-notice">${escape(text.gpcNotice)}</p>` : ""}
${body}
</main>
</body>
</html>`;
}

/** A page of one title and one sentence: a link that does not work (404, 429), a save refused. */
export function renderNoticePage(text: {
  lang: string;
  title: string;
  body: string;
  demo?: string;
}): string {
  return `<!doctype html>
<html lang="${escape(text.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escape(text.title)}</title>
<style>${STYLE}</style></head>
<body><main>${demoNotice(text.demo)}<h1>${escape(text.title)}</h1><p>${escape(text.body)}</p></main></body></html>`;
}
