CREATE TABLE "profile_source_sets" (
	"signature" text PRIMARY KEY NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Profiles already stored, by their source set (lib/profiles/source-sets; the same statement as
-- profileSignatures in lib/profiles/rollups).
INSERT INTO "profile_source_sets" ("signature", "profiles")
SELECT signature, count(*) FROM (
  SELECT p.subject_id, coalesce(a.signature, '') AS signature
  FROM profiles p
  LEFT JOIN (
    SELECT subject_id,
           string_agg("group" || '.' || name || '=' || coalesce(source_id::text, ''), ','
                      ORDER BY "group" || '.' || name || '=' || coalesce(source_id::text, '') COLLATE "C") AS signature
    FROM profile_attributes GROUP BY subject_id
  ) a ON a.subject_id = p.subject_id
) s
GROUP BY signature;
