/** The preference page's HTML: nothing from the catalog can become markup; framing is opt-in. */
import { describe, expect, it } from "vitest";
import { contrastWithWhite } from "./schema";
import {
  escape,
  preferencePagePolicy,
  renderNoticePage,
  renderPreferencePage,
  type PageText,
} from "./html";
import type { PreferencePage } from "./page";

const text: PageText = {
  lang: "en",
  title: "Your privacy choices",
  intro: "Choose.",
  gpcNotice: "GPC",
  area: (a) => a,
  category: (c) => c,
  value: "Value",
  data: "Data",
  kept: "Kept for",
  days: (n) => `${n} days`,
  allow: (title) => `Allow: ${title}`,
  choice: (c) => String(c),
  changed: (f) => f.join(", "),
  reconsent: "Again",
  sale: "Sale",
  sensitive: "Sensitive",
  save: "Save",
  saved: (n) => `Saved ${n}`,
  stale: "Stale",
  staleSignal: "Signal switched",
  empty: "Nothing",
};

const page = (
  customerTitle: string,
  inEnglish: PreferencePage["purposes"][number]["inEnglish"] = [],
  flags: { involvesSale?: boolean; involvesSensitiveData?: boolean } = {},
): PreferencePage => ({
  subjectId: "s",
  lastRegion: null,
  gpc: false,
  purposes: [
    {
      key: "news",
      name: "News",
      functionalArea: "marketing",
      customerTitle,
      customerDescription: 'He said "hi" & left',
      customerValue: "",
      dataCategories: ["contact"],
      retentionDays: 30,
      involvesSale: false,
      involvesSensitiveData: false,
      ...flags,
      version: 3,
      choice: "granted",
      ticked: true,
      changed: [],
      reconsent: false,
      inEnglish,
    },
  ],
});

/** The ids a page's first box is described by, and every id on the page. */
const describedBy = (html: string) => /aria-describedby="([^"]*)"/.exec(html)?.[1]?.split(" ");
const ids = (html: string) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
function expectDescribedBy(html: string, expected: string[]) {
  expect(describedBy(html)).toEqual(expected);
  for (const id of expected) expect(ids(html)).toContain(id);
}

describe("the preference page's HTML", () => {
  it("says it belongs to a demo only when it does, on the page and on its notices", () => {
    const notice = /<p class="note" role="note" data-testid="demo-notice">Demo &amp; more<\/p>/;
    expect(renderPreferencePage(page("News"), { ...text, demo: "Demo & more" })).toMatch(notice);
    expect(renderPreferencePage(page("News"), text)).not.toContain("demo-notice");
    const gone = { lang: "en", title: "Gone", body: "This link does not work." };
    expect(renderNoticePage({ ...gone, demo: "Demo & more" })).toMatch(notice);
    expect(renderNoticePage(gone)).not.toContain("demo-notice");
  });

  it("gives the admin's preview a form that cannot be sent", () => {
    const button = (html: string) => /<button type="submit"[^>]*>/.exec(html)?.[0];
    expect(button(renderPreferencePage(page("News"), text))).toBe('<button type="submit">');
    expect(button(renderPreferencePage(page("News"), text, { preview: true }))).toBe(
      '<button type="submit" disabled>',
    );
    expect(preferencePagePolicy([], { preview: true })).toContain("form-action 'none'");
    expect(preferencePagePolicy([])).toContain("form-action 'self'");
  });

  it("escapes every catalog text and carries the version and the box as shown", () => {
    const html = renderPreferencePage(page('<script>alert("x")</script>'), text);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("He said &quot;hi&quot; &amp; left");
    expect(html).toContain('<input type="hidden" name="shown:news" value="3:1">');
    expect(html).toMatch(/name="grant" value="news" checked/);
    expect(escape(`'`)).toBe("&#39;");
  });

  it("marks a text shown in English on a German page as English", () => {
    const german = { ...text, lang: "de" };
    const html = renderPreferencePage(page("Newsletter", ["customerDescription"]), german);
    expect(html).toMatch(/<h3 id="purpose-news-title">Newsletter<\/h3>/);
    expect(html).toContain(
      '<p id="purpose-news-description" lang="en">He said &quot;hi&quot; &amp; left</p>',
    );
    expect(renderPreferencePage(page("Newsletter"), german)).not.toContain('lang="en"');
    const englishTitle = renderPreferencePage(page("Our <news>", ["customerTitle"]), german);
    expect(englishTitle).toContain('<h3 id="purpose-news-title" lang="en">Our &lt;news&gt;</h3>');
    expect(englishTitle).toContain('Allow: <span lang="en">Our &lt;news&gt;</span></label>');
  });

  it("says whether a purpose uses sensitive data, and whether it sells or shares data", () => {
    const plain = renderPreferencePage(page("News"), text);
    expect(plain).not.toContain(">Sensitive<");
    expect(plain).not.toContain(">Sale<");
    const both = renderPreferencePage(
      page("News", [], { involvesSale: true, involvesSensitiveData: true }),
      text,
    );
    expect(both).toContain('<p class="muted" id="purpose-news-sensitive">Sensitive</p>');
    expect(both).toContain('<p class="muted" id="purpose-news-sale">Sale</p>');
  });

  it("describes each box by what it allows, not again by the title its label names", () => {
    const plain = renderPreferencePage(page("News"), text);
    expect(describedBy(plain)).toEqual(["purpose-news-description", "purpose-news-choice"]);
    const both = renderPreferencePage(
      page("News", [], { involvesSale: true, involvesSensitiveData: true }),
      text,
    );
    expectDescribedBy(both, [
      "purpose-news-description",
      "purpose-news-sensitive",
      "purpose-news-sale",
      "purpose-news-choice",
    ]);
  });

  it("tells a screen reader first why a box is unticked: consent asked again, a change, GPC", () => {
    const base = page("News", [], { involvesSale: true });
    const asked: PreferencePage = {
      ...base,
      gpc: true,
      purposes: base.purposes.map((p) => ({ ...p, reconsent: true, changed: ["customerTitle"] })),
    };
    const html = renderPreferencePage(asked, text);
    expectDescribedBy(html, [
      "purpose-news-reconsent",
      "purpose-news-changed",
      "gpc-notice",
      "purpose-news-description",
      "purpose-news-sale",
      "purpose-news-choice",
    ]);
    // The browser's signal is named only for a purpose that sells or shares data.
    const notSold = renderPreferencePage(
      { ...asked, purposes: [{ ...asked.purposes[0]!, involvesSale: false }] },
      text,
    );
    expect(describedBy(notSold)).not.toContain("gpc-notice");
  });

  it("says why a save was not stored: purposes changed, or the browser's signal was switched", () => {
    const alert = (html: string) => /<p class="note" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    expect(alert(renderPreferencePage(page("News"), text, { stale: true }))).toBe("Stale");
    expect(
      alert(renderPreferencePage(page("News"), text, { stale: true, signalChanged: true })),
    ).toBe("Signal switched");
    expect(alert(renderPreferencePage(page("News"), text, { saved: 1 }))).toBeUndefined();
  });

  it("names the box with a title holding $ patterns as it is written", () => {
    for (const title of ["Cashback $$ deals", "Q$&A club", "Price $`alerts", "Save $' now"]) {
      const html = renderPreferencePage(page(title), text);
      expect(/> (Allow: [^<]*)<\/label>/.exec(html)?.[1]).toBe(`Allow: ${escape(title)}`);
    }
  });

  it("shows the company's logo or name and only a well-formed accent colour", () => {
    const brand = { companyName: "Acme <b>", accentColor: "red;}body{display:none", logo: null };
    const html = renderPreferencePage(page("News"), text, {}, brand);
    expect(html).toContain('<p class="company">Acme &lt;b&gt;</p>');
    expect(html).toContain("--accent:#1d4ed8");
    expect(html).not.toContain("display:none");
  });

  it("lets no site frame the page unless an admin allowed it", () => {
    expect(preferencePagePolicy([])).toContain("frame-ancestors 'none'");
    expect(preferencePagePolicy(["https://shop.example.com"])).toContain(
      "frame-ancestors https://shop.example.com",
    );
    expect(preferencePagePolicy([])).toContain("default-src 'none'");
  });

  it("measures contrast the WCAG way", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
    expect(contrastWithWhite("#1d4ed8")).toBeGreaterThan(4.5);
  });
});
