import type { Channel, ChatId, OutgoingFile, Sent } from './channel';

/** A file as a document where the channel takes files; else its path (and caption) in a text message. */
export function sendFileOrPath(channel: Channel, chatId: ChatId, file: OutgoingFile): Promise<Sent> {
  return channel.sendFile
    ? channel.sendFile(chatId, file)
    : channel.send(chatId, { text: `${file.caption ?? file.name}: ${file.path}` });
}
