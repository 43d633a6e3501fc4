ALTER TABLE "profile_identifiers" ADD COLUMN "normalized" text;--> statement-breakpoint
CREATE INDEX "profile_identifiers_normalized_idx" ON "profile_identifiers" USING btree ("normalized","type");