CREATE TABLE "consent_rollups" (
	"purpose_id" uuid NOT NULL,
	"day" date NOT NULL,
	"region" text NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	"grants" integer DEFAULT 0 NOT NULL,
	"denies" integer DEFAULT 0 NOT NULL,
	"withdrawals" integer DEFAULT 0 NOT NULL,
	"gpc_events" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "consent_rollups_purpose_id_day_region_channel_pk" PRIMARY KEY("purpose_id","day","region","channel")
);
--> statement-breakpoint
ALTER TABLE "consent_rollups" ADD CONSTRAINT "consent_rollups_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_rollups_day_idx" ON "consent_rollups" USING btree ("day");