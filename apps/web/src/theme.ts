import type { ThemeConfig } from 'antd';

/** A sober institutional blue; the header is a darker shade of it. */
export const brand = {
  primary: '#1f4e8c',
  header: '#143664',
  headerText: '#ffffff',
  pageBackground: '#f3f5f8',
};

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brand.primary,
    colorInfo: brand.primary,
    // The palette derived from a dark blue gives greyish tints; use clear light blues instead.
    colorPrimaryBg: '#e8f0fa',
    colorPrimaryBgHover: '#d6e4f5',
    colorInfoBg: '#eef4fb',
    colorInfoBorder: '#bcd0ea',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Menu: { itemSelectedBg: '#e8f0fa', itemSelectedColor: brand.primary, subMenuItemBg: '#ffffff' },
    Layout: {
      headerBg: brand.header,
      headerHeight: 56,
      headerPadding: '0 16px',
      bodyBg: brand.pageBackground,
    },
  },
};
