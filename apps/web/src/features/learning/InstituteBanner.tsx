import { BankOutlined, PhoneOutlined } from '@ant-design/icons';
import type { Institute } from '@cpe/shared';
import { Alert, Space } from 'antd';

/** The year's chosen institute and its hotline, at the top of every learning page. */
export function InstituteBanner({ institute, year }: { institute: Institute; year: number }) {
  return (
    <Alert
      type="info"
      icon={<BankOutlined />}
      showIcon
      data-testid="institute-banner"
      title={
        <Space size={[12, 4]} wrap>
          <span>
            {year}年度学习机构：<strong>{institute.name}</strong>
          </span>
          <span>
            <PhoneOutlined /> 咨询电话 {institute.hotline}
          </span>
        </Space>
      }
    />
  );
}
