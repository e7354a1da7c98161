/**
 * A process instance key, linked to its page in 流程实例 (/monitor/instances/:key) for admins,
 * who alone may open that page; analysts get the key to copy.
 */
import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { isAdmin, useMe } from '../../auth/auth-context';

export function InstanceLink({ processInstanceKey }: { readonly processInstanceKey: string }) {
  const me = useMe();
  if (!isAdmin(me)) {
    return (
      <Typography.Text className="rp-analytics-instance" copyable={{ text: processInstanceKey, tooltips: ['复制', '已复制'] }}>
        {processInstanceKey}
      </Typography.Text>
    );
  }
  return (
    <Link to={`/monitor/instances/${encodeURIComponent(processInstanceKey)}`} className="rp-analytics-instance">
      {processInstanceKey}
    </Link>
  );
}
