CREATE TABLE `web_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`chat_id` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`ended_why` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `web_sessions_token` ON `web_sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `web_sessions_chat` ON `web_sessions` (`chat_id`);