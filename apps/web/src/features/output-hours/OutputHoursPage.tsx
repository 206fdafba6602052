import { PlusOutlined } from '@ant-design/icons';
import { type CatalogueItem, detailFieldsOf, previewClaim } from '@cpe/rules';
import { type CatalogueResponse, type Claim, claimStatusLabels } from '@cpe/shared';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  message,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { createClaim, useCatalogue, useClaims, useMemberAction } from '../../api/claims.ts';
import { memberLabels } from '../../navigation/member.tsx';
import { useMemberType } from '../auth/currentUser.ts';
import { hoursText } from '../learning/format.ts';
import { PageTitle } from '../learning/LearningPage.tsx';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { EvidenceUpload } from './EvidenceUpload.tsx';

export const statusColor: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  reversed: 'error',
};

export function YearSelect({ value, onChange }: { value: number; onChange: (y: number) => void }) {
  const thisYear = currentCycleYear();
  const years = Array.from({ length: Math.max(1, thisYear - 2022 + 1) }, (_, i) => thisYear - i);
  return (
    <Select
      aria-label="年度"
      value={value}
      onChange={onChange}
      style={{ width: 120 }}
      options={years.map((y) => ({ value: y, label: `${y}年度` }))}
    />
  );
}

/** 产出法形式学时 (practicing) / 产出式学时 (non-practicing): the member's claims of a year. */
export function OutputHoursPage() {
  const type = useMemberType();
  const [year, setYear] = useState(currentCycleYear());
  const claims = useClaims(year);
  const catalogue = useCatalogue(year);
  const [adding, setAdding] = useState(false);
  const title = memberLabels[type].outputHours;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <PageTitle title={title} />
        <YearSelect value={year} onChange={setYear} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          disabled={!catalogue.data}
        >
          新增
        </Button>
      </div>
      {claims.isPending && <LoadingCard rows={6} />}
      {claims.isError && <ErrorAlert error={claims.error} onRetry={() => claims.refetch()} />}
      {claims.data && (
        <>
          <Card size="small">
            <Statistic
              title={`${year}年度已计入的${title}`}
              value={`${hoursText(claims.data.creditedOutput)}学时${claims.data.outputCap === null ? '' : `/${claims.data.outputCap}学时`}`}
              valueStyle={{ fontSize: 22 }}
            />
          </Card>
          {claims.data.claims.length === 0 ? (
            <Empty description="本年度尚无申报" />
          ) : (
            claims.data.claims.map((c) => (
              <ClaimCard key={c.id} claim={c} onChanged={() => claims.refetch()} />
            ))
          )}
        </>
      )}
      {adding && catalogue.data && (
        <ClaimForm
          catalogue={catalogue.data}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            claims.refetch();
          }}
        />
      )}
    </div>
  );
}

function ClaimCard({ claim, onChanged }: { claim: Claim; onChanged: () => void }) {
  const action = useMemberAction();
  const editable = claim.status === 'draft' || claim.status === 'returned';
  const run = (url: string, done: string) =>
    action.mutate(
      { url },
      {
        onSuccess: () => message.success(done),
        onError: (e) => message.error(e.message),
        onSettled: onChanged,
      },
    );
  const title = claim.details.title ?? claim.details.degree ?? claim.details.qualification ?? claim.itemLabel;
  return (
    <Card
      size="small"
      data-testid={`claim-${claim.id}`}
      title={<span style={{ whiteSpace: 'normal' }}>{title}</span>}
      extra={<Tag color={statusColor[claim.status]}>{claimStatusLabels[claim.status]}</Tag>}
    >
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{claim.itemLabel}</Typography.Text>
        <div>
          申报 {claim.units} 个单位，折算 {hoursText(claim.computedHours)} 学时
          {claim.grantedHours !== null && <>，核定 {hoursText(claim.grantedHours)} 学时</>}
        </div>
        <div>日期：{(claim.submittedAt ?? claim.createdAt).slice(0, 10)}</div>
        {claim.reviewComment && (
          <Alert
            type={claim.status === 'approved' ? 'success' : 'warning'}
            showIcon
            message={`审核意见：${claim.reviewComment}`}
          />
        )}
        {claim.duplicateOf !== null && (
          <Alert type="error" showIcon message={`与申报 ${claim.duplicateOf} 为同一成果，不能重复申报`} />
        )}
        <EvidenceUpload
          url={`/api/claims/${claim.id}/evidence`}
          files={claim.evidence}
          editable={editable}
          onUploaded={onChanged}
        />
        <Space wrap>
          {editable && (
            <Button
              type="primary"
              size="small"
              loading={action.isPending}
              onClick={() => run(`/api/claims/${claim.id}/submit`, '已提交审核')}
            >
              {claim.status === 'returned' ? '补充后重新提交' : '提交审核'}
            </Button>
          )}
          {(editable || claim.status === 'submitted') && (
            <Button
              size="small"
              danger
              loading={action.isPending}
              onClick={() => run(`/api/claims/${claim.id}/withdraw`, '已撤回')}
            >
              撤回
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}

function ClaimForm({
  catalogue,
  onClose,
  onSaved,
}: {
  catalogue: CatalogueResponse;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const [code, setCode] = useState<string>();
  const [units, setUnits] = useState<number | null>(1);
  const [saving, setSaving] = useState(false);
  const item = catalogue.items.find((i) => i.code === code) as CatalogueItem | undefined;
  const preview = useMemo(() => {
    if (!item || units === null) return null;
    try {
      return previewClaim(
        {
          item: item.code,
          units,
          alreadyCreditedItem: catalogue.credited.byItem[item.code] ?? 0,
          alreadyCreditedOutput: catalogue.credited.output,
        },
        catalogue.ruleSet,
        catalogue.items,
      );
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [item, units, catalogue]);
  const save = async () => {
    const values = await form.validateFields();
    const { units: u, item: i, ...details } = values;
    setSaving(true);
    try {
      const clean = Object.fromEntries(
        Object.entries(details).filter(([, v]) => v !== undefined && v !== ''),
      ) as Record<string, string>;
      await createClaim({ year: catalogue.year, item: i, units: u, details: clean });
      message.success('草稿已保存，请上传证明材料后提交审核');
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title="新增申报"
      onCancel={onClose}
      onOk={save}
      okText="保存草稿"
      cancelText="取消"
      confirmLoading={saving}
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={{ units: 1 }}>
        <Form.Item name="item" label="申报项目" rules={[{ required: true, message: '请选择申报项目' }]}>
          <Select
            aria-label="申报项目"
            showSearch
            optionFilterProp="label"
            onChange={(v) => setCode(v)}
            options={catalogue.items.map((i) => ({ value: i.code, label: `${i.article} ${i.description}` }))}
          />
        </Form.Item>
        {item && (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              需提供：{item.evidence.join('、')}
            </Typography.Paragraph>
            {detailFieldsOf(item).map((f) => (
              <Form.Item
                key={f.key}
                name={f.key}
                label={f.label}
                rules={[
                  { required: f.required, message: `请填写${f.label}` },
                  ...(f.kind === 'date'
                    ? [{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD' }]
                    : []),
                ]}
              >
                <Input placeholder={f.kind === 'date' ? 'YYYY-MM-DD' : undefined} maxLength={200} />
              </Form.Item>
            ))}
            <Form.Item
              name="units"
              label="数量（篇、天、项或万字等）"
              rules={[{ required: true, message: '请填写数量' }]}
            >
              <InputNumber
                min={0}
                step={1}
                precision={2}
                style={{ width: '100%' }}
                onChange={(v) => setUnits(v as number | null)}
              />
            </Form.Item>
          </>
        )}
        {preview && 'error' in preview && <Alert type="error" showIcon message={preview.error} />}
        {preview && !('error' in preview) && (
          <Alert
            type={preview.cutByItemCap + preview.cutByOutputCap > 0 ? 'warning' : 'info'}
            showIcon
            data-testid="claim-preview"
            message={`预计可计 ${hoursText(preview.credited)} 学时`}
            description={preview.explanation}
          />
        )}
      </Form>
    </Modal>
  );
}
