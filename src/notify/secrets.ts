/**
 * Channel secrets come from the environment variables the configuration names. A variable that is
 * not set is a configuration error (exit 2) as soon as a command would use the channel: better to
 * refuse at start than to pile up deliveries that cannot go out.
 */
import { ConfigError } from '../config.ts';
import type { ChannelSettings, NotifySettings } from './settings.ts';

export interface ChannelSecrets {
  /** SMTP password, webhook signing secret or Matrix access token; null when the channel needs none. */
  secret: string | null;
}

function secretVariable(channel: ChannelSettings): { key: string; name: string } | null {
  if (channel.type === 'email') return channel.passwordEnv ? { key: 'passwordEnv', name: channel.passwordEnv } : null;
  if (channel.type === 'webhook') return channel.secretEnv ? { key: 'secretEnv', name: channel.secretEnv } : null;
  return { key: 'accessTokenEnv', name: channel.accessTokenEnv };
}

export function channelSecrets(
  name: string,
  channel: ChannelSettings,
  env: NodeJS.ProcessEnv = process.env,
): ChannelSecrets {
  const variable = secretVariable(channel);
  if (!variable) return { secret: null };
  const value = env[variable.name];
  if (value === undefined || value === '') {
    throw new ConfigError(`notify.channels.${name}.${variable.key}: environment variable ${variable.name} is not set`);
  }
  if (channel.type === 'webhook' && !/^whsec_[A-Za-z0-9+/=]+$/.test(value)) {
    throw new ConfigError(
      `notify.channels.${name}.${variable.key}: ${variable.name} must hold a Standard Webhooks secret (whsec_ followed by base64)`,
    );
  }
  return { secret: value };
}

/** Every channel's secrets, or a ConfigError naming the first missing variable. */
export function allChannelSecrets(
  settings: NotifySettings,
  env: NodeJS.ProcessEnv = process.env,
): Map<string, ChannelSecrets> {
  return new Map(
    Object.entries(settings.channels).map(([name, channel]) => [name, channelSecrets(name, channel, env)]),
  );
}
