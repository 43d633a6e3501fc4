CREATE TABLE "profile_source_sets" (
	"signature" text PRIMARY KEY NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_set_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "source_set_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group" text NOT NULL,
	"name" text NOT NULL,
	"source_id" uuid
);
--> statement-breakpoint
ALTER TABLE "source_set_entries" ADD CONSTRAINT "source_set_entries_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "source_set_entries_key_idx" ON "source_set_entries" USING btree ("group","name",coalesce("source_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
-- Profiles already stored: their (attribute, source) pairs numbered, then counted by their source
-- sets (the same statements as numberSourceSetEntries and profileSignatures in
-- lib/profiles/rollups).
INSERT INTO "source_set_entries" ("group", "name", "source_id")
SELECT DISTINCT "group", name, source_id FROM profile_attributes
ORDER BY 1, 2, 3
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "profile_source_sets" ("signature", "profiles")
SELECT signature, count(*) FROM (
  SELECT p.subject_id, coalesce(a.signature, '') AS signature
  FROM profiles p
  LEFT JOIN (
    SELECT x.subject_id, string_agg(e.id::text, ',' ORDER BY e.id) AS signature
    FROM profile_attributes x
    JOIN source_set_entries e
      ON e."group" = x."group" AND e.name = x.name
     AND coalesce(e.source_id, '00000000-0000-0000-0000-000000000000'::uuid)
       = coalesce(x.source_id, '00000000-0000-0000-0000-000000000000'::uuid)
    GROUP BY x.subject_id
  ) a ON a.subject_id = p.subject_id
) s
GROUP BY signature;
