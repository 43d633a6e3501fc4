CREATE TABLE "identity_match" (
	"region" text NOT NULL,
	"type" text NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "identity_match_region_type_pk" PRIMARY KEY("region","type")
);
--> statement-breakpoint
CREATE TABLE "person_fill" (
	"region" text NOT NULL,
	"party" text NOT NULL,
	"group" text NOT NULL,
	"name" text NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "person_fill_region_party_group_name_pk" PRIMARY KEY("region","party","group","name")
);
--> statement-breakpoint
CREATE TABLE "person_reach" (
	"region" text NOT NULL,
	"purpose_id" uuid NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "person_reach_region_purpose_id_pk" PRIMARY KEY("region","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "person_sizes" (
	"region" text NOT NULL,
	"size" integer NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "person_sizes_region_size_pk" PRIMARY KEY("region","size")
);
--> statement-breakpoint
CREATE TABLE "person_summary" (
	"region" text NOT NULL,
	"view" text NOT NULL,
	"bucket" smallint NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	"completeness_micros" bigint DEFAULT 0 NOT NULL,
	"persons360" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "person_summary_region_view_bucket_pk" PRIMARY KEY("region","view","bucket")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"person_id" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	"identifier_types" integer DEFAULT 0 NOT NULL,
	"derived" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "person_id" text;--> statement-breakpoint
-- Every profile stands alone until identities are resolved at start-up (lib/identity/resolve).
UPDATE "profiles" SET "person_id" = "subject_id";--> statement-breakpoint
ALTER TABLE "profiles" ALTER COLUMN "person_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "person_reach" ADD CONSTRAINT "person_reach_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "profiles_person_idx" ON "profiles" USING btree ("person_id");