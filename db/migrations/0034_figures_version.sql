CREATE TABLE "figures_version" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "figures_version_one_row" CHECK ("figures_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "figures_version" ("id", "version") VALUES (1, 0);
