ALTER TABLE "api_keys" ADD COLUMN "created_by_key" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_key_api_keys_id_fk" FOREIGN KEY ("created_by_key") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Keys made with a key before this column: the audit trail names the key that made each one.
UPDATE "api_keys" AS k SET "created_by_key" = p."id"
FROM "audit_events" AS a, "api_keys" AS p
WHERE a."action" = 'api_key.create' AND a."actor_type" = 'api_key'
  AND a."entity_id" = k."id"::text AND a."actor_id" = p."id"::text AND p."id" <> k."id";
--> statement-breakpoint
-- Keys made with a key revoked before this migration still worked: they stop now, each with its
-- audit event naming the revoked key they were made with.
WITH RECURSIVE heirs AS (
  SELECT k."id", p."id" AS "root" FROM "api_keys" AS k
  JOIN "api_keys" AS p ON k."created_by_key" = p."id"
  WHERE p."revoked_at" IS NOT NULL
  UNION
  SELECT k."id", h."root" FROM "api_keys" AS k JOIN heirs AS h ON k."created_by_key" = h."id"
),
revoked AS (
  UPDATE "api_keys" AS k SET "revoked_at" = now()
  FROM (SELECT DISTINCT ON ("id") "id", "root" FROM heirs ORDER BY "id", "root") AS h
  WHERE k."id" = h."id" AND k."revoked_at" IS NULL
  RETURNING k."id", h."root"
)
INSERT INTO "audit_events" ("actor_type", "actor_label", "action", "entity_type", "entity_id", "detail")
SELECT 'system', 'upgrade (migration 0031)', 'api_key.revoke', 'api_key', "id"::text,
       jsonb_build_object('revokedWith', "root")
FROM revoked;
