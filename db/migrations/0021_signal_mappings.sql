ALTER TABLE "purposes" ADD COLUMN "tcf_purposes" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "consent_mode_signals" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "segment_categories" text[] DEFAULT '{}'::text[] NOT NULL;