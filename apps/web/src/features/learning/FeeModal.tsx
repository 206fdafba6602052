import { ToolOutlined } from '@ant-design/icons';
import type { FeeStatus } from '@cpe/shared';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { PAYMENT_PENDING, yuanText } from './format.ts';

/** The fee gate of a non-practicing member may not start learning before the year's fee is paid. */
export const feeUnpaid = (fee: FeeStatus | undefined) => !!fee && fee.required && !fee.paid;

/**
 * 交费 (guide part 二): 开始学习 on an unpaid year opens this. Payment is another feature still being
 * built, so the page says so plainly instead of pretending to take money.
 */
export function FeeModal({ fee, open, onClose }: { fee: FeeStatus; open: boolean; onClose: () => void }) {
  return (
    <Modal
      open={open}
      title="交费"
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          知道了
        </Button>
      }
    >
      <Typography.Paragraph>
        非执业会员须先交纳本年度继续教育费用，才可以开始学习。您尚未交纳{fee.year}年度的费用。
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'year', label: '年度', children: `${fee.year}年度` },
          { key: 'item', label: '项目', children: '继续教育费用' },
          {
            key: 'amount',
            label: '金额',
            children: <Typography.Text strong>{yuanText(fee.amountFen)}</Typography.Text>,
          },
          { key: 'state', label: '状态', children: '未交费' },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Alert type="warning" showIcon icon={<ToolOutlined />} title={PAYMENT_PENDING} role="alert" />
    </Modal>
  );
}
