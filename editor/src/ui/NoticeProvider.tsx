import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { NoticeContext, type Notice, type NoticeTone } from './notice-context';

const LIFETIME_MS: Record<NoticeTone, number> = { info: 5000, success: 4000, warning: 10_000, error: 12_000 };

/** Messages about what happened elsewhere (a reload after a conflict, a publish): a polite live region. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const notify = useCallback(
    (tone: NoticeTone, text: string) => {
      const id = nextId.current++;
      setNotices((list) => [...list.filter((n) => n.text !== text), { id, tone, text }].slice(-4));
      window.setTimeout(() => dismiss(id), LIFETIME_MS[tone]);
    },
    [dismiss]
  );

  const api = useMemo(() => ({ notify }), [notify]);

  return (
    <NoticeContext.Provider value={api}>
      {children}
      <div className="notices" role="status" aria-live="polite" data-testid="notices">
        {notices.map((notice) => (
          <div key={notice.id} className={`notice notice-${notice.tone}`}>
            <span>{notice.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}
