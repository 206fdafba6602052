import type { ReactNode } from 'react';
import { Card } from './ui.tsx';

/**
 * The first card of a home page: 您好，name, and one paragraph about the user's situation. Plain React
 * and CSS (ui.css): the member home, the first page after login, downloads no antd.
 */
export function GreetingCard({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Card>
      <h3 className="ui-title">您好，{name}</h3>
      <p className="ui-text">{children}</p>
    </Card>
  );
}
