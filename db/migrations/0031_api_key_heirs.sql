ALTER TABLE "api_keys" ADD COLUMN "created_by_key" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_key_api_keys_id_fk" FOREIGN KEY ("created_by_key") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Keys made with a key before this column: the audit trail names the key that made each one.
UPDATE "api_keys" AS k SET "created_by_key" = p."id"
FROM "audit_events" AS a, "api_keys" AS p
WHERE a."action" = 'api_key.create' AND a."actor_type" = 'api_key'
  AND a."entity_id" = k."id"::text AND a."actor_id" = p."id"::text AND p."id" <> k."id";
