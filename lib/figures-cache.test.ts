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
    const first = await s.cache.get("k", s.load);
    expect(first.value).toBe(1);
    s.advance(4_999);
    const kept = await s.cache.get("k", s.load);
    expect(kept).toEqual(first);
    s.advance(1);
    const again = await s.cache.get("k", s.load);
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
    const waiting = Promise.all([1, 2, 3].map(() => s.cache.get("a", slow)));
    release();
    expect((await waiting).map((f) => f.value)).toEqual(["figures", "figures", "figures"]);
    expect(reads).toBe(1);
    expect((await s.cache.get("b", s.load)).value).toBe(1);
  });

  it("keeps no failed read: the next request tries again", async () => {
    const s = setup();
    await expect(s.cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(s.cache.size).toBe(0);
    expect((await s.cache.get("k", s.load)).value).toBe(1);
  });

  it("a drop forgets everything, and a read begun before it is not kept after it", async () => {
    const s = setup();
    await s.cache.get("k", s.load);
    s.cache.drop();
    expect((await s.cache.get("k", s.load)).value).toBe(2);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const before = s.cache.get("slow", async () => {
      await gate;
      return "old";
    });
    s.cache.drop(); // a change commits while the read runs
    release();
    expect((await before).value).toBe("old");
    expect((await s.cache.get("slow", async () => "new")).value).toBe("new");
  });

  it("with an age of 0 it reads every time and keeps nothing", async () => {
    const s = setup(0);
    await s.cache.get("k", s.load);
    await s.cache.get("k", s.load);
    expect(s.reads()).toBe(2);
    expect(s.cache.size).toBe(0);
  });

  it("holds at most 500 entries, forgetting the least recently used first", async () => {
    const s = setup();
    for (let i = 0; i < 500; i++) await s.cache.get(`k${i}`, s.load);
    await s.cache.get("k0", s.load); // used again: now the most recent
    await s.cache.get("k500", s.load);
    expect(s.cache.size).toBe(500);
    const reads = s.reads();
    await s.cache.get("k0", s.load);
    expect(s.reads()).toBe(reads);
    await s.cache.get("k1", s.load);
    expect(s.reads()).toBe(reads + 1);
  });
});

describe("shared figures", () => {
  it("are frozen all the way down, so no user can change what the next one sees", async () => {
    const cache = new FiguresCache(() => 5_000);
    const { value } = await cache.get("k", async () => ({ rows: [{ n: 2 }, { n: 1 }] }));
    expect(() => value.rows.sort((a, b) => a.n - b.n)).toThrow(TypeError);
    expect(() => {
      value.rows[0]!.n = 3;
    }).toThrow(TypeError);
    const again = await cache.get("k", async () => ({ rows: [{ n: 0 }] }));
    expect(again.value.rows[0]!.n).toBe(2);
  });

  it("are serialized once per value", () => {
    const value = deepFreeze({ a: [1, 2] });
    expect(figuresJson(value)).toBe('{"a":[1,2]}');
    expect(figuresJson(value)).toBe(figuresJson(value));
    expect(figuresJson(null)).toBe("null");
  });
});
