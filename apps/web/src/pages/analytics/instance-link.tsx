/**
 * A process instance key, linked to its page in 流程实例 (/monitor/instances/:key) for admins,
 * who alone may open that page. Analysts get the key to copy, or — where the page can show
 * what it knows of the instance (`onOpen`, the breach table) — a button that opens it.
 */
import { Button, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { isAdmin, useMe } from '../../auth/auth-context';

export function InstanceLink({
  processInstanceKey,
  onOpen,
}: {
  readonly processInstanceKey: string;
  /** For those who may not open 流程实例. */
  readonly onOpen?: (processInstanceKey: string) => void;
}) {
  const me = useMe();
  if (isAdmin(me)) {
    return (
      <Link to={`/monitor/instances/${encodeURIComponent(processInstanceKey)}`} className="rp-analytics-instance">
        {processInstanceKey}
      </Link>
    );
  }
  if (onOpen) {
    return (
      <Button
        type="link"
        size="small"
        className="rp-analytics-instance rp-analytics-step-link"
        onClick={() => onOpen(processInstanceKey)}
        aria-label={`查看流程实例 ${processInstanceKey} 的超时环节`}
      >
        {processInstanceKey}
      </Button>
    );
  }
  return (
    <Typography.Text className="rp-analytics-instance" copyable={{ text: processInstanceKey, tooltips: ['复制', '已复制'] }}>
      {processInstanceKey}
    </Typography.Text>
  );
}
