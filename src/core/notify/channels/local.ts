import { SEVERITIES, type Severity } from '../../../shared/api/schemas/alerts';
import type { ChannelModule } from './types';
import { badConfig, strList } from './config-fields';

/**
 * Channels delivered inside the station's own UIs: the core publishes an event, and the
 * Electron main (desktop popup), the renderer (banner, browser notification, alarm) act on it.
 * Delivery is "handed to the event bus"; nobody watching means the operator sees the alert on
 * the Alerts screen instead, which is always the source of truth.
 */
function localChannel(kind: 'desktop' | 'in_app' | 'browser'): ChannelModule<Record<string, never>> {
  return {
    kind,
    parse: () => ({}),
    redact: () => ({}),
    maxAttempts: () => 1,
    async send(ctx, _config, message, channelName) {
      ctx.events.emit({ type: 'notification', channel_kind: kind, channel_name: channelName, notification: message });
    },
  };
}

export const desktopChannel = localChannel('desktop');
export const inAppChannel = localChannel('in_app');
export const browserChannel = localChannel('browser');

/** The audible alarm plays only for the severities chosen here; muting is per console. */
export const soundChannel: ChannelModule<{ severities: Severity[] }> = {
  kind: 'sound',
  parse(config) {
    const severities = strList(config, 'severities', {
      max: 3,
      item: (s, i) => {
        if (!SEVERITIES.includes(s as Severity)) throw badConfig(`severities[${i}]`, `must be one of ${SEVERITIES.join(', ')}`);
      },
    }) as Severity[];
    return { severities: severities.length ? severities : ['critical', 'warning'] };
  },
  redact: (c) => ({ ...c }),
  maxAttempts: () => 1,
  async send(ctx, config, message, channelName) {
    // Tests always sound: an operator checking the speaker must hear something.
    if (message.purpose !== 'test' && !config.severities.includes(message.severity)) return;
    ctx.events.emit({ type: 'notification', channel_kind: 'sound', channel_name: channelName, notification: message });
  },
};
