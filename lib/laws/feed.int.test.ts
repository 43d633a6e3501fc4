/**
 * Calendar subscription addresses: they open the calendar for a user who may read laws, and stop
 * when that user's sessions end, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endOtherSessions } from "@/lib/accounts";
import { getUserById, inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { feedOpens, feedToken } from "./feed";

let t: TestDatabase;
const system = { type: "system", label: "test" } as const;
const key = "a-session-secret-of-the-test-instance";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe(`calendar subscription addresses on ${testDriver}`, () => {
  it("open the calendar until the user's sessions end, and not for a disabled user", async () => {
    const { user: invited } = await inviteUser(
      t.db,
      system,
      { email: "feed@example.com", role: "marketing" },
      { password: "x".repeat(16), mustChangePassword: false },
    );
    const user = (await getUserById(t.db, invited.id))!;
    const token = feedToken(key, user);
    expect(await feedOpens(t.db, key, user.id, token)).toBe(true);
    expect(await feedOpens(t.db, "another-secret", user.id, token)).toBe(false);
    expect(await feedOpens(t.db, key, user.id.toUpperCase(), token)).toBe(false);
    expect(await feedOpens(t.db, key, user.id, `${token.slice(1)}A`)).toBe(false);

    // "Sign out everywhere else" (as a password change or reset) ends the address too.
    const after = await endOtherSessions(t.db, user, new Date());
    expect(await feedOpens(t.db, key, user.id, token)).toBe(false);
    const renewed = feedToken(key, after);
    expect(await feedOpens(t.db, key, user.id, renewed)).toBe(true);

    const admin = await inviteUser(t.db, system, {
      email: "feed-admin@example.com",
      role: "admin",
    });
    await setDisabled(
      t.db,
      { type: "user", id: admin.user.id, label: admin.user.email, role: "admin" },
      { userId: user.id, disabled: true },
    );
    expect(
      await feedOpens(t.db, key, user.id, feedToken(key, (await getUserById(t.db, user.id))!)),
    ).toBe(false);
  });
});
