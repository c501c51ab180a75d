import { Webhook } from 'standardwebhooks';

export class InvalidSecretError extends Error {
  constructor() {
    super('handler secret is not a valid whsec_ secret');
    this.name = 'InvalidSecretError';
  }
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per secret,
 * space-separated, so a receiver verifying with either the old or the new secret accepts the message
 * during a rotation. Signed by the `standardwebhooks` library itself, so the bytes are exactly what its
 * `verify` (and every other Standard Webhooks implementation) recomputes. Null when there is no secret.
 */
export function signatureHeader(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  payload: string
): string | null {
  if (secrets.length === 0) return null;
  return secrets
    .map((secret) => {
      let webhook: Webhook;
      try {
        webhook = new Webhook(secret);
      } catch {
        // Secrets are validated when saved; a broken one here means a hand-edited snapshot.
        throw new InvalidSecretError();
      }
      return webhook.sign(msgId, timestamp, payload);
    })
    .join(' ');
}

/** `webhook-timestamp`: whole unix seconds, the same rounding `Webhook.sign` uses. */
export function webhookTimestamp(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}
