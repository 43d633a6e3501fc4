CREATE TABLE "consent_totals" (
	"purpose_id" uuid NOT NULL,
	"region" text NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "consent_totals_purpose_id_region_channel_pk" PRIMARY KEY("purpose_id","region","channel")
);
--> statement-breakpoint
ALTER TABLE "consent_totals" ADD CONSTRAINT "consent_totals_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;