CREATE TYPE "public"."conversation_kind" AS ENUM('normal', 'chatroom', 'service', 'temporary');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('Owner', 'Manager', 'Member');--> statement-breakpoint
CREATE TYPE "public"."message_revision_kind" AS ENUM('edit', 'recall');--> statement-breakpoint
CREATE TYPE "public"."operator_role" AS ENUM('admin', 'moderator', 'viewer');--> statement-breakpoint
CREATE TABLE "apps" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"master_key" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"app_id" text COLLATE "C" NOT NULL,
	"kind" "conversation_kind" NOT NULL,
	"name" text COLLATE "C",
	"creator" text COLLATE "C",
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unique" boolean DEFAULT false NOT NULL,
	"unique_id" text COLLATE "C",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_message_id" text COLLATE "C",
	"last_message_timestamp" bigint,
	"last_message_from" text COLLATE "C",
	"last_message_text" text,
	"last_message_binary" "bytea",
	"last_message_patch_timestamp" bigint,
	"last_message_mention_all" boolean DEFAULT false NOT NULL,
	"last_message_mention_pids" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"member_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_members" (
	"conversation_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"app_id" text COLLATE "C" NOT NULL,
	"role" "member_role" DEFAULT 'Member' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"push_muted" boolean DEFAULT false NOT NULL,
	"delivered_at" bigint DEFAULT 0 NOT NULL,
	"read_at" bigint DEFAULT 0 NOT NULL,
	"read_changed_at" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "conversation_members_conversation_id_client_id_pk" PRIMARY KEY("conversation_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_blocks" (
	"conversation_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"blocked_by" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_blocks_conversation_id_client_id_pk" PRIMARY KEY("conversation_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_silences" (
	"conversation_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"silenced_by" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "conversation_silences_conversation_id_client_id_pk" PRIMARY KEY("conversation_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "message_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" text COLLATE "C" NOT NULL,
	"message_id" text COLLATE "C" NOT NULL,
	"content_text" text,
	"content_binary" "bytea",
	"replaced_at" bigint NOT NULL,
	"replaced_by" text NOT NULL,
	"reason" text,
	"kind" "message_revision_kind" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"conversation_id" text COLLATE "C" NOT NULL,
	"timestamp" bigint NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"from_client" text COLLATE "C" NOT NULL,
	"content_text" text,
	"content_binary" "bytea",
	"lc_type" integer,
	"mention_all" boolean DEFAULT false NOT NULL,
	"mention_pids" text[] DEFAULT '{}'::text[] NOT NULL,
	"receipt" boolean DEFAULT false NOT NULL,
	"patch_timestamp" bigint,
	"recalled" boolean DEFAULT false NOT NULL,
	"push_data" text,
	"priority" smallint,
	"visible_to" text COLLATE "C",
	CONSTRAINT "messages_conversation_id_timestamp_id_pk" PRIMARY KEY("conversation_id","timestamp","id")
);
--> statement-breakpoint
CREATE TABLE "client_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"server_ts" bigint NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_tokens" (
	"token_hash" text COLLATE "C" PRIMARY KEY NOT NULL,
	"app_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"tag" text,
	"device_id" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"operator_id" text COLLATE "C" NOT NULL,
	"operator_role" "operator_role" NOT NULL,
	"action" text NOT NULL,
	"app_id" text COLLATE "C",
	"conversation_id" text COLLATE "C",
	"target" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"token_hash" text COLLATE "C" PRIMARY KEY NOT NULL,
	"operator_id" text COLLATE "C" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "operator_role" NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_payloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"payload" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_blocks" ADD CONSTRAINT "conversation_blocks_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_silences" ADD CONSTRAINT "conversation_silences_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_revisions" ADD CONSTRAINT "message_revisions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_app_last_message_idx" ON "conversations" USING btree ("app_id","last_message_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "conversations_unique_idx" ON "conversations" USING btree ("app_id","kind","unique_id","created_at") WHERE "conversations"."unique" and "conversations"."unique_id" is not null;--> statement-breakpoint
CREATE INDEX "conversations_expires_idx" ON "conversations" USING btree ("expires_at") WHERE "conversations"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "conversations_attributes_idx" ON "conversations" USING gin ("attributes" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "conversation_members_client_idx" ON "conversation_members" USING btree ("app_id","client_id","conversation_id");--> statement-breakpoint
CREATE INDEX "message_revisions_message_idx" ON "message_revisions" USING btree ("conversation_id","message_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_message_idx" ON "messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "messages_patches_idx" ON "messages" USING btree ("conversation_id","patch_timestamp","id") WHERE "messages"."patch_timestamp" is not null;--> statement-breakpoint
CREATE INDEX "messages_mentions_idx" ON "messages" USING btree ("conversation_id","timestamp") WHERE "messages"."mention_all" or "messages"."mention_pids" <> '{}'::text[];--> statement-breakpoint
CREATE INDEX "client_notifications_client_idx" ON "client_notifications" USING btree ("app_id","client_id","server_ts","id");--> statement-breakpoint
CREATE INDEX "client_notifications_server_ts_idx" ON "client_notifications" USING brin ("server_ts");--> statement-breakpoint
CREATE INDEX "session_tokens_client_idx" ON "session_tokens" USING btree ("app_id","client_id");--> statement-breakpoint
CREATE INDEX "session_tokens_expires_idx" ON "session_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_operator_idx" ON "audit_log" USING btree ("operator_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_app_idx" ON "audit_log" USING btree ("app_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_conversation_idx" ON "audit_log" USING btree ("conversation_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "operator_sessions_operator_idx" ON "operator_sessions" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "operator_sessions_expires_idx" ON "operator_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "operators_email_idx" ON "operators" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "event_payloads_created_idx" ON "event_payloads" USING btree ("created_at");