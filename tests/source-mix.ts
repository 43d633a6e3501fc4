/** The party mix both source tests build: zero 1, first 3, second 1, third 5 (cookies) tenths. */
import { expect } from "vitest";
import type { PartyMix } from "@/lib/sources/mix";

type Mix = {
  byParty: PartyMix[];
  firstPartyShare: number | null;
  cookieBasedShare: number | null;
};

/** Checks a mix of 1:3:1:5 volume units by party, `unit` each, and its first-party and cookie shares. */
export function expectTenthsMix(mix: Mix, unit: number) {
  expect(mix.byParty).toEqual([
    { party: "zero", sources: 1, volume: unit, share: 0.1 },
    { party: "first", sources: 1, volume: 3 * unit, share: 0.3 },
    { party: "second", sources: 1, volume: unit, share: 0.1 },
    { party: "third", sources: 1, volume: 5 * unit, share: 0.5 },
  ]);
  expect(mix.firstPartyShare).toBeCloseTo(0.4);
  expect(mix.cookieBasedShare).toBeCloseTo(0.5);
}
