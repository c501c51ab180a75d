import type { HandlerForm } from './handler-form';

/** What every section of the inspector's form gets. */
export interface SectionProps {
  form: HandlerForm;
  update: (change: Partial<HandlerForm>, fields?: readonly string[]) => void;
  /** The message to show beside a field (`name`, `retry.maxAttempts`, …), if any. */
  errorOf: (field: string) => string | undefined;
  /** Marks a field as visited, so its errors show from then on. */
  touch: (field: string) => void;
}
