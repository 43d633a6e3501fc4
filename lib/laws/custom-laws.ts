import "server-only";
/**
 * Laws the company tracks that are not in the shipped catalog; their ids start with `own-`.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { lawObligations, laws } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { customLawSchema } from "./schema";
import { getLaw, type LawView } from "./views";

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "law"
  );
}

/** A law the company tracks that is not in the shipped catalog; its id starts with `own-`. */
export async function createCustomLaw(db: Db, actor: Actor, input: unknown): Promise<LawView> {
  const data = customLawSchema.parse(input);
  const id = await db.transaction(async (tx) => {
    const base = `own-${slug(data.shortName)}`;
    // One writer at a time per name, and the first free id: own-x, own-x-2, own-x-3, …
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`firstparty:law:${base}`}))`);
    const taken = new Set(
      (
        await tx
          .select({ id: laws.id })
          .from(laws)
          .where(sql`${laws.id} = ${base} or ${laws.id} like ${`${base}-%`}`)
      ).map((r) => r.id),
    );
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    await tx.insert(laws).values({
      id,
      name: data.name,
      shortName: data.shortName,
      jurisdictions: data.jurisdictions,
      effectiveDate: data.effectiveDate,
      status: "enacted",
      sourceUrl: data.sourceUrl || null,
      custom: true,
      notes: data.notes,
    });
    await tx
      .insert(lawObligations)
      .values(data.obligations.map((key) => ({ lawId: id, obligationKey: key })));
    await recordAudit(tx, actor, {
      action: "law.create",
      entityType: "law",
      entityId: id,
      after: data,
    });
    return id;
  });
  return (await getLaw(db, id))!;
}
