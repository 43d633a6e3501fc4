ALTER TABLE "law_obligations" ADD COLUMN "note_de" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "law_phases" ADD COLUMN "label_de" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "laws" ADD COLUMN "cure_ends_on" date;--> statement-breakpoint
ALTER TABLE "laws" ADD COLUMN "sources" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "laws" ADD COLUMN "notes_de" text DEFAULT '' NOT NULL;