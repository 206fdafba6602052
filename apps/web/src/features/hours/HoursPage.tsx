import { DownloadOutlined, PhoneOutlined, SyncOutlined } from '@ant-design/icons';
import type { HoursResponse } from '@cpe/shared';
import { Alert, Button, Card, Descriptions, Progress, Select, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useHours } from '../../api/learning.ts';
import { useMemberType } from '../auth/currentUser.ts';
import { hoursText, learningPaths, percentOf, requirementText } from '../learning/format.ts';
import { PageTitle } from '../learning/LearningPage.tsx';
import { cardGrid, ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { UnevaluatedNotice } from '../learning/UnevaluatedNotice.tsx';
import { currentCycleYear } from '../member/pageInfo.ts';
import { PlanCard } from '../plan/PlanCard.tsx';
import { HoursEntries } from './HoursEntries.tsx';

/** The first year of the current rules (domain.md 3); earlier years have no rule set. */
const FIRST_YEAR = 2022;

/** 学时查询 (guide step 6): the year's requirement and standing, what is recorded and what is pending. */
export function HoursPage() {
  const thisYear = currentCycleYear();
  const [year, setYear] = useState(thisYear);
  const hours = useHours(year);
  const years = Array.from({ length: Math.max(1, thisYear - FIRST_YEAR + 1) }, (_, i) => thisYear - i);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <PageTitle title="学时查询" />
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
        />
      </div>
      {hours.isPending && <LoadingCard rows={8} />}
      {hours.isError && <ErrorAlert error={hours.error} onRetry={() => hours.refetch()} />}
      {hours.data && <HoursView data={hours.data} />}
      {hours.data && <PlanCard year={year} />}
    </div>
  );
}

function HoursView({ data }: { data: HoursResponse }) {
  const type = useMemberType();
  const { requirement: req, credited, shortfall } = data;
  const outputLabel = type === 'practicing' ? '产出法学时' : '产出式学时';
  return (
    <>
      <Card
        title="年度学时完成情况"
        extra={
          <>
            {data.compliant && (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/me/certificates/${data.year}`}
                download
                data-testid="certificate"
                style={{ marginInlineEnd: 8 }}
              >
                学时证明
              </Button>
            )}
            <Tag color={data.compliant ? 'success' : 'error'} data-testid="compliance">
              {data.compliant ? '达标' : '未达标'}
            </Tag>
          </>
        }
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Text type="secondary">已获学时 / 年度要求</Typography.Text>
          <Typography.Text strong data-testid="standing">
            {hoursText(credited.total)}学时/{requirementText(req.total)}学时
          </Typography.Text>
        </div>
        <Progress
          percent={percentOf(credited.total, req.total)}
          status={data.compliant ? 'success' : 'active'}
          aria-label="年度学时完成进度"
        />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, xl: 4 }}
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'requirement',
              label: '年度要求',
              children: `${requirementText(req.total)} 学时（其中职业道德 ${requirementText(req.ethics)} 学时）`,
            },
            { key: 'credited', label: '已获学时', children: `${hoursText(credited.total)} 学时` },
            {
              key: 'shortfall',
              label: '尚差',
              children:
                shortfall.total > 0
                  ? `${hoursText(shortfall.total)} 学时${shortfall.ethics > 0 ? `（其中职业道德 ${hoursText(shortfall.ethics)} 学时）` : ''}`
                  : '无',
            },
            {
              key: 'ethics',
              label: '职业道德',
              children: `${hoursText(credited.ethics)} / ${requirementText(req.ethics)} 学时`,
            },
          ]}
        />
        {data.reasons.length > 0 && (
          <ul data-testid="reasons" style={{ margin: '8px 0 0', paddingInlineStart: 18 }}>
            {data.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="已获学时（按类别）">
        <div style={cardGrid(120)}>
          <Bucket title="网络培训" hours={credited.online} testId="credited-online" />
          <Bucket title="面授培训" hours={credited.faceToFace} testId="credited-face-to-face" />
          <Bucket title={outputLabel} hours={credited.output} />
          <Bucket title="职业道德" hours={credited.ethics} />
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          网络培训中必修 {hoursText(credited.onlineRequired)} 学时、选修 {hoursText(credited.onlineElective)}{' '}
          学时。
        </Typography.Paragraph>
      </Card>

      <SyncState data={data} />
      <UnevaluatedNotice lessons={data.unevaluatedLessons} />

      <Card title="学时明细" styles={{ body: { overflowX: 'auto' } }}>
        <HoursEntries entries={data.entries} />
      </Card>

      <Hotline data={data} />
    </>
  );
}

function Bucket({ title, hours, testId }: { title: string; hours: number; testId?: string }) {
  return (
    <Statistic
      title={title}
      value={hoursText(hours)}
      suffix="学时"
      data-testid={testId}
      styles={{ content: { fontSize: 22 } }}
    />
  );
}

/** Lesson hours enter the record in the nightly batch: what is recorded, and what is on its way. */
function SyncState({ data }: { data: HoursResponse }) {
  const recorded = `系统已记录 ${hoursText(data.recordedHours)} 学时`;
  if (data.pendingHours > 0) {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<SyncOutlined />}
        data-testid="sync-state"
        title={`${hoursText(data.pendingHours)} 学时待同步，次日可查询`}
        description={`${recorded}。已评价的网络课程学时由会计学院每日汇总报送，报送后计入上方统计。`}
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      data-testid="sync-state"
      title={`${recorded}，暂无待同步学时。`}
      description="学习并评价网络课程后，学时于次日计入。"
    />
  );
}

function Hotline({ data }: { data: HoursResponse }) {
  if (!data.institute) {
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {data.year}年度尚未选择会计学院。
        <Link to={learningPaths.home}>前往在线学习选择</Link>
      </Typography.Paragraph>
    );
  }
  return (
    <Typography.Paragraph style={{ margin: 0 }} data-testid="hotline">
      <PhoneOutlined /> 如有疑问，请咨询 {data.institute.name}：{data.institute.hotline}
    </Typography.Paragraph>
  );
}
