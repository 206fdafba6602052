import { DownloadOutlined } from '@ant-design/icons';
import type { LearnerStats } from '@cpe/shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { CompletionsChart } from './CompletionsChart.tsx';
import { YearSelect } from './YearSelect.tsx';

const ratingText = (r: number | null) => (r === null ? '—' : r.toFixed(2));
const distribution = (ratings: number[]) => ratings.map((n, i) => `${i + 1}星 ${n}`).join(' / ');

/** 学员学习情况: the institute's learners by course and lesson, region and member type, without identities. */
export function LearnersPage() {
  const thisYear = currentCycleYear();
  const [year, setYear] = useState(thisYear);
  const stats = useQuery({
    queryKey: ['institute', 'stats', year],
    queryFn: () => api<LearnerStats>(`/api/institute/stats?year=${year}`),
  });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          学员学习情况
        </Typography.Title>
        <YearSelect year={year} thisYear={thisYear} onChange={setYear} />
        <Button icon={<DownloadOutlined />} href={`/api/institute/stats/export?year=${year}`}>
          导出 Excel
        </Button>
      </Space>
      {stats.isPending && <LoadingCard rows={8} />}
      {stats.isError && <ErrorAlert error={stats.error} onRetry={() => stats.refetch()} />}
      {stats.data && <StatsView data={stats.data} />}
    </div>
  );
}

function StatsView({ data }: { data: LearnerStats }) {
  const counts = [
    { title: '开始学习', dataIndex: 'started' },
    { title: '完成', dataIndex: 'completed' },
    { title: '已评价', dataIndex: 'evaluated' },
  ];
  return (
    <>
      <Card title="每日完成课节数">
        <CompletionsChart days={data.completionsPerDay} />
      </Card>
      <Card title="课程与课节">
        <Table
          size="small"
          rowKey="courseId"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.courses}
          expandable={{
            expandedRowRender: (c) => (
              <Table
                size="small"
                rowKey="lessonId"
                pagination={false}
                dataSource={c.lessons}
                columns={[
                  { title: '课节', dataIndex: 'title' },
                  ...counts,
                  { title: '平均评分', dataIndex: 'averageRating', render: ratingText },
                  { title: '评分分布', dataIndex: 'ratings', render: distribution },
                ]}
              />
            ),
          }}
          columns={[
            { title: '课程', dataIndex: 'title' },
            ...counts,
            { title: '平均评分', dataIndex: 'averageRating', render: ratingText },
            { title: '评分分布', dataIndex: 'ratings', render: distribution },
          ]}
        />
      </Card>
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))' }}>
        <Card title="按地区（人数）">
          <Table
            size="small"
            rowKey="province"
            pagination={false}
            dataSource={data.byProvince}
            columns={[{ title: '地区', dataIndex: 'province' }, ...counts]}
          />
        </Card>
        <Card title="按会员类型（人数）">
          <Table
            size="small"
            rowKey="memberType"
            pagination={false}
            dataSource={data.byMemberType}
            columns={[{ title: '会员类型', dataIndex: 'memberType' }, ...counts]}
          />
        </Card>
      </div>
      <Card title="评价问卷（按作答时的题目）">
        <Table
          size="small"
          rowKey={(r) => `${r.type}-${r.question}`}
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.answers}
          locale={{ emptyText: '暂无问卷回答' }}
          columns={[
            { title: '题目', dataIndex: 'question' },
            { title: '回答人数', dataIndex: 'answered' },
            {
              title: '选项分布',
              key: 'options',
              render: (_: unknown, q: LearnerStats['answers'][number]) =>
                q.type === 'text' ? '文字回答' : q.options.map((o) => `${o.option} ${o.count}`).join(' / '),
            },
          ]}
        />
      </Card>
      <Card title="评价留言">
        <Table
          size="small"
          rowKey={(r) => `${r.at}-${r.member}-${r.lessonTitle}`}
          dataSource={data.comments}
          columns={[
            { title: '课节', dataIndex: 'lessonTitle' },
            { title: '会员', dataIndex: 'member' },
            { title: '评分', dataIndex: 'rating' },
            { title: '留言', dataIndex: 'comment' },
          ]}
        />
      </Card>
    </>
  );
}
