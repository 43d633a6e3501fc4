CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"cursor" text,
	"detail" jsonb,
	"error" text,
	"heartbeat_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "profile_fill" (
	"region" text NOT NULL,
	"party" text NOT NULL,
	"group" text NOT NULL,
	"name" text NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "profile_fill_region_party_group_name_pk" PRIMARY KEY("region","party","group","name")
);
--> statement-breakpoint
CREATE TABLE "profile_reach" (
	"region" text NOT NULL,
	"purpose_id" uuid NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "profile_reach_region_purpose_id_pk" PRIMARY KEY("region","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "profile_summary" (
	"region" text NOT NULL,
	"view" text NOT NULL,
	"bucket" smallint NOT NULL,
	"profiles" integer DEFAULT 0 NOT NULL,
	"completeness_micros" bigint DEFAULT 0 NOT NULL,
	"profiles360" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "profile_summary_region_view_bucket_pk" PRIMARY KEY("region","view","bucket")
);
--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "derived" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "model_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "profile_reach" ADD CONSTRAINT "profile_reach_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_kind_created_idx" ON "jobs" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "profiles_model_version_idx" ON "profiles" USING btree ("model_version","subject_id");