CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`type` text NOT NULL,
	`mime` text NOT NULL,
	`name` text,
	`unit_id` text NOT NULL,
	`period_id` text,
	`report_id` integer,
	`chat_id` text NOT NULL,
	`sender_id` text,
	`sender_name` text,
	`inbound_id` integer,
	`received_at` integer NOT NULL,
	`text_chars` integer DEFAULT 0 NOT NULL,
	`text_problem` text,
	`statuses_from_file` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_id`) REFERENCES `inbound`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_period_unit` ON `documents` (`period_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `documents_sha` ON `documents` (`sha256`);