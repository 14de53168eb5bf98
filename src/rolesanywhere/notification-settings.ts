/**
 * rolesanywhere PutNotificationSettings / ResetNotificationSettings (PATCH, the anchor's id in the
 * body): a trust anchor's settings per event and channel — Put lays the given ones over the
 * current (configured by the account), Reset puts AWS's default back for each key given.
 * Authorized on the anchor's ARN, as the Service Authorization Reference gives both.
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_PutNotificationSettings.html
 */
import { action } from '../core/action.js';
import { DEFAULT_SETTINGS, settingsWith, trustAnchorArn } from './model.js';
import { notificationChannel, notificationEvent, notificationSettings, uuid } from './shapes.js';
import { updateItem } from './resources.js';
import { TRUST_ANCHOR } from './trust-anchors.js';

export const putNotificationSettings = action({
  service: 'rolesanywhere',
  name: 'PutNotificationSettings',
  params: { trustAnchorId: { ...uuid, required: true }, notificationSettings: { ...notificationSettings, required: true } },
  resource: (input, caller, ctx) => trustAnchorArn(ctx.region, caller.account, input.trustAnchorId),
  handler: (ctx, input) => updateItem(ctx, TRUST_ANCHOR, input.trustAnchorId, (t) => ({ ...t, notificationSettings: settingsWith(t.notificationSettings, input.notificationSettings, ctx.caller.account) })),
});

export const resetNotificationSettings = action({
  service: 'rolesanywhere',
  name: 'ResetNotificationSettings',
  params: {
    trustAnchorId: { ...uuid, required: true },
    notificationSettingKeys: { type: 'list', max: 50, required: true, member: { type: 'structure', members: { event: { ...notificationEvent, required: true }, channel: notificationChannel } } },
  },
  resource: (input, caller, ctx) => trustAnchorArn(ctx.region, caller.account, input.trustAnchorId),
  handler: (ctx, input) =>
    updateItem(ctx, TRUST_ANCHOR, input.trustAnchorId, (t) => {
      const settings = t.notificationSettings.map((s) => {
        const reset = input.notificationSettingKeys.some((k) => k.event === s.event && (k.channel ?? 'ALL') === s.channel);
        return reset ? (DEFAULT_SETTINGS.find((d) => d.event === s.event && d.channel === s.channel) ?? s) : s;
      });
      return { ...t, notificationSettings: settings };
    }),
});

export const notificationActions = [putNotificationSettings, resetNotificationSettings];
