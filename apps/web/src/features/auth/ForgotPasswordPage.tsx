import { Steps, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { AuthFrame } from './AuthFrame.tsx';
import { SupportPhones } from './SupportPhones.tsx';

/** The mobile page the official account's menu opens (served by us). */
export const RECOVERY_H5_PATH = '/h5/recovery';

/** Guide part 三. */
const RECOVERY_STEPS = [
  { title: '扫码关注公众号', content: '用微信扫描下方二维码，关注中注协微信公众号并打开“找回密码”页面。' },
  {
    title: '验证账户',
    content: '选择用户类型，输入用户名（注册会计师证书编号或会员证书编号）和图片验证码。',
  },
  {
    title: '接收短信验证码',
    content: '验证码发送到您登记的手机号码，页面上显示为 138****8628 这样的隐藏形式。',
  },
  { title: '设置新密码', content: '输入短信验证码，两次输入新密码，然后用新密码登录。' },
];

/** 忘记密码 on the login page: the QR code of the recovery page and what to do there. */
export function ForgotPasswordPage() {
  const target = `${window.location.origin}${RECOVERY_H5_PATH}`;
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(target, { margin: 1, width: 200 }).then((url) => {
      if (live) setQr(url);
    });
    return () => {
      live = false;
    };
  }, [target]);

  return (
    <AuthFrame title="忘记密码">
      <Typography.Paragraph strong>扫码关注公众号，在手机上找回密码</Typography.Paragraph>
      <div style={{ textAlign: 'center', marginBottom: 12 }}>
        {qr ? (
          <img src={qr} alt="找回密码页面二维码" width={200} height={200} data-target={target} />
        ) : (
          <div style={{ height: 200 }} />
        )}
        <div>
          <Link to={RECOVERY_H5_PATH}>无法扫码？在本机打开找回密码页面</Link>
        </div>
      </div>
      <Steps
        orientation="vertical"
        size="small"
        items={RECOVERY_STEPS.map((step) => ({ ...step, status: 'process' }))}
      />
      <div style={{ margin: '8px 0 20px' }}>
        <SupportPhones />
      </div>
      <Link to="/login">返回登录</Link>
    </AuthFrame>
  );
}
