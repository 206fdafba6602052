import type { ReviewClaim } from '@cpe/shared';
import { claimStatusLabels } from '@cpe/shared';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  message,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type ReviewFilter, useReviewAction, useReviewClaims } from '../../api/claims.ts';
import { hoursText } from '../learning/format.ts';
import { ErrorAlert } from '../learning/status.tsx';
import { statusColor } from '../output-hours/OutputHoursPage.tsx';
import { ExportButton } from '../oversight/ExportButton.tsx';
import { EvidenceViewer } from './EvidenceViewer.tsx';

const STATUSES = ['submitted', 'returned', 'approved', 'rejected', 'reversed', 'all'] as const;
export const statusFilterLabel = (s: string, counts: Record<string, number>) =>
  s === 'all' ? '全部' : `${claimStatusLabels[s as keyof typeof claimStatusLabels]}（${counts[s] ?? 0}）`;

/** 审核工作台 · 产出学时: the province's claims, the rule engine's figure, and the decision. */
export function ReviewClaimsPage() {
  const [filter, setFilter] = useState<ReviewFilter>({ status: 'submitted', q: '' });
  const list = useReviewClaims(filter);
  const [openId, setOpenId] = useState<number | null>(null);
  const open = list.data?.claims.find((c) => c.id === openId) ?? null;
  const counts = list.data?.counts ?? {};
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        产出学时审核
      </Typography.Title>
      <Space wrap>
        <Segmented
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: String(v) })}
          options={STATUSES.map((s) => ({ value: s, label: statusFilterLabel(s, counts) }))}
        />
        <Input.Search
          allowClear
          placeholder="会员姓名、证书编号或标题"
          onSearch={(q) => setFilter({ ...filter, q })}
          style={{ width: 260 }}
        />
        <ExportButton
          report="claims"
          filters={{ status: filter.status === 'all' ? undefined : filter.status }}
        />
      </Space>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ReviewClaim>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.claims ?? []}
        scroll={{ x: 800 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '会员', render: (_, r) => `${r.member.name}（${r.member.username}）` },
          { title: '项目', dataIndex: 'itemLabel', ellipsis: true },
          {
            title: '标题',
            render: (_, r) => r.details.title ?? r.details.degree ?? r.details.qualification ?? '',
          },
          { title: '折算学时', render: (_, r) => hoursText(r.computedHours), width: 90 },
          { title: '提交日期', render: (_, r) => r.submittedAt?.slice(0, 10), width: 110 },
          {
            title: '状态',
            render: (_, r) => <Tag color={statusColor[r.status]}>{claimStatusLabels[r.status]}</Tag>,
            width: 110,
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpenId(null)}
        width={720}
        title={open ? `申报 ${open.id}` : ''}
        destroyOnHidden
      >
        {open && <ClaimDecision claim={open} onDone={() => setOpenId(null)} />}
      </Drawer>
    </div>
  );
}

function ClaimDecision({ claim, onDone }: { claim: ReviewClaim; onDone: () => void }) {
  const [hours, setHours] = useState<number | null>(claim.suggestedHours);
  const [comment, setComment] = useState('');
  const action = useReviewAction();
  const decide = (verb: 'approve' | 'reject' | 'return' | 'reverse') => {
    const body = verb === 'approve' ? { hours: hours ?? undefined, comment } : { comment };
    action.mutate(
      { url: `/api/review/claims/${claim.id}/${verb}`, body },
      {
        onSuccess: () => {
          message.success('已处理');
          onDone();
        },
        onError: (e) => message.error(e.message),
      },
    );
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="会员">{`${claim.member.name}（${claim.member.username}）`}</Descriptions.Item>
        <Descriptions.Item label="项目">{claim.itemLabel}</Descriptions.Item>
        {Object.entries(claim.details).map(([k, v]) => (
          <Descriptions.Item key={k} label={claim.detailLabels[k] ?? k}>
            {v}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="数量">{claim.units}</Descriptions.Item>
        <Descriptions.Item label="状态">{claimStatusLabels[claim.status]}</Descriptions.Item>
        {claim.grantedHours !== null && (
          <Descriptions.Item label="核定学时">{hoursText(claim.grantedHours)}</Descriptions.Item>
        )}
        {claim.reviewComment && <Descriptions.Item label="审核意见">{claim.reviewComment}</Descriptions.Item>}
      </Descriptions>
      {claim.duplicateOf !== null && (
        <Alert type="error" showIcon message={`与申报 ${claim.duplicateOf} 为同一成果`} />
      )}
      <Card size="small" title="证明材料">
        <EvidenceViewer files={claim.evidence} />
      </Card>
      {claim.status === 'submitted' && (
        <Card size="small" title="审核">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="info" showIcon message={`规则计算：${claim.explanation}`} />
            <Space wrap>
              <span>核定学时</span>
              <InputNumber
                aria-label="核定学时"
                min={0}
                max={claim.maxHours}
                precision={2}
                value={hours}
                onChange={(v) => setHours(v)}
              />
            </Space>
            <Input.TextArea
              aria-label="审核意见"
              placeholder="审核意见（不通过或退回时必填）"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={500}
              rows={3}
            />
            <Space wrap>
              <Button type="primary" loading={action.isPending} onClick={() => decide('approve')}>
                通过
              </Button>
              <Button
                danger
                loading={action.isPending}
                onClick={() => decide('reject')}
                disabled={!comment.trim()}
              >
                不通过
              </Button>
              <Button loading={action.isPending} onClick={() => decide('return')} disabled={!comment.trim()}>
                退回补充材料
              </Button>
            </Space>
          </Space>
        </Card>
      )}
      {claim.status === 'approved' && (
        <Card size="small" title="撤销（证明材料不实）">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              aria-label="撤销原因"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={500}
              rows={2}
            />
            <Button danger disabled={!comment.trim()} onClick={() => decide('reverse')}>
              撤销并扣回学时
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
