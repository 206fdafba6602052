import { CheckCircleFilled, StarOutlined } from '@ant-design/icons';
import { type EvaluationRequest, evaluationRequestSchema, type LessonDetail } from '@cpe/shared';
import { Alert, App, Button, Card, Form, Input, Radio, Rate, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { useEvaluate } from '../../api/learning.ts';
import { zodRule } from '../../components/zodRule.ts';
import { hoursText } from './format.ts';

const RATING_LABELS = ['很差', '较差', '一般', '满意', '非常满意'];
export const HOURS_NEXT_DAY = '学时将于次日计入（每日同步后可在“学时查询”中查看）';

interface EvaluationValues {
  rating?: number;
  comment?: string;
  answers?: Record<string, string | undefined>;
}

/**
 * 评价 (guide step 5): stars, an optional comment and the institute's short questionnaire. Only an
 * evaluated lesson becomes hours.
 */
export function EvaluationForm({ lesson }: { lesson: LessonDetail }) {
  const [form] = Form.useForm<EvaluationValues>();
  const evaluate = useEvaluate(lesson.id);
  const { message } = App.useApp();

  const onFinish = (values: EvaluationValues) => {
    const answers = Object.fromEntries(
      Object.entries(values.answers ?? {})
        .map(([k, v]) => [k, (v ?? '').trim()] as const)
        .filter(([, v]) => v !== ''),
    );
    const body: EvaluationRequest = {
      rating: values.rating ?? 0,
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
      ...(lesson.questions.length > 0 ? { answers } : {}),
    };
    const parsed = evaluationRequestSchema.safeParse(body);
    if (!parsed.success) {
      message.error(parsed.error.issues[0]?.message ?? '请检查评价内容');
      return;
    }
    evaluate.mutate(parsed.data, {
      onSuccess: () => message.success(`评价已提交，${HOURS_NEXT_DAY}`, 6),
    });
  };

  return (
    <Card
      id="evaluate"
      data-testid="evaluation-form"
      title={
        <span>
          <StarOutlined style={{ color: '#fa8c16', marginInlineEnd: 8 }} />
          评价
        </span>
      }
      style={{ borderColor: '#ffc069', boxShadow: '0 0 0 2px #fff1d6', scrollMarginTop: 72 }}
    >
      <Alert
        type="warning"
        showIcon
        title={`本课节已学习完成，请进行评价。评价后本课节的 ${hoursText(lesson.creditHours)} 学时才会记录在系统。`}
        style={{ marginBottom: 16 }}
      />
      <Form<EvaluationValues> form={form} layout="vertical" onFinish={onFinish} requiredMark>
        <Form.Item label="课程评分" name="rating" rules={[{ required: true, message: '请选择 1-5 星' }]}>
          <Rate tooltips={RATING_LABELS} aria-label="课程评分" style={{ fontSize: 28 }} />
        </Form.Item>
        {lesson.questions.map((q) => (
          <Form.Item
            key={q.id}
            label={q.text}
            name={['answers', q.id]}
            rules={q.required ? [{ required: true, message: `请回答：${q.text}` }] : []}
          >
            {q.type === 'single' ? (
              <Radio.Group>
                <Space orientation="vertical" size={4}>
                  {(q.options ?? []).map((o) => (
                    <Radio key={o} value={o}>
                      {o}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            ) : (
              <Input.TextArea rows={2} maxLength={500} showCount />
            )}
          </Form.Item>
        ))}
        <Form.Item
          label="评价内容（选填）"
          name="comment"
          rules={[zodRule(evaluationRequestSchema.shape.comment)]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="请写下您对本课节的意见和建议" />
        </Form.Item>
        {evaluate.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(evaluate.error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Button type="primary" htmlType="submit" size="large" loading={evaluate.isPending}>
          提交评价
        </Button>
      </Form>
    </Card>
  );
}

/** An evaluation already given: read-only, with when its hours appear. */
export function EvaluationDone({ lesson }: { lesson: LessonDetail }) {
  const e = lesson.evaluation;
  if (!e) return null;
  return (
    <Card
      id="evaluate"
      data-testid="evaluation-done"
      style={{ scrollMarginTop: 72 }}
      title={
        <span>
          <CheckCircleFilled style={{ color: '#52c41a', marginInlineEnd: 8 }} />
          已评价
        </span>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Rate disabled value={e.rating} />
        {e.comment && <Typography.Paragraph style={{ margin: 0 }}>{e.comment}</Typography.Paragraph>}
        {e.answers.map((a) => (
          <div key={a.question}>
            <Typography.Text type="secondary">{a.question}</Typography.Text>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {a.answer}
            </Typography.Paragraph>
          </div>
        ))}
        <Alert type="success" showIcon title={`评价已提交，${HOURS_NEXT_DAY}。`} />
      </Space>
    </Card>
  );
}
