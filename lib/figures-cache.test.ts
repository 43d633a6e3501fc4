import { describe, expect, it } from "vitest";
import { deepFreeze, FiguresCache, figuresJson } from "./figures-cache";

/** A cache on a clock the test moves, and a loader that counts its reads. */
function setup(maxAgeMs = 5_000) {
  let time = 1_000_000;
  const cache = new FiguresCache(
    () => maxAgeMs,
    () => time,
  );
  let reads = 0;
  const load = async () => ++reads;
  return {
    cache,
    load,
    reads: () => reads,
    advance: (ms: number) => (time += ms),
  };
}

describe("figures cache", () => {
  it("serves the kept figures until they are as old as allowed, then reads again", async () => {
    const s = setup();
    const first = await s.cache.get("k", 1n, s.load);
    expect(first.value).toBe(1);
    s.advance(4_999);
    const kept = await s.cache.get("k", 1n, s.load);
    expect(kept).toEqual(first);
    s.advance(1);
    const again = await s.cache.get("k", 1n, s.load);
    expect(again.value).toBe(2);
    expect(again.asOf.getTime()).toBe(first.asOf.getTime() + 5_000);
  });

  it("keys are separate, and concurrent requests for one key wait for one read", async () => {
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    const slow = async () => {
      reads++;
      await gate;
      return "figures";
    };
    const waiting = Promise.all([1, 2, 3].map(() => s.cache.get("a", 1n, slow)));
    release();
    expect((await waiting).map((f) => f.value)).toEqual(["figures", "figures", "figures"]);
    expect(reads).toBe(1);
    expect((await s.cache.get("b", 1n, s.load)).value).toBe(1);
  });

  it("keeps no failed read: the next request tries again", async () => {
    const s = setup();
    await expect(s.cache.get("k", 1n, () => Promise.reject(new Error("down")))).rejects.toThrow(
      "down",
    );
    expect(s.cache.size).toBe(0);
    expect((await s.cache.get("k", 1n, s.load)).value).toBe(1);
  });

  it("a newer version forgets every older entry, and a read at an older one is not kept", async () => {
    const s = setup();
    await s.cache.get("k", 1n, s.load);
    await s.cache.get("other", 1n, s.load);
    expect(s.cache.size).toBe(2);
    // A change committed: the next read, at the new version, reads again.
    expect((await s.cache.get("k", 2n, s.load)).value).toBe(3);
    expect(s.cache.size).toBe(1);

    // A request that read the version just before that change is answered, and its read is
    // not kept over the newer entry.
    expect((await s.cache.get("k", 1n, async () => "old")).value).toBe("old");
    expect((await s.cache.get("k", 2n, s.load)).value).toBe(3);
    expect(s.reads()).toBe(3);
  });

  it("a read at a version that moves while it runs is kept under the version it was asked at", async () => {
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const before = s.cache.get("slow", 1n, async () => {
      await gate;
      return "old";
    });
    expect((await s.cache.get("slow", 2n, async () => "new")).value).toBe("new");
    release();
    expect((await before).value).toBe("old");
    expect((await s.cache.get("slow", 2n, async () => "newer")).value).toBe("new");
  });

  it("with an age of 0 it reads every time and keeps nothing", async () => {
    const s = setup(0);
    await s.cache.get("k", 1n, s.load);
    await s.cache.get("k", 1n, s.load);
    expect(s.reads()).toBe(2);
    expect(s.cache.size).toBe(0);
  });

  it("holds at most 500 entries, forgetting the least recently used first", async () => {
    const s = setup();
    for (let i = 0; i < 500; i++) await s.cache.get(`k${i}`, 1n, s.load);
    await s.cache.get("k0", 1n, s.load); // used again: now the most recent
    await s.cache.get("k500", 1n, s.load);
    expect(s.cache.size).toBe(500);
    const reads = s.reads();
    await s.cache.get("k0", 1n, s.load);
    expect(s.reads()).toBe(reads);
    await s.cache.get("k1", 1n, s.load);
    expect(s.reads()).toBe(reads + 1);
  });
});

describe("shared figures", () => {
  it("are frozen all the way down, so no user can change what the next one sees", async () => {
    const cache = new FiguresCache(() => 5_000);
    const { value } = await cache.get("k", 1n, async () => ({ rows: [{ n: 2 }, { n: 1 }] }));
    expect(() => value.rows.sort((a, b) => a.n - b.n)).toThrow(TypeError);
    expect(() => {
      value.rows[0]!.n = 3;
    }).toThrow(TypeError);
    const again = await cache.get("k", 1n, async () => ({ rows: [{ n: 0 }] }));
    expect(again.value.rows[0]!.n).toBe(2);
  });

  it("are serialized once per value", () => {
    const value = deepFreeze({ a: [1, 2] });
    expect(figuresJson(value)).toBe('{"a":[1,2]}');
    expect(figuresJson(value)).toBe(figuresJson(value));
    expect(figuresJson(null)).toBe("null");
  });
});
