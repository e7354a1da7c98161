/** Ant Design tokens: the party red as the primary colour, CJK-first fonts. */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#c8161d',
    colorLink: '#b3141a',
    borderRadius: 6,
    fontSize: 14,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#b3141a', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff', bodyBg: '#f5f6f8' },
  },
};
