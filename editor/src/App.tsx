import { AppShell } from './AppShell';
import { SessionProvider } from './auth/SessionProvider';
import { NoticeProvider } from './ui/NoticeProvider';

export function App() {
  return (
    <NoticeProvider>
      <SessionProvider>
        <AppShell />
      </SessionProvider>
    </NoticeProvider>
  );
}
