import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `hookline/<version>`, as the worker sends it: test sends must look like real deliveries. */
export const USER_AGENT = `hookline/${(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version}`;
