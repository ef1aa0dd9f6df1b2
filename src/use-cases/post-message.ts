import type { WebClient } from '@slack/web-api';
import type { Message } from '../views/card';

/** Posts one rendered message (links not unfurled); Slack must say where it landed. */
export async function postMessage(client: WebClient, channel: string, message: Message): Promise<{ channel: string; ts: string }> {
  const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
  if (!res.channel || !res.ts) throw new Error('chat.postMessage returned no channel or ts');
  return { channel: res.channel, ts: res.ts };
}
