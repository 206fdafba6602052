import type { FeeStatus } from '@cpe/shared';
import { Button, Descriptions, Modal, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { paymentPaths } from '../payment/format.ts';
import { yuanText } from './format.ts';

/** The fee gate of a non-practicing member may not start learning before the year's fee is paid. */
export const feeUnpaid = (fee: FeeStatus | undefined) => !!fee && fee.required && !fee.paid;

/** 交费 (guide part 二): 开始学习 on an unpaid year opens this, and 去交费 the fee page. */
export function FeeModal({
  fee,
  open,
  onClose,
  back,
}: {
  fee: FeeStatus;
  open: boolean;
  onClose: () => void;
  /** where the fee page returns to once paid */
  back?: string;
}) {
  const navigate = useNavigate();
  return (
    <Modal
      open={open}
      title="交费"
      onCancel={onClose}
      footer={[
        <Button key="later" onClick={onClose}>
          稍后
        </Button>,
        <Button key="pay" type="primary" onClick={() => navigate(paymentPaths.fee(fee.year, back))}>
          去交费
        </Button>,
      ]}
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
      />
    </Modal>
  );
}
