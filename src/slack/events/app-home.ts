import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps';
import { publishHome } from '../../use-cases/home';

const homeOpened = z.object({ user: z.string().min(1), tab: z.string().optional() });

/** Opening the Home tab publishes it at once; later changes refresh it (debounced). */
export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event }) => {
    const parsed = homeOpened.parse(event);
    if (parsed.tab && parsed.tab !== 'home') return;
    await publishHome(deps, parsed.user);
  });
}
