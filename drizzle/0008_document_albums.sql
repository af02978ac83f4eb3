CREATE TABLE `album_held` (
	`dedupe_key` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`album` text NOT NULL,
	`sent_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`message` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `album_held_album` ON `album_held` (`chat_id`,`album`);--> statement-breakpoint
CREATE INDEX `album_held_sent` ON `album_held` (`sent_at`);--> statement-breakpoint
ALTER TABLE `documents` ADD `album` text;--> statement-breakpoint
CREATE INDEX `documents_album` ON `documents` (`chat_id`,`album`);