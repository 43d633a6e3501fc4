import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { api } from "./api/client";
import { describeAs, storageStateOf } from "./helpers";

test.describe("a German-speaking visitor", () => {
  test.use({ locale: "de-DE", extraHTTPHeaders: { "accept-language": "de-DE,de;q=0.9,en;q=0.5" } });
  test("reads the sign-in page in German", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Bei Firstparty anmelden" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
  });
});

describeAs("admin", "a signed-in user", () => {
  test("switches the interface to German and back; dates follow the language", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await page.getByLabel("Language").selectOption("de");
    await expect(page.getByRole("heading", { name: "Benutzer", level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await page.reload();
    await expect(page.getByRole("link", { name: "Übersicht" })).toBeVisible();
    // German month abbreviations in the last sign-in column (e.g. "29.11.2026" or "29. Nov. 2026").
    await expect(page.getByTestId("user-row-admin@firstparty.demo")).toContainText(
      /\d{1,2}\.\s?\S*\s?\d{4}/,
    );
    await page.getByLabel("Sprache").selectOption("en");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  });
});

describeAs("marketing", "a German-speaking marketing lead", () => {
  test("reads the next date of the privacy laws on the overview in German", async ({ page }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    const { laws } = (await (await page.request.get("/api/v1/metrics/overview")).json()) as {
      laws: { next: { lawId: string; date: string; label: string | null } | null };
    };
    const next = laws.next;
    test.skip(next === null, "no law has a date ahead");
    // The phase as the laws API gives it, with its German name from the catalog.
    const catalog = (await (await page.request.get("/api/v1/laws")).json()) as {
      laws: { id: string; phases: { date: string; label: string; labelDe: string }[] }[];
    };
    const phase = catalog.laws
      .find((l) => l.id === next!.lawId)!
      .phases.find((p) => p.date === next!.date && p.label === next!.label);
    await page.goto("/");
    const card = page.getByTestId("card-nextDeadline");
    await expect(card.getByRole("heading")).toHaveText("Nächste Frist eines Datenschutzgesetzes");
    // A law's own start reads "wird anwendbar"; a phase by its German name where it has one.
    if (!phase) await expect(card).toContainText("wird anwendbar");
    else await expect(card).toContainText(`: ${phase.labelDe || phase.label} · `);
  });
});

test.describe("an admin in New York", () => {
  test.use({ storageState: storageStateOf("admin"), timezoneId: "America/New_York" });

  test("reads moments in their own time zone, with the zone named", async ({ page }) => {
    const subject = `e2e-tz-${Date.now()}`;
    const key = await api(page.request).POST("/api/v1/api-keys", {
      body: { name: `mailer ${Date.now()}`, scopes: ["ingest"] },
    });
    const issued = await api(page.request, key.data!.key).POST("/api/v1/preference-links", {
      body: { subjectId: subject },
    });
    const expiresAt = new Date(issued.data!.expiresAt);
    const inZone = (timeZone: string) =>
      new Intl.DateTimeFormat("en", {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZoneName: "short",
        timeZone,
      }).format(expiresAt);

    // The first page the browser opens without its zone is shown in UTC, then again in its own.
    await page.goto(`/consent/subjects/${subject}`);
    const row = page.getByTestId("preference-link-list").getByRole("row").nth(1);
    await expect(row).toContainText(inZone("America/New_York"));
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "FIRSTPARTY_TZ")?.value).toBe("America%2FNew_York");

    // A calendar day stays on its day west of UTC: the consent figures' range as asked.
    await page.goto("/consent?from=2026-06-01&to=2026-06-30");
    await expect(
      page.getByText("Events between Jun 1, 2026 and Jun 30, 2026 (UTC days)"),
    ).toBeVisible();

    // A forged zone is not taken: moments fall back to UTC, named as such.
    await page
      .context()
      .addCookies([
        { name: "FIRSTPARTY_TZ", value: "Mars%2FOlympus", url: baseURL, sameSite: "Lax" },
      ]);
    const html = await (await page.request.get(`/consent/subjects/${subject}`)).text();
    expect(html).toContain(inZone("UTC"));
  });
});
