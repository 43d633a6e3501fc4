/** Who the integration tests act as: made-up users (no row behind them) and the system. */
import type { Actor } from "@/lib/audit/record";
import type { Role } from "@/lib/enums";

export function testUser(n: number, label: string, role: Role): Extract<Actor, { type: "user" }> {
  return {
    type: "user",
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    label,
    role,
  };
}

/** The admin most tests act as. */
export const ada = testUser(1, "ada@example.com", "admin");
export const system: Actor = { type: "system", label: "test" };

/** An API key allowed to ingest, as a feeding system uses one. */
export const feeder: Actor = {
  type: "api_key",
  id: "00000000-0000-4000-8000-0000000000aa",
  label: "feeder",
  scopes: ["ingest"],
};
