import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  type AdminCourse,
  type CopyYearResponse,
  type CourseInput,
  courseKindLabels,
  courseStatusLabels,
} from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { QuestionnaireEditor } from './QuestionnaireEditor.tsx';
import { uploadLessonVideo } from './upload.ts';
import { YearSelect } from './YearSelect.tsx';

const coursesKey = (year: number) => ['institute', 'courses', year] as const;

/** 课程管理: the institute's yearly catalogue, lessons with their videos, and the year's questionnaire. */
export function CoursesConsolePage() {
  const thisYear = currentCycleYear();
  const [year, setYear] = useState(thisYear);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        课程管理
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'courses',
            label: '课程目录',
            children: <Catalogue year={year} setYear={setYear} thisYear={thisYear} />,
          },
          {
            key: 'questionnaire',
            label: '评价问卷',
            children: <QuestionnaireEditor year={year} setYear={setYear} thisYear={thisYear} />,
          },
        ]}
      />
    </div>
  );
}

function Catalogue({
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
  const courses = useQuery({
    queryKey: coursesKey(year),
    queryFn: () => api<AdminCourse[]>(`/api/institute/courses?year=${year}`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['institute', 'courses'] });
  const [creating, setCreating] = useState(false);
  const copy = useMutation({
    mutationFn: () =>
      api<CopyYearResponse>('/api/institute/courses/copy-year', {
        method: 'POST',
        body: { fromYear: year - 1, toYear: year },
      }),
    onSuccess: (r) => {
      const questionnaire = r.questionnaire ? '，并复制了评价问卷' : '';
      message.success(`已复制 ${r.courses} 门课程、${r.lessons} 个课节（未发布）${questionnaire}`);
      refresh();
      queryClient.invalidateQueries({ queryKey: ['institute', 'questionnaire'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap>
        <YearSelect year={year} thisYear={thisYear} onChange={setYear} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新增课程
        </Button>
        <Button onClick={() => copy.mutate()} loading={copy.isPending}>
          复制{year - 1}年度课程
        </Button>
      </Space>
      {courses.isPending && <LoadingCard />}
      {courses.isError && <ErrorAlert error={courses.error} onRetry={() => courses.refetch()} />}
      {courses.data?.length === 0 && <Typography.Text type="secondary">本年度尚无课程</Typography.Text>}
      {courses.data?.map((c) => (
        <CourseCard key={c.id} course={c} onChange={refresh} />
      ))}
      <CourseForm year={year} open={creating} onClose={() => setCreating(false)} onSaved={refresh} />
    </div>
  );
}

function CourseForm({
  year,
  open,
  onClose,
  onSaved,
}: {
  year: number;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<CourseInput, 'year'>>();
  const save = useMutation({
    mutationFn: (values: Omit<CourseInput, 'year'>) =>
      api<AdminCourse>('/api/institute/courses', { method: 'POST', body: { ...values, year } }),
    onSuccess: () => {
      message.success('课程已创建（未发布）');
      form.resetFields();
      onSaved();
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      title={`新增${year}年度课程`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'required', ethics: false, description: '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label="课程名称" rules={[{ required: true, message: '请填写课程名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="teacher" label="授课教师" rules={[{ required: true, message: '请填写授课教师' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label="类别">
          <Select
            options={[
              { value: 'required', label: '必修' },
              { value: 'elective', label: '选修' },
            ]}
          />
        </Form.Item>
        <Form.Item name="ethics" valuePropName="checked">
          <Checkbox>职业道德</Checkbox>
        </Form.Item>
        <Form.Item name="order" label="排序">
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="description" label="课程简介">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CourseCard({ course, onChange }: { course: AdminCourse; onChange: () => void }) {
  const { message } = App.useApp();
  const [title, setTitle] = useState('');
  const [credit, setCredit] = useState<number | null>(1);
  const act = useMutation({
    mutationFn: (action: 'publish' | 'retire') =>
      api<AdminCourse>(`/api/institute/courses/${course.id}/${action}`, { method: 'POST' }),
    onSuccess: () => onChange(),
    onError: (e) => message.error(errorMessage(e)),
  });
  const addLesson = useMutation({
    mutationFn: () =>
      api<AdminCourse>(`/api/institute/courses/${course.id}/lessons`, {
        method: 'POST',
        body: { title, creditHours: credit ?? 0 },
      }),
    onSuccess: () => {
      setTitle('');
      onChange();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card
      data-testid={`admin-course-${course.title}`}
      title={
        <Space wrap>
          {course.title}
          <Tag>{courseKindLabels[course.kind]}</Tag>
          {course.ethics && <Tag color="purple">职业道德</Tag>}
          <Tag color={course.status === 'published' ? 'success' : 'default'} data-testid="course-status">
            {courseStatusLabels[course.status]}
          </Tag>
          {course.started && <Tag color="warning">已有会员学习</Tag>}
        </Space>
      }
      extra={
        <Space>
          {course.status !== 'published' && (
            <Button type="primary" onClick={() => act.mutate('publish')} loading={act.isPending}>
              发布
            </Button>
          )}
          {course.status === 'published' && (
            <Button danger onClick={() => act.mutate('retire')} loading={act.isPending}>
              下架
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        授课教师：{course.teacher}
        {course.description ? ` · ${course.description}` : ''}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={course.lessons}
        scroll={{ x: true }}
        columns={[
          { title: '课节', dataIndex: 'title' },
          { title: '学时', dataIndex: 'creditHours', render: (h: number) => h.toFixed(2) },
          {
            title: '视频',
            key: 'video',
            render: (_, l) => (
              <VideoUpload
                lessonId={l.id}
                hasVideo={l.hasVideo}
                duration={l.durationSeconds}
                onDone={onChange}
              />
            ),
          },
        ]}
      />
      {!course.started && (
        <Space wrap style={{ marginTop: 12 }}>
          <Input
            placeholder="课节名称"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-label="课节名称"
          />
          <InputNumber
            aria-label="学时"
            min={0.01}
            step={0.5}
            precision={2}
            value={credit}
            onChange={setCredit}
            addonAfter="学时"
          />
          <Button onClick={() => addLesson.mutate()} disabled={!title.trim()} loading={addLesson.isPending}>
            新增课节
          </Button>
        </Space>
      )}
    </Card>
  );
}

function VideoUpload({
  lessonId,
  hasVideo,
  duration,
  onDone,
}: {
  lessonId: number;
  hasVideo: boolean;
  duration: number | null;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [share, setShare] = useState<number | null>(null);
  const start = async (file: File) => {
    setShare(0);
    try {
      const status = await uploadLessonVideo(lessonId, file, setShare);
      message.success(`视频已上传，时长 ${status.durationSeconds} 秒`);
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setShare(null);
    }
  };
  return (
    <Space wrap>
      {hasVideo && <Tag color="success">已上传（{duration} 秒）</Tag>}
      <input
        ref={input}
        type="file"
        accept="video/mp4"
        hidden
        data-testid={`video-input-${lessonId}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void start(file);
        }}
      />
      {share === null ? (
        <Button size="small" icon={<UploadOutlined />} onClick={() => input.current?.click()}>
          {hasVideo ? '重新上传' : '上传视频'}
        </Button>
      ) : (
        <Progress
          percent={Math.floor(share * 100)}
          size="small"
          style={{ width: 160 }}
          data-testid="upload-progress"
        />
      )}
    </Space>
  );
}
