import { expect, test } from "@playwright/test";
import { api } from "./api/client";
import { describeAs, storageStateOf } from "./helpers";

describeAs("admin", "an admin", () => {
  test("creates a purpose, edits it, reads the diff between versions, and retires it", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const key = `loyalty-sms-${Date.now()}`;
    await page.goto("/admin/purposes");
    await page.getByRole("link", { name: "New purpose" }).click();
    await page.getByLabel("Key").fill(key);
    await page.getByLabel("Name").fill("Loyalty SMS");
    await page.getByLabel("Status").selectOption("active");
    await page.getByRole("button", { name: "Create purpose" }).click();

    // An active consent purpose must tell customers what it does and name its data.
    await expect(page.locator("#purpose-customerDescription-error")).toContainText(
      "customer-facing description",
    );
    await expect(page.locator("#purpose-dataCategories-error")).toContainText(
      "at least one data category",
    );
    await expect(page.getByLabel("Key")).toHaveValue(key); // the input survived the round trip

    await page
      .getByLabel("Customer-facing description")
      .fill("We text you when you have points to spend.");
    await page.getByLabel("Contact details").check();
    await page.getByLabel("Retention in days").fill("400");
    await page.getByRole("button", { name: "Create purpose" }).click();
    await page.waitForURL(`/admin/purposes/${key}`);
    await expect(page.getByRole("heading", { level: 1, name: "Loyalty SMS" })).toBeVisible();

    await page.getByLabel("Retention in days").fill("5000");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#purpose-retentionDays-error")).toContainText("between 1 and 3650");
    await expect(
      page.getByText("The purpose was not saved: 1 field needs attention."),
    ).toBeVisible();

    await page.getByLabel("Retention in days").fill("180");
    const save = page.getByRole("button", { name: "Save changes" });
    await save.click();
    await expect(page.getByText("Saved as version 2.")).toBeVisible();
    // The outcome is said where the form said it before, and the button keeps the focus (the
    // form's fields are built again with the saved values; the button and the status stay).
    await expect(save).toBeFocused();

    await page.reload();
    // Only the version in force is current; the first says when it was replaced.
    await expect(page.getByTestId("version-state-2")).toHaveText("Current version");
    await expect(page.getByTestId("version-state-1")).toHaveText(/^Replaced on /);
    const diff = page.getByTestId("purpose-diff");
    await expect(diff.getByRole("row", { name: /Retention in days/ })).toContainText("400");
    await expect(diff.getByRole("row", { name: /Retention in days/ })).toContainText("180");

    // Two customers grant it; retired, their frozen decisions leave the figures across purposes.
    const events = ["a", "b"].map((who) => ({
      eventId: `${key}-${who}`,
      subjectId: `${key}-${who}`,
      purpose: key,
      action: "grant" as const,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      channel: "web" as const,
      region: "DE",
    }));
    const created = await api(page.request).POST("/api/v1/api-keys", {
      body: { name: `feeder ${key}`, scopes: ["ingest"] },
    });
    const feeder = await playwright.request.newContext({ baseURL });
    const sent = await api(feeder, created.data!.key).POST("/api/v1/consent-events", {
      body: { events },
    });
    expect(sent.data).toEqual({ accepted: 2, duplicates: 0 });
    await feeder.dispose();
    const decided = async () =>
      (await api(page.request).GET("/api/v1/metrics/consent")).data!.overall.decided;
    const before = await decided();

    await page.getByRole("button", { name: "Retire purpose" }).click();
    await expect(page.getByTestId("purpose-status")).toHaveText("Retired");
    // The retirement is an audited edit: no instance serves the figures from before it.
    expect(await decided()).toBe(before - 2);
    await page.goto("/consent");
    await expect(page.getByTestId("consent-retired")).toContainText("Loyalty SMS");
    await page.goto(`/consent?purpose=${key}`);
    await expect(page.getByTestId("consent-overall-rate")).toBeVisible();
    await expect(page.getByTestId("consent-retired")).toHaveCount(0);
    await page.goto(`/admin/purposes/${key}`);
    const history = page.getByTestId("purpose-history");
    await expect(history.getByRole("row")).toHaveCount(4);
    await expect(history).toContainText("purpose.retire");
    // Each action in words too, as the audit log gives it.
    await expect(history.getByRole("row").nth(1)).toContainText("retired a purpose");
    await expect(history).toContainText("purpose.update");
    await expect(history).toContainText("purpose.create");
    await expect(history).toContainText("admin@firstparty.demo");

    await page.goto(`/admin/purposes?status=retired&q=${key}`);
    await expect(page.getByTestId(`purpose-row-${key}`)).toBeVisible();
  });

  test("sees a conflict, with the current values, when someone saved the same version first", async ({
    page,
    browser,
  }) => {
    const other = await browser.newPage({ storageState: storageStateOf("admin") });
    await page.goto("/admin/purposes/product-analytics");
    await other.goto("/admin/purposes/product-analytics");

    await other.getByLabel("Name").fill("Product analytics (EU)");
    await other.getByLabel("Retention in days").fill("400");
    await other.getByRole("button", { name: "Save changes" }).click();
    await expect(other.getByText(/Saved as version \d+\./)).toBeVisible();

    await page.getByLabel("Name").fill("Product analytics (mine)");
    const reconsent = page.getByLabel("This change needs fresh consent");
    await reconsent.check();
    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByTestId("purpose-conflict");
    await expect(conflict).toContainText("Someone else saved version");
    // The other version's values where it differs from this form's input, and only those.
    await expect(conflict.locator("dt")).toHaveText(["Name", "Retention in days"]);
    await expect(conflict.locator("dd")).toHaveText(["Product analytics (EU)", "400"]);
    await expect(page.getByLabel("Name")).toHaveValue("Product analytics (mine)");
    // The form keeps every input, the request for fresh consent too: saved again as it stands,
    // it must not drop it. (Unticked here: the other tests read this purpose's figures.)
    await expect(reconsent).toBeChecked();
    await reconsent.uncheck();

    // Saving again now deliberately replaces the other admin's version.
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText(/Saved as version \d+\./)).toBeVisible();
    await other.close();
  });

  test("is told, not shown an error page, when the purpose was deleted while the form was open", async ({
    page,
    request,
  }) => {
    // A deleted purpose's key stays taken (its audit trail names it), so each round has its own.
    const stamp = Date.now();
    const open = async (key: string) => {
      const body = { key, name: "Soon gone", functionalArea: "sales", legalBasis: "contract" };
      const created = await request.post("/api/v1/purposes", {
        data: { ...body, retentionDays: 30 },
      });
      expect(created.status()).toBe(201);
      await page.goto(`/admin/purposes/${key}`);
      await expect(page.getByLabel("Name")).toHaveValue("Soon gone");
      expect((await request.delete(`/api/v1/purposes/${key}`)).status()).toBe(204);
    };
    const told = async (key: string) => {
      await expect(page).toHaveURL(/\/admin\/purposes\?gone=/);
      await expect(page.getByTestId("purpose-gone")).toHaveText(
        `The purpose “${key}” was deleted by another admin while you had it open. Nothing was changed.`,
      );
      expect((await request.get(`/api/v1/purposes/${key}`)).status()).toBe(404);
    };

    // Saving an edit.
    await open(`gone-edit-${stamp}`);
    await page.getByLabel("Name").fill("Edited after all");
    await page.getByRole("button", { name: "Save changes" }).click();
    await told(`gone-edit-${stamp}`);
    // Retiring it.
    await open(`gone-retire-${stamp}`);
    await page.getByRole("button", { name: "Retire purpose" }).click();
    await told(`gone-retire-${stamp}`);
    // Deleting it: what was asked is done, so the list simply no longer shows it.
    await open(`gone-delete-${stamp}`);
    await page.getByRole("button", { name: "Delete purpose" }).click();
    await expect(page).toHaveURL(/\/admin\/purposes$/);
    await expect(page.getByTestId(`purpose-row-gone-delete-${stamp}`)).toHaveCount(0);
    await expect(page.getByTestId("purpose-gone")).toHaveCount(0);
    // The notice is said only of a purpose that is gone indeed.
    await page.goto("/admin/purposes?gone=newsletter");
    await expect(page.getByTestId("purpose-row-newsletter")).toBeVisible();
    await expect(page.getByTestId("purpose-gone")).toHaveCount(0);
  });

  test("a retirement whose version was tampered with is asked again, not an error page", async ({
    page,
    request,
  }) => {
    const key = `forged-retire-${Date.now()}`;
    const created = await request.post("/api/v1/purposes", {
      data: {
        key,
        name: "Kept",
        functionalArea: "sales",
        legalBasis: "contract",
        retentionDays: 30,
      },
    });
    expect(created.status()).toBe(201);
    await page.goto(`/admin/purposes/${key}`);
    const retire = page.getByRole("button", { name: "Retire purpose" });
    // Once the page has hydrated: a value changed before is set again by React as it hydrates
    // the form (seen on a loaded machine), and the real version then goes with the click.
    await expect
      .poll(() => retire.evaluate((b) => Object.keys(b).some((k) => k.startsWith("__react"))))
      .toBe(true);
    await retire
      .locator("xpath=ancestor::form")
      .locator('input[name="version"]')
      .evaluate((input) => ((input as HTMLInputElement).value = "not-a-version"));
    await retire.click();
    await expect(page.getByTestId("purpose-stale")).toContainText(
      "Someone else changed this purpose before you retired it.",
    );
    expect((await request.get(`/api/v1/purposes/${key}`)).ok()).toBe(true);
    await expect(page.getByTestId("purpose-status")).not.toHaveText("Retired");
  });

  test("a catalog link with one bad filter names it and still applies the others", async ({
    page,
  }) => {
    await page.goto("/admin/purposes?status=archived&functionalArea=marketing");
    await expect(page.getByTestId("filter-issues")).toContainText("status");
    await expect(page.getByLabel("Functional area")).toHaveValue("marketing");
    const rows = page.locator('[data-testid^="purpose-row-"]');
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.allTextContents()) expect(row).toContain("Marketing");
    await expect(page.getByTestId("purpose-row-order-fulfilment")).toHaveCount(0);
  });

  test("uses the purposes API: create, stale PATCH answered with 409 and the current purpose", async ({
    request,
  }) => {
    const key = `api-purpose-${Date.now()}`;
    const client = api(request);
    const created = await client.POST("/api/v1/purposes", {
      body: {
        key,
        name: "From the API",
        functionalArea: "analytics",
        legalBasis: "legitimate_interest",
        retentionDays: 30,
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ key, version: 1, status: "draft" });

    // The same key again is a conflict with the purpose that has it, and nothing is written.
    const again = await request.post("/api/v1/purposes", {
      data: {
        key,
        name: "Twice",
        functionalArea: "analytics",
        legalBasis: "legitimate_interest",
        retentionDays: 30,
      },
    });
    expect(again.status()).toBe(409);
    expect(await again.json()).toEqual({
      error: "A purpose with this key already exists",
      issues: [{ path: ["key"], message: "A purpose with this key already exists." }],
    });
    expect((await request.get(`/api/v1/purposes/${key}`).then((r) => r.json())).name).toBe(
      "From the API",
    );

    const invalid = await request.post("/api/v1/purposes", {
      data: {
        key: "Bad Key",
        name: "",
        functionalArea: "nope",
        legalBasis: "consent",
        retentionDays: 0,
      },
    });
    expect(invalid.status()).toBe(422);
    const paths = (await invalid.json()).issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths.sort()).toEqual(["functionalArea", "key", "name", "retentionDays"]);

    const path = { key };
    const edited = await client.PATCH("/api/v1/purposes/{key}", {
      params: { path },
      body: { version: 1, retentionDays: 60 },
    });
    expect(edited.response.status).toBe(200);
    expect(edited.data).toMatchObject({ version: 2, retentionDays: 60 });
    const stale = await client.PATCH("/api/v1/purposes/{key}", {
      params: { path },
      body: { version: 1, retentionDays: 90 },
    });
    expect(stale.response.status).toBe(409);
    expect((stale.error as { current?: unknown }).current).toMatchObject({
      key,
      version: 2,
      retentionDays: 60,
    });
    // The current purpose is the answer itself too, as docs/api.md words it.
    expect(stale.error).toMatchObject({ key, version: 2, retentionDays: 60 });

    const versions = await client.GET("/api/v1/purposes/{key}/versions", { params: { path } });
    expect(versions.data!.versions.map((v) => v.version)).toEqual([1, 2]);
    const missing = await client.GET("/api/v1/purposes/{key}", {
      params: { path: { key: "no-such-purpose" } },
    });
    expect(missing.response.status).toBe(404);
  });
});

describeAs("marketing", "a marketing user", () => {
  test("can neither open the catalog pages nor write through the API, but can read purposes", async ({
    page,
  }) => {
    for (const path of ["/admin/purposes", "/admin/purposes/new", "/admin/purposes/newsletter"]) {
      expect((await page.goto(path))?.status(), path).toBe(403);
    }
    const writes = await Promise.all([
      page.request.post("/api/v1/purposes", {
        data: {
          key: "sneaky",
          name: "x",
          functionalArea: "sales",
          legalBasis: "contract",
          retentionDays: 1,
        },
      }),
      page.request.patch("/api/v1/purposes/newsletter", { data: { version: 1, name: "Hijacked" } }),
      page.request.delete("/api/v1/purposes/newsletter"),
    ]);
    expect(writes.map((r) => r.status())).toEqual([403, 403, 403]);
    const read = await api(page.request).GET("/api/v1/purposes", {
      params: { query: { functionalArea: "marketing" } },
    });
    expect(read.response.status).toBe(200);
    const { purposes } = read.data!;
    expect(purposes.map((p) => p.key)).toContain("newsletter");
    expect(purposes.find((p) => p.key === "newsletter")!.name).toBe("Newsletter");

    // Its filter has the dashboards' rules: a typo or a repeat is refused by name, not ignored,
    // and an empty value is no filter.
    const typo = await page.request.get("/api/v1/purposes?functionalarea=sales");
    expect(typo.status()).toBe(400);
    expect((await typo.json()).issues.map((i: { path: string[] }) => i.path)).toEqual([
      ["functionalarea"],
    ]);
    const twice = await page.request.get("/api/v1/purposes?status=active&status=retired");
    expect(twice.status()).toBe(400);
    const empty = await page.request.get("/api/v1/purposes?status=");
    expect(empty.status()).toBe(200);
    expect((await empty.json()).purposes.length).toBeGreaterThanOrEqual(purposes.length);
  });
});
