ALTER TABLE "laws" ADD COLUMN "name_de" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "laws" ADD COLUMN "short_name_de" text DEFAULT '' NOT NULL;