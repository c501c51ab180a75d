import { randomBytes } from 'node:crypto';

/** Standard Webhooks format: `whsec_` and the base64 of the random key (32 bytes, inside the 24–64 allowed). */
export function generateHandlerSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** How long a replaced secret keeps signing beside the new one, so receivers can switch without a gap. */
export const SECRET_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;
