import type { ReviewExemption } from '@cpe/shared';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  message,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type ReviewFilter, useReviewAction, useReviewExemptions } from '../../api/claims.ts';
import { ErrorAlert } from '../learning/status.tsx';
import { statusColor } from '../output-hours/OutputHoursPage.tsx';
import { EvidenceViewer } from './EvidenceViewer.tsx';
import { statusFilterLabel } from './ReviewClaimsPage.tsx';

const STATUSES = ['submitted', 'returned', 'approved', 'rejected', 'all'] as const;

/** 审核工作台 · 豁免/减免学时. */
export function ReviewExemptionsPage() {
  const [filter, setFilter] = useState<ReviewFilter>({ status: 'submitted', q: '' });
  const list = useReviewExemptions(filter);
  const [openId, setOpenId] = useState<number | null>(null);
  const open = list.data?.exemptions.find((x) => x.id === openId) ?? null;
  const counts = list.data?.counts ?? {};
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        豁免（减免）学时审核
      </Typography.Title>
      <Space wrap>
        <Segmented
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: String(v) })}
          options={STATUSES.map((s) => ({ value: s, label: statusFilterLabel(s, counts) }))}
        />
        <Input.Search
          allowClear
          placeholder="会员姓名或证书编号"
          onSearch={(q) => setFilter({ ...filter, q })}
          style={{ width: 240 }}
        />
      </Space>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ReviewExemption>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.exemptions ?? []}
        scroll={{ x: 720 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '会员', render: (_, r) => `${r.member.name}（${r.member.username}）` },
          { title: '事由', dataIndex: 'groundLabel' },
          { title: '期间', render: (_, r) => `${r.periodFrom} 至 ${r.periodTo}` },
          {
            title: '状态',
            render: (_, r) => (
              <Tag color={statusColor[r.status]}>{r.status === 'submitted' ? '待审核' : r.status}</Tag>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpenId(null)}
        width={720}
        title={open ? `申请 ${open.id}` : ''}
        destroyOnHidden
      >
        {open && <Decision x={open} onDone={() => setOpenId(null)} />}
      </Drawer>
    </div>
  );
}

function Decision({ x, onDone }: { x: ReviewExemption; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const action = useReviewAction();
  const decide = (verb: 'approve' | 'reject' | 'return') =>
    action.mutate(
      { url: `/api/review/exemptions/${x.id}/${verb}`, body: { comment } },
      {
        onSuccess: () => {
          message.success('已处理');
          onDone();
        },
        onError: (e) => message.error(e.message),
      },
    );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="会员">{`${x.member.name}（${x.member.username}）`}</Descriptions.Item>
        <Descriptions.Item label="事由">{x.groundLabel}</Descriptions.Item>
        <Descriptions.Item label="期间">{`${x.periodFrom} 至 ${x.periodTo}`}</Descriptions.Item>
        <Descriptions.Item label="说明">{x.note}</Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon message={x.effect} />
      <Card size="small" title="证明材料">
        <EvidenceViewer files={x.evidence} />
      </Card>
      {x.status === 'submitted' && (
        <Card size="small" title="审核">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              aria-label="审核意见"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={500}
              rows={3}
            />
            <Space wrap>
              <Button type="primary" onClick={() => decide('approve')}>
                通过
              </Button>
              <Button danger disabled={!comment.trim()} onClick={() => decide('reject')}>
                不通过
              </Button>
              <Button disabled={!comment.trim()} onClick={() => decide('return')}>
                退回补充材料
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </Space>
  );
}
