ALTER TABLE `difficulties` ADD `escalated_at` integer;--> statement-breakpoint
ALTER TABLE `difficulties` ADD `escalated_to` text;--> statement-breakpoint
ALTER TABLE `difficulties` ADD `escalated_by` text;