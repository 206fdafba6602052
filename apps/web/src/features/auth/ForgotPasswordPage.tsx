import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Steps, Typography } from 'antd';
import { Link } from 'react-router';
import { AuthFrame } from './AuthFrame.tsx';

const SUPPORT_PHONES = ['010-88250337', '010-88250338'];

/** Guide part 三; all shown as steps to do, none as done. */
const RECOVERY_STEPS = [
  { title: '扫码关注公众号', content: '在登录页点击“忘记密码”，用微信扫描二维码，关注中注协微信公众号。' },
  {
    title: '验证账户',
    content: '在公众号中输入用户名（注册会计师证书编号或会员证书编号），确认是本人账户。',
  },
  {
    title: '接收短信验证码',
    content: '验证码发送到您登记的手机号码，页面上显示为 138****8628 这样的隐藏形式。',
  },
  { title: '设置新密码', content: '输入短信验证码并设置新密码，然后用新密码登录。' },
];

/** Password recovery as the guide (part 三) describes it; the online flow comes with its own issue. */
export function ForgotPasswordPage() {
  return (
    <AuthFrame title="忘记密码">
      <Alert
        type="info"
        showIcon
        title="在线找回密码功能正在建设中"
        description="建成后，您可以按以下步骤通过中注协微信公众号和短信验证码重新设置密码。"
        style={{ marginBottom: 20 }}
      />
      <Steps
        orientation="vertical"
        size="small"
        items={RECOVERY_STEPS.map((step) => ({ ...step, status: 'process' }))}
      />
      <Typography.Paragraph style={{ marginTop: 8 }}>
        密码通过上述操作后仍然无法找回，可致电中注协技术部咨询：
      </Typography.Paragraph>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 20 }}>
        {SUPPORT_PHONES.map((p) => (
          <Button key={p} icon={<PhoneOutlined />} href={`tel:${p}`}>
            {p}
          </Button>
        ))}
      </div>
      <Link to="/login">返回登录</Link>
    </AuthFrame>
  );
}
