import { expect, test as base, type APIRequestContext, type Browser } from "@playwright/test";
import { api } from "./api/client";
import { figuresReadNow, sleep, storageStateOf } from "./helpers";

/** Every dashboard's figures API: the figures a dashboard shows, shared by all who may see them. */
const dashboardApis = [
  "/api/v1/metrics/overview",
  "/api/v1/metrics/consent",
  "/api/v1/metrics/sources",
  "/api/v1/metrics/profiles",
  "/api/v1/laws",
  "/api/v1/metrics/phase-out",
  "/api/v1/metrics/phase-out?retire=web-shop",
];

/**
 * A client of the ingest API with a key of its own (made by the admin), and what it sends: one
 * customer's newsletter grant a minute ago, and that customer's profile.
 */
async function ingestClient(browser: Browser, request: APIRequestContext, name: string) {
  const admin = await browser.newContext({ storageState: storageStateOf("admin") });
  const created = await api(admin.request).POST("/api/v1/api-keys", {
    body: { name: `${name} ${Date.now()}`, scopes: ["ingest"] },
  });
  await admin.close();
  const feeder = api(request, created.data!.key);
  const subject = `${name}-${Date.now()}`;
  return {
    grant: async () => {
      const sent = await feeder.POST("/api/v1/consent-events", {
        body: {
          events: [
            {
              eventId: `${subject}-1`,
              subjectId: subject,
              purpose: "newsletter",
              action: "grant",
              occurredAt: new Date(Date.now() - 60_000).toISOString(),
              channel: "web",
              region: "DE",
            },
          ],
        },
      });
      expect(sent.data).toEqual({ accepted: 1, duplicates: 0 });
    },
    profile: async () => {
      const upserted = await feeder.POST("/api/v1/profiles", {
        body: { profiles: [{ subjectId: subject, region: "DE" }] },
      });
      expect(upserted.data).toMatchObject({ created: 1 });
    },
  };
}

/** The tests, with `ingest(name)`: a new ingest client on a request context of its own. */
const test = base.extend<{ ingest: (name: string) => ReturnType<typeof ingestClient> }>({
  ingest: async ({ browser, playwright, baseURL }, provide) => {
    const context = await playwright.request.newContext({ baseURL });
    await provide((name) => ingestClient(browser, context, name));
    await context.dispose();
  },
});

test.use({ storageState: storageStateOf("marketing") });

test("every dashboard's figures say when they were read, and callers share one read", async ({
  page,
}) => {
  // FIGURES_MAX_AGE is 5 s on the test server (playwright.config.ts).
  for (const path of dashboardApis) {
    // A change committed meanwhile (a job an earlier test left running) has the figures read
    // again, rightly: the pair is asked up to three times, and one pair must share its read.
    const pairs: boolean[] = [];
    while (pairs.length < 3 && !pairs.includes(true)) {
      // Asked until the answer was read less than 3 s ago, so the shared copy outlives the pair.
      let first;
      let read = 0;
      for (const started = Date.now(); ; await sleep(250)) {
        first = await page.request.get(path);
        expect(first.status(), path).toBe(200);
        expect(first.headers()["cache-control"], path).toBe("private, no-store");
        read = Date.parse(first.headers()["last-modified"] ?? "");
        // Never older than FIGURES_MAX_AGE, to the header's whole second.
        expect(Date.now() - read, path).toBeLessThan(6_000 + 1_000);
        if (Date.now() - read < 3_000) break;
        expect(Date.now() - started, `${path}: a fresh read`).toBeLessThan(7_000);
      }
      // Asked again in a later second: a second read would say that second, the shared one its own.
      await sleep(Math.max(0, read + 1_050 - Date.now()));
      const again = await page.request.get(path);
      const shared = again.headers()["last-modified"] === first.headers()["last-modified"];
      if (shared) expect(await again.json(), path).toEqual(await first.json());
      pairs.push(shared);
    }
    expect(pairs, `${path}: one read shared by two requests`).toContain(true);
  }
});

test("an open dashboard reads its figures again by itself while its tab is shown", async ({
  page,
  ingest,
}) => {
  const client = await ingest("refresh");
  type Events = { events: { grant: number; deny: number; withdraw: number } };
  type Overview = { profiles: { profiles: number } };

  // The page's own timers run on a clock the test moves (time still flows as well).
  await page.clock.install();
  await page.goto("/consent");
  const grants = async () =>
    (await figuresReadNow<Events>(page.request, "/api/v1/metrics/consent")).events;
  const before = await grants();
  await expect(page.getByTestId("consent-events")).toHaveText(
    [before.grant, before.deny, before.withdraw].map((n) => n.toLocaleString("en-US")).join(" · "),
  );
  await client.grant();
  // The server's shared copy now holds the grant; the open page has not asked yet.
  const after = await grants();
  expect(after.grant).toBe(before.grant + 1);
  await page.clock.fastForward(6_000);
  await expect(page.getByTestId("consent-events")).toHaveText(
    [after.grant, after.deny, after.withdraw].map((n) => n.toLocaleString("en-US")).join(" · "),
  );

  // A server-rendered dashboard: the overview is rendered again once a minute.
  await page.goto("/");
  const card = page.getByTestId("card-completeness");
  const profiles = async () =>
    (await figuresReadNow<Overview>(page.request, "/api/v1/metrics/overview")).profiles.profiles;
  const count = await profiles();
  await expect(card).toContainText(`${count.toLocaleString("en-US")} profiles`);
  await client.profile();
  expect(await profiles()).toBe(count + 1);
  await page.clock.fastForward(30_000);
  await sleep(1_000);
  await expect(card, "not before a minute").toContainText(
    `${count.toLocaleString("en-US")} profiles`,
  );
  await page.clock.fastForward(31_000);
  await expect(card).toContainText(`${(count + 1).toLocaleString("en-US")} profiles`);
});

test("what a client ingests reads back at once, though the figures were shared a moment before", async ({
  page,
  ingest,
}) => {
  const client = await ingest("read-back");
  type Consent = { events: { grant: number } };
  type Profiles = { profiles: number };
  const read = async <T>(path: string) => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };

  // Read twice: the second answer is the shared copy, young enough to be served for seconds.
  await read<Consent>("/api/v1/metrics/consent");
  const before = await read<Consent>("/api/v1/metrics/consent");
  await client.grant();
  expect((await read<Consent>("/api/v1/metrics/consent")).events.grant).toBe(
    before.events.grant + 1,
  );

  await read<Profiles>("/api/v1/metrics/profiles");
  const count = (await read<Profiles>("/api/v1/metrics/profiles")).profiles;
  await client.profile();
  expect((await read<Profiles>("/api/v1/metrics/profiles")).profiles).toBe(count + 1);
});
