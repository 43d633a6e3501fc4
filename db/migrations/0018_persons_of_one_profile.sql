ALTER TABLE "persons" ALTER COLUMN "derived" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "derived" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "attributes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "attributes" DROP NOT NULL;--> statement-breakpoint
-- A person of one profile keeps no copy of its profile's scores and attributes (null means "as
-- its only profile"): the rows stored before drop theirs.
UPDATE "persons" SET "derived" = NULL, "attributes" = NULL WHERE "profiles" = 1;
