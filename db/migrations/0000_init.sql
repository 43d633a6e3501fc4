CREATE TYPE "public"."actor_type" AS ENUM('user', 'api_key', 'system', 'anonymous');--> statement-breakpoint
CREATE TYPE "public"."api_key_scope" AS ENUM('ingest', 'read', 'admin');--> statement-breakpoint
CREATE TYPE "public"."consent_action" AS ENUM('grant', 'deny', 'withdraw');--> statement-breakpoint
CREATE TYPE "public"."consent_channel" AS ENUM('web', 'app', 'email', 'store', 'call_center', 'other');--> statement-breakpoint
CREATE TYPE "public"."control_status" AS ENUM('not_started', 'in_progress', 'implemented', 'not_applicable');--> statement-breakpoint
CREATE TYPE "public"."functional_area" AS ENUM('marketing', 'sales', 'service', 'analytics', 'personalization');--> statement-breakpoint
CREATE TYPE "public"."law_status" AS ENUM('enacted', 'in_force', 'amended', 'repealed');--> statement-breakpoint
CREATE TYPE "public"."legal_basis" AS ENUM('consent', 'legitimate_interest', 'contract', 'legal_obligation');--> statement-breakpoint
CREATE TYPE "public"."party" AS ENUM('zero', 'first', 'second', 'third');--> statement-breakpoint
CREATE TYPE "public"."purpose_status" AS ENUM('draft', 'active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('marketing', 'privacy', 'admin');--> statement-breakpoint
CREATE TYPE "public"."source_channel" AS ENUM('online', 'offline');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" "api_key_scope"[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"purpose_id" uuid NOT NULL,
	"purpose_version" integer NOT NULL,
	"action" "consent_action" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"region" text NOT NULL,
	"gpc" boolean DEFAULT false NOT NULL,
	"notice_version" text,
	"source_id" uuid,
	CONSTRAINT "consent_events_eventId_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "controls" (
	"obligation_key" text PRIMARY KEY NOT NULL,
	"status" "control_status" DEFAULT 'not_started' NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"due_date" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "data_source_purposes" (
	"source_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	CONSTRAINT "data_source_purposes_source_id_purpose_id_pk" PRIMARY KEY("source_id","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "data_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"party" "party" NOT NULL,
	"category" text NOT NULL,
	"channel" "source_channel" NOT NULL,
	"data_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"monthly_volume" bigint DEFAULT 0 NOT NULL,
	"cookie_based" boolean DEFAULT false NOT NULL,
	"active_from" date NOT NULL,
	"retired_at" date,
	"owner_team" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_sources_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "internal_deadlines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"date" date NOT NULL,
	"law_id" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "law_obligations" (
	"law_id" text NOT NULL,
	"obligation_key" text NOT NULL,
	"applies_from" date,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "law_obligations_law_id_obligation_key_pk" PRIMARY KEY("law_id","obligation_key")
);
--> statement-breakpoint
CREATE TABLE "law_phases" (
	"law_id" text NOT NULL,
	"date" date NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "law_phases_law_id_date_label_pk" PRIMARY KEY("law_id","date","label")
);
--> statement-breakpoint
CREATE TABLE "laws" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"jurisdictions" text[] NOT NULL,
	"effective_date" date NOT NULL,
	"status" "law_status" DEFAULT 'enacted' NOT NULL,
	"source_url" text,
	"reviewed_on" date,
	"cure_period_days" integer,
	"custom" boolean DEFAULT false NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "obligations" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_attributes" (
	"subject_id" text NOT NULL,
	"group" text NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"source_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_attributes_subject_id_group_name_pk" PRIMARY KEY("subject_id","group","name")
);
--> statement-breakpoint
CREATE TABLE "profile_identifiers" (
	"subject_id" text NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "profile_identifiers_subject_id_type_pk" PRIMARY KEY("subject_id","type")
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"completeness" real DEFAULT 0 NOT NULL,
	"groups_present" text[] DEFAULT '{}'::text[] NOT NULL,
	"is360" boolean DEFAULT false NOT NULL,
	"identifier_types" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purpose_versions" (
	"purpose_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text,
	CONSTRAINT "purpose_versions_purpose_id_version_pk" PRIMARY KEY("purpose_id","version")
);
--> statement-breakpoint
CREATE TABLE "purposes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"functional_area" "functional_area" NOT NULL,
	"legal_basis" "legal_basis" NOT NULL,
	"customer_title" text DEFAULT '' NOT NULL,
	"customer_description" text DEFAULT '' NOT NULL,
	"customer_value" text DEFAULT '' NOT NULL,
	"data_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"retention_days" integer NOT NULL,
	"involves_sale" boolean DEFAULT false NOT NULL,
	"involves_sensitive_data" boolean DEFAULT false NOT NULL,
	"status" "purpose_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purposes_key_unique" UNIQUE("key"),
	CONSTRAINT "purposes_retention_days_range" CHECK ("purposes"."retention_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controls" ADD CONSTRAINT "controls_obligation_key_obligations_key_fk" FOREIGN KEY ("obligation_key") REFERENCES "public"."obligations"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_source_purposes" ADD CONSTRAINT "data_source_purposes_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_source_purposes" ADD CONSTRAINT "data_source_purposes_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_deadlines" ADD CONSTRAINT "internal_deadlines_law_id_laws_id_fk" FOREIGN KEY ("law_id") REFERENCES "public"."laws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_deadlines" ADD CONSTRAINT "internal_deadlines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "law_obligations" ADD CONSTRAINT "law_obligations_law_id_laws_id_fk" FOREIGN KEY ("law_id") REFERENCES "public"."laws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "law_obligations" ADD CONSTRAINT "law_obligations_obligation_key_obligations_key_fk" FOREIGN KEY ("obligation_key") REFERENCES "public"."obligations"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "law_phases" ADD CONSTRAINT "law_phases_law_id_laws_id_fk" FOREIGN KEY ("law_id") REFERENCES "public"."laws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_attributes" ADD CONSTRAINT "profile_attributes_subject_id_profiles_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."profiles"("subject_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_attributes" ADD CONSTRAINT "profile_attributes_source_id_data_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."data_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_identifiers" ADD CONSTRAINT "profile_identifiers_subject_id_profiles_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."profiles"("subject_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_versions" ADD CONSTRAINT "purpose_versions_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "consent_events_subject_purpose_idx" ON "consent_events" USING btree ("subject_id","purpose_id","occurred_at");--> statement-breakpoint
CREATE INDEX "consent_events_purpose_occurred_idx" ON "consent_events" USING btree ("purpose_id","occurred_at");--> statement-breakpoint
CREATE INDEX "profiles_region_idx" ON "profiles" USING btree ("region");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));