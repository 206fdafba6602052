import { Link } from 'react-router';
import './ui.css';

export interface LinkCard {
  to: string;
  title: string;
  text: string;
}

/**
 * A grid of cards, each a link to a page with one line saying what it is for: one column on phones, two
 * from 768 px, `perRow` from 1200 px. Plain React and CSS (ui.css), as on the member home.
 */
export function LinkCards({ cards, perRow }: { cards: LinkCard[]; perRow: 3 | 4 }) {
  return (
    <div className={`ui-link-cards per-row-${perRow}`}>
      {cards.map((c) => (
        <Link key={c.to} to={c.to} className="ui-card ui-link-card">
          <h3 className="ui-card-head">{c.title}</h3>
          <p className="ui-card-body ui-text ui-secondary">{c.text}</p>
        </Link>
      ))}
    </div>
  );
}
