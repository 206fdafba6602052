import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { AttendanceResult, StaffTraining, TrainingInput } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';

const key = ['staff', 'trainings'] as const;

/** 面授培训登记: publish 培训通知, see sign-ups, record attendance by hand or by an Excel roster. */
export function TrainingsStaffPage() {
  const list = useQuery({ queryKey: key, queryFn: () => api<StaffTraining[]>('/api/staff/trainings') });
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<StaffTraining | null>(null);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          面授培训登记
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          发布培训通知
        </Button>
        <Button icon={<DownloadOutlined />} href="/api/staff/trainings/attendance-template">
          下载出勤名单模板
        </Button>
      </Space>
      {list.isPending && <LoadingCard />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {list.data && (
        <Table
          rowKey="id"
          size="small"
          scroll={{ x: true }}
          dataSource={list.data}
          columns={[
            { title: '标题', dataIndex: 'title' },
            { title: '地区', dataIndex: 'province', render: (p: string | null) => p ?? '全国' },
            { title: '日期', key: 'dates', render: (_, t) => `${t.startsOn} 至 ${t.endsOn}` },
            { title: '学时', dataIndex: 'hours', render: (h: number) => h.toFixed(2) },
            { title: '报名', key: 'signed', render: (_, t) => `${t.signedUp}/${t.capacity}` },
            { title: '出勤', dataIndex: 'attended' },
            {
              title: '操作',
              key: 'op',
              render: (_, t) => (
                <Button size="small" onClick={() => setSelected(t)} data-testid={`attendance-${t.title}`}>
                  报名与出勤
                </Button>
              ),
            },
          ]}
        />
      )}
      <TrainingForm open={creating} onClose={() => setCreating(false)} />
      {selected && <Attendance training={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

type FormValues = Omit<TrainingInput, 'startsOn' | 'endsOn' | 'signupDeadline'> & {
  dates: [Dayjs, Dayjs];
  signupDeadline: Dayjs;
};

function TrainingForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const save = useMutation({
    mutationFn: ({ dates, signupDeadline, ...v }: FormValues) =>
      api<StaffTraining>('/api/staff/trainings', {
        method: 'POST',
        body: {
          ...v,
          startsOn: dates[0].format('YYYY-MM-DD'),
          endsOn: dates[1].format('YYYY-MM-DD'),
          signupDeadline: signupDeadline.format('YYYY-MM-DD'),
        },
      }),
    onSuccess: () => {
      message.success('培训通知已发布');
      queryClient.invalidateQueries({ queryKey: key });
      form.resetFields();
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      title="发布培训通知"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="发布"
      confirmLoading={save.isPending}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ ethics: false, memberTypes: ['practicing'], capacity: 100, hours: 8 }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label="通知内容" rules={[{ required: true, message: '请填写通知内容' }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="place" label="培训地点" rules={[{ required: true, message: '请填写培训地点' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="dates" label="培训日期" rules={[{ required: true, message: '请选择培训日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item
          name="signupDeadline"
          label="报名截止日期"
          rules={[{ required: true, message: '请选择报名截止日期' }]}
        >
          <DatePicker />
        </Form.Item>
        <Space wrap>
          <Form.Item name="hours" label="学时" rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} step={0.5} />
          </Form.Item>
          <Form.Item name="capacity" label="名额" rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="ethics" valuePropName="checked">
          <Checkbox>职业道德</Checkbox>
        </Form.Item>
        <Form.Item
          name="memberTypes"
          label="适用会员"
          rules={[{ required: true, message: '请选择适用的会员类型' }]}
        >
          <Checkbox.Group
            options={[
              { value: 'practicing', label: '执业会员' },
              { value: 'non_practicing', label: '非执业会员' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

async function postRoster(id: number, file: File, dryRun: boolean): Promise<AttendanceResult> {
  const data = new FormData();
  data.append('file', file);
  const res = await fetch(`/api/staff/trainings/${id}/attendance${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    body: data,
    credentials: 'same-origin',
  });
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(body?.code ?? 'HTTP_ERROR', body?.message ?? `导入失败（${res.status}）`, res.status);
  return body as AttendanceResult;
}

function Attendance({ training, onClose }: { training: StaffTraining; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<AttendanceResult | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const signups = useQuery({
    queryKey: ['staff', 'trainings', training.id, 'signups'],
    queryFn: () =>
      api<Array<{ username: string; name: string; signedUpAt: string; attended: boolean }>>(
        `/api/staff/trainings/${training.id}/signups`,
      ),
  });
  const done = (r: AttendanceResult) => {
    message.success(`已记录出勤 ${r.recorded} 人（已记录过的不重复计入）`);
    queryClient.invalidateQueries({ queryKey: key });
    setFile(null);
    setCheck(null);
    setTicked([]);
  };
  const save = useMutation({
    mutationFn: () => postRoster(training.id, file!, false),
    onSuccess: (r) => (r.errors.length > 0 ? setCheck(r) : done(r)),
    onError: (e) => message.error(errorMessage(e)),
  });
  const manual = useMutation({
    mutationFn: () =>
      api<AttendanceResult>(`/api/staff/trainings/${training.id}/attendance/manual`, {
        method: 'POST',
        body: { usernames: ticked },
      }),
    onSuccess: (r) => (r.errors.length > 0 ? setCheck(r) : done(r)),
    onError: (e) => message.error(errorMessage(e)),
  });
  const pick = async (f: File) => {
    setFile(f);
    try {
      setCheck(await postRoster(training.id, f, true));
    } catch (e) {
      setFile(null);
      message.error(errorMessage(e));
    }
  };
  return (
    <Modal open title={`${training.title}：报名与出勤`} onCancel={onClose} footer={null} width={720}>
      <div style={{ display: 'grid', gap: 12 }}>
        <Card size="small" title="导入出勤名单（Excel）">
          <input
            ref={input}
            type="file"
            hidden
            accept=".xlsx"
            data-testid="roster-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void pick(f);
            }}
          />
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
              选择名单文件
            </Button>
            {file && <Typography.Text>{file.name}</Typography.Text>}
          </Space>
          {check && check.errors.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="error"
              message={`名单有 ${check.errors.length} 处错误，未保存任何记录`}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {check.errors.map((e) => (
                    <li key={`${e.row}-${e.message}`}>
                      第 {e.row} 行：{e.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {check && check.errors.length === 0 && file && (
            <Space style={{ marginTop: 12 }} wrap>
              <Alert type="success" message={`校验通过：共 ${check.rows} 行`} />
              <Button type="primary" onClick={() => save.mutate()} loading={save.isPending}>
                确认导入
              </Button>
            </Space>
          )}
        </Card>
        <Card size="small" title={`报名名单（${signups.data?.length ?? 0} 人）`}>
          <Table
            size="small"
            rowKey="username"
            pagination={false}
            dataSource={signups.data ?? []}
            rowSelection={{
              selectedRowKeys: ticked,
              onChange: (keys) => setTicked(keys.map(String)),
              getCheckboxProps: (r) => ({ disabled: r.attended }),
            }}
            columns={[
              { title: '证书编号', dataIndex: 'username' },
              { title: '姓名', dataIndex: 'name' },
              {
                title: '出勤',
                dataIndex: 'attended',
                render: (a: boolean) => (a ? <Tag color="success">已记录</Tag> : <Tag>未记录</Tag>),
              },
            ]}
          />
          <Button
            style={{ marginTop: 12 }}
            disabled={ticked.length === 0}
            onClick={() => manual.mutate()}
            loading={manual.isPending}
          >
            记录所选会员出勤
          </Button>
        </Card>
      </div>
    </Modal>
  );
}
