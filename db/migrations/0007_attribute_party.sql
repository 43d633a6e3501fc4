ALTER TABLE "profile_attributes" ADD COLUMN "party" text;--> statement-breakpoint
UPDATE "profile_attributes" AS a SET "party" = s."party"::text FROM "data_sources" AS s WHERE s."id" = a."source_id";
