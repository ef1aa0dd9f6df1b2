import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps';
import { statusFor } from '../../use-cases/status';
import { context, fitBlocks, header } from '../../views/kit';

const homeOpened = z.object({ user: z.string().min(1), tab: z.string().optional() });

/** A minimal Home tab: the person's WIP and open items (the same words as `/delegate status`). */
export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = homeOpened.parse(event);
    if (parsed.tab && parsed.tab !== 'home') return;
    const status = await statusFor(deps, parsed.user);
    await client.views.publish({
      user_id: parsed.user,
      view: {
        type: 'home',
        blocks: fitBlocks(
          [header('Your delegated work'), ...status.blocks, context('Delegate more with `/delegate <instructions>`, or `/delegate help`.')],
          100,
          1,
        ),
      },
    });
  });
}
