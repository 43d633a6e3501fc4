import { describe, expect, it } from "vitest";
import { MIN_REFRESH_MS, pageRefreshSeconds, refreshEvery } from "./refresh";

describe("how often an open dashboard reads again", () => {
  it("reads its figures as often as the server renews them, never more than every 5 s", () => {
    expect(refreshEvery(30)).toBe(30_000);
    expect(refreshEvery(5)).toBe(5_000);
    // A server keeping no copy is not asked in a loop (0 would also stop React Query's timer).
    expect(refreshEvery(0)).toBe(MIN_REFRESH_MS);
  });

  it("renders its server-rendered figures again every minute, or as the copy is renewed", () => {
    expect(pageRefreshSeconds(5)).toBe(60);
    expect(pageRefreshSeconds(0)).toBe(60);
    expect(pageRefreshSeconds(60)).toBe(60);
  });
});
