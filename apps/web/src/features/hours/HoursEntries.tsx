import { courseKindLabels, type HoursEntry, hourSourceLabels } from '@cpe/shared';
import { Empty, Grid, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { hoursText } from '../learning/format.ts';

/** 课程/课节 of a lesson entry, the training's title of a 面授 entry; other sources have neither. */
const subject = (e: HoursEntry) =>
  e.course || e.lesson
    ? [e.course, e.lesson].filter(Boolean).join(' · ')
    : (e.training ?? hourSourceLabels[e.source]);

function Category({ entry }: { entry: HoursEntry }) {
  return (
    <Space size={[4, 4]} wrap>
      {entry.kind ? (
        <Tag color={entry.kind === 'required' ? 'blue' : 'cyan'} style={{ marginInlineEnd: 0 }}>
          {courseKindLabels[entry.kind]}
        </Tag>
      ) : (
        <Tag style={{ marginInlineEnd: 0 }}>{hourSourceLabels[entry.source]}</Tag>
      )}
      {entry.ethics && (
        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
          职业道德
        </Tag>
      )}
    </Space>
  );
}

const columns: TableColumnsType<HoursEntry> = [
  { title: '日期', dataIndex: 'date', width: 120 },
  { title: '课程/课节', key: 'subject', render: (_, e) => subject(e) },
  { title: '类别', key: 'category', width: 160, render: (_, e) => <Category entry={e} /> },
  { title: '学时', dataIndex: 'hours', width: 90, align: 'right', render: (h: number) => hoursText(h) },
  {
    title: '来源',
    dataIndex: 'source',
    width: 120,
    render: (s: HoursEntry['source']) => hourSourceLabels[s],
  },
];

/** The ledger entries of the year: a table on wide screens, one card per entry on a phone. */
export function HoursEntries({ entries }: { entries: HoursEntry[] }) {
  const screens = Grid.useBreakpoint();
  if (entries.length === 0) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description="本年度暂无已记录的学时。网络课程学习并评价后，学时次日计入。"
      />
    );
  }
  if (screens.md) {
    return (
      <Table<HoursEntry>
        data-testid="hours-entries"
        size="middle"
        columns={columns}
        dataSource={entries}
        rowKey={(e) => `${e.date}|${e.source}|${e.course}|${e.lesson}|${e.training}|${e.hours}`}
        pagination={entries.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 640 }}
      />
    );
  }
  return (
    <ul
      data-testid="hours-entries"
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
    >
      {entries.map((e, i) => (
        <li
          // Entries have no id in the contract; their order is the ledger's.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is re-rendered whole
          key={i}
          style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 12, display: 'grid', gap: 4 }}
        >
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text type="secondary">{e.date}</Typography.Text>
            <Typography.Text strong>{hoursText(e.hours)} 学时</Typography.Text>
          </div>
          <Typography.Text style={{ overflowWrap: 'anywhere' }}>{subject(e)}</Typography.Text>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Category entry={e} />
            <Typography.Text type="secondary">来源：{hourSourceLabels[e.source]}</Typography.Text>
          </div>
        </li>
      ))}
    </ul>
  );
}
