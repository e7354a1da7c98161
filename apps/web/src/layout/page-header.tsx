/** The title row of a page: heading, one line of help, and its main actions. */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  extra,
}: {
  readonly title: string;
  readonly description?: ReactNode;
  readonly extra?: ReactNode;
}) {
  return (
    <div className="rp-page-header">
      <div>
        <Typography.Title level={1} className="rp-page-title">
          {title}
        </Typography.Title>
        {description && (
          <Typography.Paragraph type="secondary" className="rp-page-description">
            {description}
          </Typography.Paragraph>
        )}
      </div>
      {extra && <div className="rp-page-extra">{extra}</div>}
    </div>
  );
}
