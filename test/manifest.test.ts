import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMAND } from '../src/views/slack-ids';

/**
 * The parts of Slack's app-manifest schema this app uses, with Slack's documented
 * limits, plus the cross-field rules Slack enforces when the app is created.
 */
const manifestSchema = z.strictObject({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
    long_description: z.string().min(175).max(4000).optional(),
  }),
  features: z.strictObject({
    app_home: z.strictObject({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().max(1000).optional(),
          should_escape: z.boolean(),
          url: z.url().optional(),
        }),
      )
      .max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().regex(/^[a-z]+(:[a-z.]+)?$/)).max(255) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ bot_events: z.array(z.string()).max(100), request_url: z.url().optional() }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: z.url().optional() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));

describe('manifest.json', () => {
  it('declares the slash command the app listens for', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
  });

  it('subscribes to the events the app handles, with the scopes each needs', () => {
    const scopes = new Set(manifest.oauth_config.scopes.bot);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'message.im']);
    // message.im needs im:history; the slash command needs commands; cards need chat:write.
    for (const scope of ['im:history', 'commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read']) {
      expect(scopes.has(scope), scope).toBe(true);
    }
  });

  it('has the scopes Slack eyes read with, and no write scope beyond posting', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    // conversations.info / .members need :read, conversations.history / .replies need :history.
    for (const scope of ['channels:history', 'channels:read', 'groups:history', 'groups:read']) expect(scopes, scope).toContain(scope);
    expect(scopes.filter((s) => /:(write|manage)/.test(s)).sort()).toEqual(['chat:write', 'chat:write.public', 'im:write']);
    expect(scopes.filter((s) => s.startsWith('mpim:'))).toEqual([]);
  });

  it('runs in Socket Mode with interactivity and the Home and Messages tabs on', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('needs no request URLs in Socket Mode', () => {
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
  });
});
