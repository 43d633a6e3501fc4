ALTER TABLE "purposes" ADD COLUMN "customer_title_de" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "customer_description_de" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "customer_value_de" text DEFAULT '' NOT NULL;