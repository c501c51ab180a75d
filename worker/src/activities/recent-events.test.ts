import { describe, expect, it } from 'vitest';
import { RecentEvents } from './recent-events';

const event = (id: string, size = 0) => ({
  id,
  type: 'clients.create',
  objectId: '1',
  occurredAt: '2026-11-30T00:00:00.000Z',
  data: { blob: 'x'.repeat(size) },
});

describe('RecentEvents', () => {
  it('keeps the most recently remembered events, up to its capacity', () => {
    const recent = new RecentEvents(2);
    recent.remember('a', event('a'));
    recent.remember('b', event('b'));
    recent.remember('c', event('c'));
    expect(recent.get('a')).toBeUndefined();
    expect(recent.get('b')?.id).toBe('b');
    expect(recent.get('c')?.id).toBe('c');
  });

  it('leaves large events to the database, so memory stays bounded', () => {
    const recent = new RecentEvents(10, 1_000);
    recent.remember('big', event('big', 2_000));
    recent.remember('small', event('small', 10));
    expect(recent.get('big')).toBeUndefined();
    expect(recent.get('small')?.id).toBe('small');
  });
});
