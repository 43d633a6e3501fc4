CREATE TYPE "public"."preference_page_action" AS ENUM('view', 'save');--> statement-breakpoint
CREATE TABLE "preference_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"subject_id" text NOT NULL,
	"locale" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preference_links_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "preference_page_visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"action" "preference_page_action" NOT NULL,
	"purpose_keys" text[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "reconsent_from_version" integer;--> statement-breakpoint
ALTER TABLE "preference_page_visits" ADD CONSTRAINT "preference_page_visits_link_id_preference_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."preference_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "preference_links_subject_idx" ON "preference_links" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "preference_page_visits_at_idx" ON "preference_page_visits" USING btree ("at");