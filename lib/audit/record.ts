import "server-only";
/**
 * Writes audit events. Always called with the transaction of the change it records, so the
 * change and its audit event commit or roll back together; for changes to what figures are made
 * of, a committed one then moves the figures' version, which has dashboards read them again
 * (lib/figures-cache).
 */
import type { Db, Tx } from "@/db/connect";
import { eq, type SQL } from "drizzle-orm";
import { apiKeys, auditEvents, users, type ApiKeyScope, type Role } from "@/db/schema";
import { hasRole, ownerMayHold } from "@/lib/auth/permissions";
import { AccessLostError } from "@/lib/errors";
import { figuresChanged } from "@/lib/figures-cache";
import type { AuditEntityType } from "./entity-types";
import type en from "@/messages/en.json";

type ActionWords = (typeof en)["audit"]["actions"];
/**
 * The actions the log records, `<entity>.<what>`: each has its words in the message catalogs
 * (the log says "changed a purpose" in the reader's language), or this type refuses it.
 */
export type AuditActionName = {
  [G in keyof ActionWords]: `${G & string}.${keyof ActionWords[G] & string}`;
}[keyof ActionWords];

export type Actor =
  | {
      type: "user";
      id: string;
      label: string;
      role: Role;
      ip?: string;
      /**
       * The role the request was let in with (set by the guards of lib/auth/session): the
       * change's transaction checks that the user still holds it (see recordAudit).
       */
      requires?: Role;
      /**
       * What a request whose role was taken ends with instead of AccessLostError (a page's or a
       * form's: Next.js's "not allowed" page, which the guard passes in).
       */
      whenAccessLost?: () => never;
    }
  | {
      type: "api_key";
      id: string;
      label: string;
      scopes: ApiKeyScope[];
      ip?: string;
      /**
       * Let in by the route guard (lib/auth/session): the change's transaction checks that the
       * key still works (see holdAccess).
       */
      held?: boolean;
    }
  | { type: "system"; label: string }
  | { type: "anonymous"; label: string; ip?: string };

export type AuditInput = {
  action: AuditActionName;
  entityType: AuditEntityType;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  /** False for a change that stored nothing (a batch of duplicates): the figures' version stays. */
  changesFigures?: boolean;
};

export async function recordAudit(tx: Tx | Db, actor: Actor, event: AuditInput): Promise<void> {
  await holdAccess(tx, actor);
  await tx.insert(auditEvents).values(auditRow(actor, event, event.detail ?? null));
  if (event.changesFigures !== false) await figuresChanged(tx, event.entityType);
}

/**
 * The audit event's insert as part of the change's own statement (a data-modifying `with`), for
 * a change whose detail is known only there: `detail` is an SQL expression of that statement
 * (counts of what it wrote). One round trip fewer inside the change's transaction. Unlike
 * recordAudit, the actor's hold (holdAccess, before) and the figures' version (figuresChanged,
 * after) are the caller's.
 */
export function auditInsert(
  tx: Tx,
  actor: Actor,
  event: Pick<AuditInput, "action" | "entityType" | "entityId">,
  detail: SQL,
): SQL {
  return tx
    .insert(auditEvents)
    .values(auditRow(actor, event, detail))
    .getSQL();
}

function auditRow(
  actor: Actor,
  event: Pick<AuditInput, "action" | "entityType" | "entityId" | "before" | "after">,
  detail: unknown,
) {
  return {
    actorType: actor.type,
    actorId: "id" in actor ? actor.id : null,
    actorLabel: actor.label,
    ip: "ip" in actor ? (actor.ip ?? null) : null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    detail,
  };
}

/**
 * A user's role (or their account) may be taken while their request runs, after its guard let it
 * in. Every change records its audit event in its own transaction, so the check is made there:
 * the user's row is held (FOR SHARE) until the change commits, so a demotion under way waits for
 * the change or the change for it, and a change that comes second sees the demotion and is
 * undone (AccessLostError). A change that locks another user's row calls it first, so that it
 * holds the rows in the order a demotion takes them (its admin, then the user demoted).
 */
export async function holdAccess(tx: Tx | Db, actor: Actor): Promise<void> {
  if (actor.type === "api_key" && actor.held) return holdKey(tx, actor.id, actor.scopes);
  if (actor.type !== "user" || !actor.requires) return;
  const [holder] = await tx
    .select({ role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, actor.id))
    .for("share");
  if (!holder || holder.disabled || !hasRole(holder.role, actor.requires)) {
    // The transaction is undone either way; a page's request then shows what the next would.
    actor.whenAccessLost?.();
    throw new AccessLostError();
  }
}

/**
 * The actor without its hold: for an audit event that must be written whether or not its actor
 * still may act (clearing what a refused request left), or after the hold was taken already.
 */
export function unheld(actor: Actor): Actor {
  if (actor.type === "api_key") return { ...actor, held: false };
  if (actor.type === "user") return { ...actor, requires: undefined, whenAccessLost: undefined };
  return actor;
}

/**
 * The same for an API key: the key and its owner's row are held until the change commits, so a
 * revocation (or the owner's demotion or disabling) under way waits for it, or it sees the
 * revocation and changes nothing. Once a revocation has answered, no change made with the key
 * commits.
 */
async function holdKey(tx: Tx | Db, id: string, scopes: readonly ApiKeyScope[]): Promise<void> {
  const [held] = await tx
    .select({
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      role: users.role,
      disabled: users.disabled,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.id, id))
    .for("share");
  const expired = held?.expiresAt && held.expiresAt.getTime() <= Date.now();
  if (!held || held.revokedAt || expired || held.disabled || !ownerMayHold(held.role, scopes)) {
    throw new AccessLostError(
      "The API key was revoked, expired or lost its owner's role while the request ran; nothing was changed",
      401,
    );
  }
}
