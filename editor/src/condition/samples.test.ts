import { OPERATIONAL_EVENT_DATA, OPERATIONAL_EVENT_TYPES } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { sampleEvent } from './samples';

describe("samples of Hookline's own events", () => {
  it.each(OPERATIONAL_EVENT_TYPES)('gives %s data shaped as Hookline emits it', (type) => {
    const event = sampleEvent(type, 'Hookline', null);
    expect(OPERATIONAL_EVENT_DATA[type].safeParse(event.data).success).toBe(true);
  });
});
