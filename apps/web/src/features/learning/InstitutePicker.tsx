import { BankOutlined, PhoneOutlined } from '@ant-design/icons';
import type { Institute } from '@cpe/shared';
import { Alert, App, Button, Card, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useChooseInstitute, useInstitutes } from '../../api/learning.ts';
import { cardGrid, ErrorAlert, LoadingCard } from './status.tsx';

/**
 * The year's institute choice (guide step 3): the three institutes with hotline and introduction, and a
 * confirmation that names the consequence before the choice is final.
 */
export function InstitutePicker({ year }: { year: number }) {
  const institutes = useInstitutes();
  const choose = useChooseInstitute();
  const { message } = App.useApp();
  const [pending, setPending] = useState<Institute | null>(null);

  const close = () => {
    setPending(null);
    choose.reset();
  };
  const confirm = () => {
    if (!pending) return;
    choose.mutate(
      { year, instituteId: pending.id },
      {
        onSuccess: (choice) => {
          setPending(null);
          message.success(`已选择${choice.institute?.name ?? pending.name}作为${year}年度的学习机构`);
        },
        onError: (e) => message.error(errorMessage(e)),
      },
    );
  };

  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          选择{year}年度的学习机构
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          请先选择一家国家会计学院，再学习该学院发布的课程。
          <Typography.Text strong>每年只能选择一家会计学院进行学习，当年不可更改。</Typography.Text>
        </Typography.Paragraph>
      </Card>
      {institutes.isPending && <LoadingCard rows={3} />}
      {institutes.isError && <ErrorAlert error={institutes.error} onRetry={() => institutes.refetch()} />}
      {institutes.data && (
        <div style={cardGrid()}>
          {institutes.data.map((i) => (
            <Card
              key={i.id}
              data-testid="institute-card"
              styles={{ body: { display: 'flex', flexDirection: 'column', height: '100%', gap: 12 } }}
            >
              <Typography.Title level={5} style={{ margin: 0 }}>
                <BankOutlined style={{ color: '#1f4e8c', marginInlineEnd: 8 }} />
                {i.name}
              </Typography.Title>
              <Typography.Text>
                <PhoneOutlined /> 咨询电话：{i.hotline}
              </Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: 0, flex: 1 }}>
                <Typography.Text type="secondary" strong>
                  简介：
                </Typography.Text>
                {i.introduction}
              </Typography.Paragraph>
              <Button type="primary" block onClick={() => setPending(i)}>
                选择该学院
              </Button>
            </Card>
          ))}
        </div>
      )}
      <Modal
        open={pending !== null}
        title="确认选择学习机构"
        okText="确定选择"
        cancelText="取消"
        confirmLoading={choose.isPending}
        onOk={confirm}
        onCancel={close}
      >
        <Typography.Paragraph>
          每年只能选择一家会计学院进行学习，当年不可更改。确定选择 <strong>{pending?.name}</strong> 吗？
        </Typography.Paragraph>
        {choose.isError && <Alert type="error" showIcon title={errorMessage(choose.error)} />}
      </Modal>
    </div>
  );
}
