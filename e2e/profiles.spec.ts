import { readFile } from "node:fs/promises";
import { api } from "./api/client";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { describeAs, misalignedFields } from "./helpers";

const figure = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).textContent())!.replace(/[^\d.]/g, ""));

describeAs("marketing", "a marketing user", () => {
  test("filters profiles by region, and the CSV matches the chart", async ({ page }) => {
    await page.goto("/profiles");
    await expect(page.getByRole("heading", { level: 1, name: "Profiles" })).toBeVisible();
    const allText = (await page.getByTestId("profiles-profiles").textContent())!;
    const all = await figure(page, "profiles-profiles");
    expect(all).toBeGreaterThan(1000);
    await expect(page.getByTestId("profiles-share360")).toHaveText(/\d+(\.\d)?%/);
    const histogram = page.getByTestId("profiles-histogram");
    await expect(histogram).toHaveAttribute("aria-label", /0–10%: \d+/);

    await page.getByLabel("Region").selectOption("US-CA");
    await expect(page).toHaveURL(/region=US-CA/);
    await expect(page.getByTestId("profiles-profiles")).not.toHaveText(allText);
    const inRegion = await figure(page, "profiles-profiles");
    expect(inRegion).toBeGreaterThan(0);
    expect(inRegion).toBeLessThan(all);
    const label = await histogram.getAttribute("aria-label");
    const drawn = [...label!.matchAll(/: (\d+)/g)].map((m) => Number(m[1]));
    expect(drawn.reduce((s, n) => s + n, 0)).toBe(inRegion);

    const download = page.waitForEvent("download");
    await page
      .getByTestId("profiles-histogram")
      .locator("..")
      .getByRole("button", { name: "Download CSV" })
      .click();
    const rows: { from: string; to: string; count: string }[] = parse(
      await readFile((await (await download).path())!, "utf8"),
      { columns: true, bom: true },
    );
    expect(rows.map((r) => Number(r.count))).toEqual(drawn);

    // The view is a link: reloading keeps the filter.
    await page.reload();
    await expect(page.getByLabel("Region")).toHaveValue("US-CA");
    expect(await figure(page, "profiles-profiles")).toBe(inRegion);

    // First-party data alone makes profiles less complete than all data together.
    const allSources = (await page.getByTestId("profiles-avgCompleteness").textContent())!;
    await page.getByLabel("Source party").selectOption("first");
    await expect(page).toHaveURL(/party=first/);
    await expect(page.getByTestId("profiles-avgCompleteness")).not.toHaveText(allSources);
    expect(await figure(page, "profiles-avgCompleteness")).toBeLessThan(
      Number(allSources.replace(/[^\d.]/g, "")),
    );
    // Each chart's title names the filters that apply to it: the party filters completeness,
    // not how identifiers join profiles.
    const caption = (testId: string) =>
      page.locator("figure", { has: page.getByTestId(testId) }).locator("figcaption");
    await expect(caption("profiles-histogram")).toHaveText(/ · US-CA · First-party$/);
    // Nor the count, identity coverage or reach, which are of every source.
    await expect(caption("profiles-reach")).toHaveText(/ · US-CA$/);
    await expect(page.locator("#p-identityCoverage")).toHaveText(/ · US-CA$/);
    await expect(page.locator("#p-share360")).toHaveText(/ · US-CA · First-party$/);
    await expect(caption("profiles-match-rates")).toHaveText(
      "Match rate by identifier type (profiles whose value joins them to another profile) · US-CA",
    );
    await expect(caption("profiles-person-sizes")).toHaveText(
      "Persons by number of profiles joined · US-CA",
    );
    expect((await page.goto("/admin/profiles"))?.status()).toBe(403);
  });

  test("reads the completeness ranges with the German percent sign", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.goto("/profiles");
    await expect(page.getByTestId("profiles-histogram")).toHaveAttribute(
      "aria-label",
      /0–10 %: [\d.]+, 10–20 %: /,
    );
  });
});

describeAs("admin", "an admin", () => {
  test("changes a weight and the scores update", async ({ page }) => {
    await page.goto("/profiles");
    const before = await page.getByTestId("profiles-avgCompleteness").textContent();

    await page.goto("/admin/profiles");
    // Only email counts now: a profile's score is 100% with an email, else 0%.
    const rows = page.getByTestId("model-table").locator("tbody tr");
    while ((await rows.count()) > 1) {
      const name = await rows.last().getByRole("textbox").first().inputValue();
      if (name === "email") {
        await rows
          .first()
          .getByRole("button", { name: /Remove/ })
          .click();
      } else {
        await rows
          .last()
          .getByRole("button", { name: /Remove/ })
          .click();
      }
    }
    await expect(rows.first().getByRole("textbox").first()).toHaveValue("email");
    await page.getByLabel("Weight of contact.email").fill("5");
    await page.getByRole("button", { name: "Save and rescore" }).click();
    await expect(page.getByText("Model saved. Profiles are being rescored.")).toBeVisible();
    await expect(page.getByTestId("rescore-job").getByRole("status")).toHaveText(
      /All [\d,]+ profiles are scored with model version \d+\./,
      { timeout: 30_000 },
    );

    await page.goto("/profiles");
    const after = await page.getByTestId("profiles-avgCompleteness").textContent();
    expect(after).not.toBe(before);
    const fill = await page.getByTestId("profiles-fill-rates").getAttribute("aria-label");
    // Attributes are named as people say them ("E-mail address", not "email").
    const emailRate = /Contact: E-mail address: ([\d.]+)%/.exec(fill!)![1];
    expect(after).toBe(`${emailRate}%`);
  });

  test("in German, saves a weight with a decimal comma and is offered it that way again", async ({
    page,
    baseURL,
  }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.goto("/admin/profiles");
    const weight = page.getByLabel("Gewicht von contact.email");
    const was = await weight.inputValue();
    await weight.fill("0,5");
    await page.getByRole("button", { name: "Speichern und neu bewerten" }).click();
    await expect(page.getByText("Modell gespeichert.", { exact: false })).toBeVisible();
    await page.reload();
    await expect(weight).toHaveValue("0,5");
    await weight.fill(was);
    await page.getByRole("button", { name: "Speichern und neu bewerten" }).click();
    await expect(page.getByText("Modell gespeichert.", { exact: false })).toBeVisible();
  });

  test("the model's fields in a row share their top and height, on a phone too", async ({
    page,
  }) => {
    for (const width of [1440, 412]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/admin/profiles");
      const { misaligned, pairs } = await misalignedFields(page, "[data-testid=model-table] tr");
      expect(misaligned, `${width} px`).toEqual([]);
      // Each row's group, attribute and weight: three pairs a row, both ways.
      expect(pairs).toBeGreaterThanOrEqual(
        6 * (await page.locator("[data-testid=model-table] tbody tr").count()),
      );
    }
  });

  test("refuses a bad weight with a message under the field", async ({ page }) => {
    await page.goto("/admin/profiles");
    await page.getByLabel("Weight of contact.email").fill("lots");
    await page.getByRole("button", { name: "Save and rescore" }).click();
    await expect(page.getByText("Enter a weight from 0 to 100.")).toBeVisible();
  });

  test("another system upserts profiles through the API", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const created = await api(request).POST("/api/v1/api-keys", {
      body: { name: `profiles ${Date.now()}`, scopes: ["ingest"] },
    });
    const context = await playwright.request.newContext({ baseURL });
    const feeder = api(context, created.data!.key);
    const subject = `e2e-profile-${Date.now()}`;
    const body = {
      profiles: [
        {
          subjectId: subject,
          region: "DE",
          identifiers: { email: `${subject}@example.com`, device_id: "d-1" },
          attributes: [
            {
              group: "contact" as const,
              name: "email",
              value: `${subject}@example.com`,
              source: "web-shop",
            },
          ],
        },
      ],
    };
    const first = await feeder.POST("/api/v1/profiles", { body });
    expect(first.response.status).toBe(200);
    expect(first.data).toEqual({
      accepted: 1,
      duplicates: 0,
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect((await feeder.POST("/api/v1/profiles", { body })).data).toMatchObject({
      // Sent again as it is stored: counted as a duplicate, as a repeated consent event is.
      accepted: 1,
      duplicates: 1,
      unchanged: 1,
    });

    const bad = await feeder.POST("/api/v1/profiles", {
      body: { profiles: [body.profiles[0]!, { subjectId: "x", region: "Germany" }] },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ["profiles", 1, "region"] })]),
    );
    // Ingestion takes API keys only, not the session of an admin.
    const session = await api(request).POST("/api/v1/profiles", { body });
    expect(session.response.status).toBe(403);
    await context.dispose();
  });
});
