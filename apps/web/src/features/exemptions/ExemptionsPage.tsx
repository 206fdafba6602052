import { PlusOutlined } from '@ant-design/icons';
import { computeRequirement, type ExemptionGround } from '@cpe/rules';
import type { CatalogueResponse, Exemption, exemptionStatuses } from '@cpe/shared';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  message,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { createExemption, useCatalogue, useExemptions, useMemberAction } from '../../api/claims.ts';
import { memberLabels } from '../../navigation/member.tsx';
import { useMemberType } from '../auth/currentUser.ts';
import { PageTitle } from '../learning/LearningPage.tsx';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { EvidenceUpload } from '../output-hours/EvidenceUpload.tsx';
import { statusColor, YearSelect } from '../output-hours/OutputHoursPage.tsx';

const statusLabels: Record<(typeof exemptionStatuses)[number], string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '退回补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};
const hours = (hundredths: number) => (hundredths / 100).toFixed(2);

/** 豁免学时 (practicing, 第二十条) / 减免学时 (non-practicing, 第十一条). */
export function ExemptionsPage() {
  const type = useMemberType();
  const [year, setYear] = useState(currentCycleYear());
  const list = useExemptions(year);
  const catalogue = useCatalogue(year);
  const [adding, setAdding] = useState(false);
  const midYear = catalogue.data ? registrationNote(catalogue.data) : null;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <PageTitle title={memberLabels[type].exemptions} />
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
      {midYear && <Alert type="info" showIcon message={midYear} />}
      {list.isPending && <LoadingCard rows={4} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {list.data &&
        (list.data.exemptions.length === 0 ? (
          <Empty description="本年度尚无申请" />
        ) : (
          list.data.exemptions.map((x) => <ExemptionCard key={x.id} x={x} onChanged={() => list.refetch()} />)
        ))}
      {adding && catalogue.data && (
        <ExemptionForm
          catalogue={catalogue.data}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            list.refetch();
          }}
        />
      )}
    </div>
  );
}

/** The 1-July rule needs no request: it follows from the registration date. */
function registrationNote(c: CatalogueResponse): string | null {
  const r = computeRequirement(c.ruleSet, { type: c.ruleSet.memberType, registeredOn: c.registeredOn }, []);
  return r.reduction ? `${r.reasons.join('；')}（无需申请，系统自动按登记日期计算）` : null;
}

function ExemptionCard({ x, onChanged }: { x: Exemption; onChanged: () => void }) {
  const action = useMemberAction();
  const editable = x.status === 'draft' || x.status === 'returned';
  const run = (url: string, done: string) =>
    action.mutate(
      { url },
      {
        onSuccess: () => message.success(done),
        onError: (e) => message.error(e.message),
        onSettled: onChanged,
      },
    );
  return (
    <Card
      size="small"
      title={x.groundLabel}
      extra={<Tag color={statusColor[x.status]}>{statusLabels[x.status]}</Tag>}
    >
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <div>
          期间：{x.periodFrom} 至 {x.periodTo}
        </div>
        {x.note && <Typography.Text type="secondary">{x.note}</Typography.Text>}
        {x.reviewComment && <Alert type="warning" showIcon message={`审核意见：${x.reviewComment}`} />}
        <EvidenceUpload
          url={`/api/exemptions/${x.id}/evidence`}
          files={x.evidence}
          editable={editable}
          onUploaded={onChanged}
        />
        <Space wrap>
          {editable && (
            <Button
              type="primary"
              size="small"
              onClick={() => run(`/api/exemptions/${x.id}/submit`, '已提交审核')}
            >
              提交审核
            </Button>
          )}
          {(editable || x.status === 'submitted') && (
            <Button size="small" danger onClick={() => run(`/api/exemptions/${x.id}/withdraw`, '已撤回')}>
              撤回
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}

function ExemptionForm({
  catalogue,
  onClose,
  onSaved,
}: {
  catalogue: CatalogueResponse;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const [ground, setGround] = useState<ExemptionGround>();
  const [saving, setSaving] = useState(false);
  const member = { type: catalogue.ruleSet.memberType, registeredOn: catalogue.registeredOn };
  const before = computeRequirement(catalogue.ruleSet, member, []);
  const after = ground ? computeRequirement(catalogue.ruleSet, member, [{ ground, months: 12 }]) : null;
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await createExemption({
        year: catalogue.year,
        ground: v.ground,
        periodFrom: v.periodFrom,
        periodTo: v.periodTo,
        note: v.note ?? '',
      });
      message.success('草稿已保存，请上传证明材料后提交审核');
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const date = [
    { required: true, message: '请填写日期' },
    { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD' },
  ];
  return (
    <Modal
      open
      title="新增申请"
      onCancel={onClose}
      onOk={save}
      okText="保存草稿"
      cancelText="取消"
      confirmLoading={saving}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="ground" label="事由" rules={[{ required: true, message: '请选择事由' }]}>
          <Select
            aria-label="事由"
            onChange={(code) => setGround(catalogue.grounds.find((g) => g.code === code))}
            options={catalogue.grounds.map((g) => ({ value: g.code, label: `${g.label}：${g.description}` }))}
          />
        </Form.Item>
        {ground && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            需提供：{ground.evidence.join('、')}
          </Typography.Paragraph>
        )}
        <Form.Item name="periodFrom" label="开始日期" rules={date}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="periodTo" label="结束日期" rules={date}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={1000} rows={3} />
        </Form.Item>
        {after && (
          <Alert
            type="info"
            showIcon
            message={`获批后本年度要求：${hours(before.requirement.total)} 学时 → ${hours(after.requirement.total)} 学时（职业道德 ${hours(after.requirement.ethics)} 学时）`}
          />
        )}
      </Form>
    </Modal>
  );
}
