import { MASKED_HEADER_VALUE } from '@hookline/domain';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { newHandlerForm, type HandlerForm, type HeaderRow } from './handler-form';
import { HeadersSection } from './HeadersSection';

let latest: HeaderRow[] = [];

function Harness({ headers }: { headers: HeaderRow[] }) {
  const [form, setForm] = useState<HandlerForm>({ ...newHandlerForm('clients.create', 'http', 1), headers });
  latest = form.headers;
  return (
    <HeadersSection
      form={form}
      update={(change) => setForm((f) => ({ ...f, ...change }))}
      errorOf={() => undefined}
      headerError={() => undefined}
      touch={() => undefined}
    />
  );
}

describe('HeadersSection', () => {
  it('shows a masked value as a hint and keeps it until something is typed over it', async () => {
    render(<Harness headers={[{ key: 'a', name: 'Authorization', value: MASKED_HEADER_VALUE }]} />);
    const value = screen.getByLabelText<HTMLInputElement>('Header 1: value');
    expect(value.value).toBe('');
    expect(value.placeholder).toBe('hidden; type to replace');
    expect(latest[0]?.value).toBe(MASKED_HEADER_VALUE);
    await userEvent.type(value, 'Bearer new');
    expect(latest[0]?.value).toBe('Bearer new');
    expect(screen.getByLabelText<HTMLInputElement>('Header 1: value').value).toBe('Bearer new');
  });
});
