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
    const first = await s.cache.get("k", 1, s.load);
    expect(first.value).toBe(1);
    s.advance(4_999);
    const kept = await s.cache.get("k", 1, s.load);
    expect(kept).toEqual(first);
    s.advance(1);
    const again = await s.cache.get("k", 1, s.load);
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
    const waiting = Promise.all([1, 2, 3].map(() => s.cache.get("a", 1, slow)));
    release();
    expect((await waiting).map((f) => f.value)).toEqual(["figures", "figures", "figures"]);
    expect(reads).toBe(1);
    expect((await s.cache.get("b", 1, s.load)).value).toBe(1);
  });

  it("keeps no failed read: the next request tries again", async () => {
    const s = setup();
    await expect(s.cache.get("k", 1, () => Promise.reject(new Error("down")))).rejects.toThrow(
      "down",
    );
    expect(s.cache.size).toBe(0);
    expect((await s.cache.get("k", 1, s.load)).value).toBe(1);
  });

  it("reads again for a request that saw a later version, when nothing else is being read", async () => {
    const s = setup();
    await s.cache.get("k", 1, s.load);
    // A change committed: the next request sees version 2 and reads again.
    expect((await s.cache.get("k", 2, s.load)).value).toBe(2);
    expect((await s.cache.get("k", 2, s.load)).value).toBe(2);
    // A request that saw the version before the change is served the newer figures.
    expect((await s.cache.get("k", 1, s.load)).value).toBe(2);
    expect(s.reads()).toBe(2);
  });

  it("while a read is in progress, serves figures of an earlier version until they are as old as allowed", async () => {
    const s = setup();
    await s.cache.get("k", 1, s.load);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const busy = s.cache.get("other", 2, async () => {
      await gate;
      return "other";
    });
    // Busy: version 2's request gets version 1's figures, still young.
    expect((await s.cache.get("k", 2, s.load)).value).toBe(1);
    s.advance(5_000);
    // Too old to serve, busy or not.
    expect((await s.cache.get("k", 2, s.load)).value).toBe(2);
    release();
    await busy;
    expect(s.reads()).toBe(2);
  });

  it("a read at an earlier version does not replace one at a later version", async () => {
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const before = s.cache.get("slow", 1, async () => {
      await gate;
      return "old";
    });
    // Meanwhile the read in progress is too old to share, and a later version is read.
    s.advance(5_000);
    expect((await s.cache.get("slow", 2, async () => "new")).value).toBe("new");
    release();
    expect((await before).value).toBe("old");
    expect((await s.cache.get("slow", 2, async () => "newer")).value).toBe("new");
    // A request at version 1 whose kept figures are too old reads, and keeps nothing over them.
    s.advance(5_000);
    expect((await s.cache.get("slow", 1, async () => "older")).value).toBe("older");
    expect((await s.cache.get("slow", 2, async () => "newest")).value).toBe("newest");
  });

  it("while figures of an earlier version are being read, a later request waits for that read", async () => {
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = s.cache.get("k", 1, async () => {
      await gate;
      return "read";
    });
    const second = s.cache.get("k", 2, async () => "again");
    release();
    expect([(await first).value, (await second).value]).toEqual(["read", "read"]);
  });

  it("with an age of 0 it reads every time and keeps nothing", async () => {
    const s = setup(0);
    await s.cache.get("k", 1, s.load);
    await s.cache.get("k", 1, s.load);
    expect(s.reads()).toBe(2);
    expect(s.cache.size).toBe(0);
  });

  it("holds at most 500 entries, forgetting the least recently used first", async () => {
    const s = setup();
    for (let i = 0; i < 500; i++) await s.cache.get(`k${i}`, 1, s.load);
    await s.cache.get("k0", 1, s.load); // used again: now the most recent
    await s.cache.get("k500", 1, s.load);
    expect(s.cache.size).toBe(500);
    const reads = s.reads();
    await s.cache.get("k0", 1, s.load);
    expect(s.reads()).toBe(reads);
    await s.cache.get("k1", 1, s.load);
    expect(s.reads()).toBe(reads + 1);
  });
});

describe("shared figures", () => {
  it("are frozen all the way down, so no user can change what the next one sees", async () => {
    const cache = new FiguresCache(() => 5_000);
    const { value } = await cache.get("k", 1, async () => ({ rows: [{ n: 2 }, { n: 1 }] }));
    expect(() => value.rows.sort((a, b) => a.n - b.n)).toThrow(TypeError);
    expect(() => {
      value.rows[0]!.n = 3;
    }).toThrow(TypeError);
    const again = await cache.get("k", 1, async () => ({ rows: [{ n: 0 }] }));
    expect(again.value.rows[0]!.n).toBe(2);
  });

  it("are serialized once per value", () => {
    const value = deepFreeze({ a: [1, 2] });
    expect(figuresJson(value)).toBe('{"a":[1,2]}');
    expect(figuresJson(value)).toBe(figuresJson(value));
    expect(figuresJson(null)).toBe("null");
  });
});
