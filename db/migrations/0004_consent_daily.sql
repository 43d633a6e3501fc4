CREATE TABLE "consent_daily" (
	"purpose_id" uuid NOT NULL,
	"day" date NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	"grants" integer DEFAULT 0 NOT NULL,
	"denies" integer DEFAULT 0 NOT NULL,
	"withdrawals" integer DEFAULT 0 NOT NULL,
	"gpc_events" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "consent_daily_purpose_id_day_pk" PRIMARY KEY("purpose_id","day")
);
--> statement-breakpoint
ALTER TABLE "consent_daily" ADD CONSTRAINT "consent_daily_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;