import { CheckCircleFilled, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { useFee, useInstituteChoice } from '../../api/learning.ts';
import { learningPaths } from '../learning/format.ts';
import { PageTitle } from '../learning/LearningPage.tsx';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { useCreateOrder, useOrder } from './api.ts';
import { cashierHref, paymentPaths, statusColor, statusLabel, yuan } from './format.ts';

/** A QR code of `text` drawn in the browser. */
function QrImage({ text }: { text: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    QRCode.toDataURL(text, { width: 200, margin: 1 }).then(setSrc, () => setSrc(undefined));
  }, [text]);
  return src ? <img src={src} width={200} height={200} alt="支付二维码" /> : <Spin />;
}

/**
 * 交费 (guide part 二): amount, institute, year and order number, a QR code to pay (or the cashier link
 * on a phone), and the status, which turns to 已支付 by itself.
 */
export function FeePage() {
  const [params] = useSearchParams();
  const choice = useInstituteChoice();
  const year = Number(params.get('year')) || choice.data?.year;
  const back = params.get('back') ?? learningPaths.home;
  const fee = useFee(year);
  const create = useCreateOrder();
  const [orderNo, setOrderNo] = useState<string>();
  const order = useOrder(orderNo);
  const navigate = useNavigate();
  const asked = useRef(false);

  const instituteId = choice.data?.institute?.id;
  const needsOrder = !!fee.data && fee.data.required && !fee.data.paid && !!year && !!instituteId;
  useEffect(() => {
    if (!needsOrder || asked.current || !year || !instituteId) return;
    asked.current = true;
    create.mutate({ year, instituteId }, { onSuccess: (o) => setOrderNo(o.orderNo) });
  }, [needsOrder, year, instituteId, create]);

  const o = order.data ?? create.data;
  const here = `${paymentPaths.fee(year ?? 0)}${params.get('back') ? `&back=${encodeURIComponent(back)}` : ''}`;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <PageTitle title="交费" year={year} />
      {(choice.isPending || fee.isPending) && <LoadingCard rows={4} />}
      {fee.isError && <ErrorAlert error={fee.error} onRetry={() => fee.refetch()} />}
      {choice.data && !choice.data.institute && (
        <Alert type="info" showIcon title="请先在“在线学习”中选择本年度的会计学院，再交费。" />
      )}
      {fee.data && !fee.data.required && <Alert type="info" showIcon title="您无须交纳继续教育费用。" />}
      {fee.data?.paid && !o && (
        <Result
          status="success"
          title="已支付"
          subTitle={`${fee.data.year}年度继续教育费用已交纳`}
          extra={
            <Button type="primary" onClick={() => navigate(back)}>
              开始学习
            </Button>
          }
        />
      )}
      {create.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(create.error)}
          action={
            <Button
              size="small"
              onClick={() =>
                year &&
                instituteId &&
                create.mutate({ year, instituteId }, { onSuccess: (x) => setOrderNo(x.orderNo) })
              }
            >
              重试
            </Button>
          }
        />
      )}
      {create.isPending && <LoadingCard rows={4} />}
      {o && (
        <Card>
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'item', label: '项目', children: '继续教育费用' },
              { key: 'year', label: '年度', children: `${o.year}年度` },
              { key: 'institute', label: '会计学院', children: o.instituteName },
              {
                key: 'amount',
                label: '金额',
                children: <Typography.Text strong>{yuan(o.amountFen)}</Typography.Text>,
              },
              { key: 'no', label: '订单号', children: <span data-testid="order-no">{o.orderNo}</span> },
              {
                key: 'status',
                label: '状态',
                children: (
                  <Tag color={statusColor[o.status]} data-testid="order-status">
                    {statusLabel(o.status)}
                  </Tag>
                ),
              },
            ]}
            style={{ marginBottom: 16 }}
          />
          {o.status === 'pending' && o.codeUrl && (
            <Space direction="vertical" align="center" style={{ width: '100%' }}>
              <QrImage text={new URL(cashierHref(o.codeUrl, here), window.location.origin).href} />
              <Typography.Text type="secondary">
                请使用微信扫描二维码支付，支付完成后本页自动更新
              </Typography.Text>
              <a href={cashierHref(o.codeUrl, here)}>
                <Button type="primary">打开收银台支付</Button>
              </a>
            </Space>
          )}
          {o.status === 'paid' && (
            <Result
              icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
              title="已支付"
              subTitle="本年度所选会计学院的全部课程已开放学习"
              extra={[
                <Button key="start" type="primary" onClick={() => navigate(back)}>
                  开始学习
                </Button>,
                <a
                  key="receipt"
                  href={`/api/orders/${o.orderNo}/receipt.pdf`}
                  target="_blank"
                  rel="noreferrer"
                >
                  <Button icon={<FilePdfOutlined />}>电子收据</Button>
                </a>,
              ]}
            />
          )}
          {o.status === 'closed' && (
            <Alert
              type="warning"
              showIcon
              title="订单已超时关闭，请刷新页面重新下单"
              action={<Link to={paymentPaths.records}>交费记录</Link>}
            />
          )}
        </Card>
      )}
    </div>
  );
}
