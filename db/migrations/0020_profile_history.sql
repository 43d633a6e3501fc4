CREATE TABLE "profile_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	"completeness_micros" bigint DEFAULT 0 NOT NULL,
	"profiles360" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- History starts today (UTC, as the app files days): the profiles already stored, as the first
-- day's move.
INSERT INTO "profile_daily" ("day", "profiles", "completeness_micros", "profiles360", "resolved")
SELECT (now() AT TIME ZONE 'utc')::date, sum(profiles), sum(completeness_micros), sum(profiles360), sum(resolved)
FROM profile_summary WHERE view = 'all'
HAVING coalesce(sum(profiles), 0) <> 0;
