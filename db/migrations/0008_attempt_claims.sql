CREATE TABLE "attempt_claims" (
	"execution_id" text NOT NULL,
	"handler_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attempt_claims_pkey" PRIMARY KEY("execution_id","handler_id","attempt")
);
--> statement-breakpoint
ALTER TABLE "attempt_claims" ADD CONSTRAINT "attempt_claims_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;