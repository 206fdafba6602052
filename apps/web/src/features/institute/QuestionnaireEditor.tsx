import type { Question, Questionnaire } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { api, errorMessage } from '../../api/client.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { YearSelect } from './YearSelect.tsx';

/**
 * 评价问卷 of one catalogue year: members evaluating a lesson answer its course year's questions, and
 * each evaluation keeps the questions it answered, so editing never changes answers already given.
 */
export function QuestionnaireEditor({
  year,
  setYear,
  thisYear,
}: {
  year: number;
  setYear: (y: number) => void;
  thisYear: number;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const url = `/api/institute/questionnaire?year=${year}`;
  const q = useQuery({
    queryKey: ['institute', 'questionnaire', year],
    queryFn: () => api<Questionnaire>(url),
  });
  const save = useMutation({
    mutationFn: (questions: Question[]) => api<Questionnaire>(url, { method: 'PUT', body: { questions } }),
    onSuccess: (saved) => {
      message.success(`${saved.year}年度问卷已保存`);
      queryClient.setQueryData(['institute', 'questionnaire', saved.year], saved);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap>
        <YearSelect year={year} thisYear={thisYear} onChange={setYear} />
        <Typography.Text type="secondary">会员评价某课节时回答该课程所属年度的问卷</Typography.Text>
      </Space>
      {q.isPending && <LoadingCard />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <QuestionsForm key={year} questions={q.data.questions} saving={save.isPending} onSave={save.mutate} />
      )}
    </div>
  );
}

function QuestionsForm({
  questions,
  saving,
  onSave,
}: {
  questions: Question[];
  saving: boolean;
  onSave: (questions: Question[]) => void;
}) {
  return (
    <Form
      layout="vertical"
      initialValues={{
        questions: questions.map((x) => ({ ...x, options: (x.options ?? []).join('\n') })),
      }}
      onFinish={(v: { questions: Array<Omit<Question, 'options'> & { options?: string }> }) =>
        onSave(
          (v.questions ?? []).map((x, i) => ({
            id: x.id || `q${i + 1}`,
            text: x.text,
            type: x.type,
            required: !!x.required,
            ...(x.type === 'single'
              ? {
                  options: (x.options ?? '')
                    .split('\n')
                    .map((o) => o.trim())
                    .filter(Boolean),
                }
              : {}),
          })),
        )
      }
    >
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <div style={{ display: 'grid', gap: 12 }}>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                extra={<Button onClick={() => remove(field.name)}>删除</Button>}
              >
                <Form.Item name={[field.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'text']}
                  label="题目"
                  rules={[{ required: true, message: '请填写题目' }]}
                >
                  <Input />
                </Form.Item>
                <Space wrap>
                  <Form.Item name={[field.name, 'type']} label="题型" initialValue="single">
                    <Select
                      style={{ width: 120 }}
                      options={[
                        { value: 'single', label: '单选题' },
                        { value: 'text', label: '文字题' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'required']} valuePropName="checked" label=" ">
                    <Checkbox>必答</Checkbox>
                  </Form.Item>
                </Space>
                <Form.Item name={[field.name, 'options']} label="选项（单选题，每行一个）">
                  <Input.TextArea rows={3} />
                </Form.Item>
              </Card>
            ))}
            <Space>
              <Button onClick={() => add({ type: 'single', required: false, options: '' })}>新增题目</Button>
              <Button type="primary" htmlType="submit" loading={saving}>
                保存问卷
              </Button>
            </Space>
          </div>
        )}
      </Form.List>
    </Form>
  );
}
