interface Props {
  status: string;
  testId?: string;
}

/** A status word with its colour: enabled, disabled, archived, running, succeeded, failed, skipped, pending. */
export function StatusBadge({ status, testId }: Props) {
  return (
    <span className={`badge badge-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
