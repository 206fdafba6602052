import type { Verification } from '@cpe/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Result, Spin } from 'antd';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';

/** Public check of a 学时证明 through its QR code: masked name, year and hours, nothing more. */
export function VerifyPage() {
  const { code = '' } = useParams();
  const check = useQuery({
    queryKey: ['verify', code],
    queryFn: () => api<Verification>(`/api/verify/${encodeURIComponent(code)}`),
    retry: false,
  });
  return (
    <div style={{ maxWidth: 560, margin: '32px auto', padding: 16 }}>
      <Card title="注册会计师继续教育学时证明核验">
        {check.isPending && <Spin />}
        {check.isError && (
          <Result status="warning" title="无法核验" subTitle="验证码格式不正确或服务暂不可用" />
        )}
        {check.data?.valid === false && (
          <Result
            status="error"
            title={check.data.reason === 'revoked' ? '证明已作废' : '未找到该证明'}
            subTitle={check.data.message}
          />
        )}
        {check.data?.valid === true && (
          <>
            <Result status="success" title="证明有效" />
            <Descriptions
              column={1}
              bordered
              size="small"
              data-testid="verification"
              items={[
                { key: 'name', label: '姓名', children: check.data.name },
                { key: 'year', label: '年度', children: `${check.data.year}年度` },
                { key: 'hours', label: '认可学时', children: `${check.data.hours.toFixed(2)} 学时` },
                { key: 'issued', label: '出具日期', children: check.data.issuedOn },
              ]}
            />
          </>
        )}
      </Card>
    </div>
  );
}
