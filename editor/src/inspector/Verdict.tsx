interface Props {
  holds: boolean | null | undefined;
  title?: string;
}

/** ✓ holds / ✗ does not / ? cannot be evaluated (invalid), for the condition preview. */
export function Verdict({ holds, title }: Props) {
  if (holds === undefined) return null;
  const [symbol, text, tone] =
    holds === null ? ['?', 'invalid', 'unknown'] : holds ? ['✓', 'holds', 'yes'] : ['✗', 'does not hold', 'no'];
  return (
    <span
      className={`verdict verdict-${tone}`}
      title={title}
      data-testid="condition-row-verdict"
      data-holds={String(holds)}
    >
      <span aria-hidden="true">{symbol}</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
