import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `hookline/<version>`: one value for the worker's deliveries and the API's test sends alike. */
export const HOOKLINE_USER_AGENT = `hookline/${(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version}`;
