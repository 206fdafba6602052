import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';

export interface LinkCard {
  to: string;
  title: string;
  text: string;
}

/** A grid of cards, each a link to a page with one line saying what it is for; one column on phones. */
export function LinkCards({ cards, perRow }: { cards: LinkCard[]; perRow: 3 | 4 }) {
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.to} xs={24} md={12} xl={24 / perRow}>
          <Link to={c.to} style={{ display: 'block', height: '100%' }}>
            <Card hoverable title={c.title} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {c.text}
              </Typography.Paragraph>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
