import type { Channel, Incoming } from '../channels/channel';
import { exportFailedMessage } from '../core/messages/exports';
import { internalErrorMessage } from '../core/messages/help';
import type { Logger } from '../log';
import type { MessageRefStore } from '../storage/messageRefs';
import type { Bot, Response } from './bot';

/**
 * Connects channels to the bot: each incoming message goes to the bot, and its replies go back through
 * the channel it came from. A failure here is logged and answered; it never stops the channel.
 */
export class Dispatcher {
  constructor(
    private readonly bot: Bot,
    private readonly refs: MessageRefStore,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  handlerFor(channel: Channel): (incoming: Incoming) => Promise<void> {
    return async (incoming) => {
      let response: Response;
      try {
        response = this.bot.handle(incoming);
        if (response.error)
          this.logger.error('message handling failed; the raw message is kept', {
            chat: incoming.chatId,
            err: response.error,
          });
      } catch (err) {
        this.logger.error('message handling failed', { chat: incoming.chatId, err });
        response = { replies: [{ text: internalErrorMessage() }], ack: null };
      }
      if (incoming.kind === 'action' && channel.answerAction) {
        await channel.answerAction(incoming, response.ack).catch((err: unknown) => {
          this.logger.warn('button not acknowledged', { chat: incoming.chatId, err });
        });
      }
      for (const reply of response.replies) {
        try {
          const sent = await channel.send(incoming.chatId, reply);
          if (reply.context && sent.messageRef) {
            const c = reply.context;
            this.refs.save(
              incoming.chatId,
              sent.messageRef,
              {
                kind: c.kind,
                periodId: c.periodId ?? null,
                unitId: c.unitId ?? null,
                taskCode: c.taskCode ?? null,
              },
              this.clock(),
            );
          }
        } catch (err) {
          this.logger.warn('reply not delivered', { chat: incoming.chatId, err });
        }
        let files = reply.files ?? [];
        if (reply.render) {
          try {
            files = [...files, ...(await reply.render())];
          } catch (err) {
            this.logger.error('files not made', { chat: incoming.chatId, err });
            await channel
              .send(incoming.chatId, { text: exportFailedMessage() })
              .catch((e: unknown) =>
                this.logger.warn('reply not delivered', { chat: incoming.chatId, err: e }),
              );
          }
        }
        for (const file of files) {
          try {
            if (channel.sendFile) await channel.sendFile(incoming.chatId, file);
            else await channel.send(incoming.chatId, { text: `${file.caption ?? file.name}: ${file.path}` });
          } catch (err) {
            this.logger.warn('file not delivered', { chat: incoming.chatId, file: file.name, err });
          }
        }
      }
    };
  }
}
