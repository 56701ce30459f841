CREATE TABLE "service_webhook_cursors" (
	"app_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"last_timestamp" bigint NOT NULL,
	"last_id" text COLLATE "C" NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_webhook_cursors" ADD CONSTRAINT "service_webhook_cursors_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_private_idx" ON "messages" USING btree ("timestamp","id") WHERE "messages"."visible_to" is not null;