import { Select, Typography } from 'antd';
import { useState } from 'react';
import { currentCycleYear } from '../member/pageInfo.ts';
import { useClosure } from './api.ts';
import { ClosureSection } from './ClosureSection.tsx';
import { ReminderSection } from './ReminderSection.tsx';

/** 年度管理 (national admin): year-end SMS reminders to members short of the year, and the year's close. */
export function YearAdminPage() {
  const thisYear = currentCycleYear();
  const [year, setYear] = useState(thisYear);
  const closed = useClosure(year).data?.status === 'closed';
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          年度管理
        </Typography.Title>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
        />
      </div>
      <ReminderSection year={year} closed={closed} />
      <ClosureSection year={year} />
    </div>
  );
}
