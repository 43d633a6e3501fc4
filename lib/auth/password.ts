import "server-only";
/** Password hashing with argon2id (OWASP's recommended parameters: 19 MiB, t=2, p=1). */
import { hash, verify, type Algorithm } from "@node-rs/argon2";

const ARGON2ID = 2 as Algorithm;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

// Verified against when the account does not exist, so a wrong email costs as long as a wrong
// password and response times do not reveal which accounts exist.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword("firstparty-timing-equaliser");
  await verifyPassword(await dummy, password);
}
