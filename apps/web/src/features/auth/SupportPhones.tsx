import { PhoneOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';

export const SUPPORT_PHONES = ['010-88250337', '010-88250338'];

/** For when online recovery fails: the national body's technical support (guide part 三). */
export function SupportPhones() {
  return (
    <div>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        通过上述操作仍然无法找回密码，可致电中注协技术部咨询：
      </Typography.Paragraph>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {SUPPORT_PHONES.map((p) => (
          <Button key={p} icon={<PhoneOutlined />} href={`tel:${p}`}>
            {p}
          </Button>
        ))}
      </div>
    </div>
  );
}
