import { Select } from 'antd';

/** The console's year selector: last year, this year and next year. */
export function YearSelect({
  year,
  thisYear,
  onChange,
}: {
  year: number;
  thisYear: number;
  onChange: (year: number) => void;
}) {
  return (
    <Select
      aria-label="年度"
      value={year}
      onChange={onChange}
      options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年度` }))}
      style={{ width: 120 }}
    />
  );
}
