CREATE TABLE `audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`chat_id` text,
	`role` text,
	`action` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit` (`at`);--> statement-breakpoint
CREATE TABLE `chats` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`role` text,
	`unit_id` text,
	`bound_at` integer,
	`bound_via` text,
	`gone_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `difficulties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`period_id` text,
	`report_id` integer,
	`inbound_id` integer,
	`text` text NOT NULL,
	`raised_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`answer` text,
	`answered_at` integer,
	`answered_by` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_id`) REFERENCES `inbound`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `difficulties_status` ON `difficulties` (`status`);--> statement-breakpoint
CREATE TABLE `inbound` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`chat_id` text NOT NULL,
	`message_ref` text,
	`sender_id` text,
	`sender_name` text,
	`chat_title` text,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`received_at` integer NOT NULL,
	`outcome` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_dedupe` ON `inbound` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `inbound_chat` ON `inbound` (`chat_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `invites` (
	`code` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`used_at` integer,
	`used_by_chat` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `message_refs` (
	`chat_id` text NOT NULL,
	`message_ref` text NOT NULL,
	`kind` text NOT NULL,
	`period_id` text,
	`unit_id` text,
	`task_code` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `message_ref`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`chat_id` text NOT NULL,
	`kind` text NOT NULL,
	`period_id` text,
	`unit_id` text,
	`payload` text NOT NULL,
	`due_at` integer NOT NULL,
	`expires_at` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`platform_ref` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_ready` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_unit` ON `outbox` (`period_id`,`unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `periods` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`kind` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer DEFAULT 0 NOT NULL,
	`starts_on` text NOT NULL,
	`cutoff_on` text NOT NULL,
	`deadline_on` text NOT NULL,
	`task_codes` text,
	`unit_ids` text,
	`note` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	`cancelled_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `periods_deadline` ON `periods` (`deadline_on`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`source_file` text NOT NULL,
	`content_hash` text NOT NULL,
	`synced_at` integer NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE TABLE `report_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`task_code` text NOT NULL,
	`status` text,
	`result` text NOT NULL,
	`figures` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_items_report` ON `report_items` (`report_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`revision` integer NOT NULL,
	`chat_id` text NOT NULL,
	`chat_title` text,
	`sender_name` text,
	`inbound_id` integer,
	`submitted_at` integer NOT NULL,
	`late` integer NOT NULL,
	`proposals` text NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_id`) REFERENCES `inbound`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_revision` ON `reports` (`period_id`,`unit_id`,`revision`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`code` text NOT NULL,
	`section` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`timing` text NOT NULL,
	`lead` text NOT NULL,
	`coordinate` text NOT NULL,
	`milestones` text NOT NULL,
	`reported` integer NOT NULL,
	`content_hash` text NOT NULL,
	`synced_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_plan_code` ON `tasks` (`plan_id`,`code`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short` text NOT NULL,
	`reports` integer NOT NULL,
	`content_hash` text NOT NULL,
	`synced_at` integer NOT NULL,
	`archived_at` integer
);
