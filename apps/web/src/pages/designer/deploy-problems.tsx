/** The server's reasons for refusing a deployment, each element a button that selects it. */
import { Alert, Button } from 'antd';
import type { DeployProblem } from './designer-model';

export function DeployProblems({
  problems,
  onSelectElement,
}: {
  readonly problems: readonly DeployProblem[];
  readonly onSelectElement?: (elementId: string) => void;
}) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="deploy-errors"
      message={`部署被拒绝（${problems.length} 处问题），请修改后重新部署`}
      description={
        <ul className="rp-problem-list">
          {problems.map((p, index) => (
            <li key={index}>
              {p.resource && <span className="rp-problem-resource">{p.resource}</span>}
              {p.elementId &&
                (onSelectElement ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => onSelectElement(p.elementId ?? '')}
                    aria-label={`定位元素 ${p.elementId}`}
                  >
                    {p.elementId}
                  </Button>
                ) : (
                  <code>{p.elementId}</code>
                ))}
              <span>{p.message}</span>
            </li>
          ))}
        </ul>
      }
    />
  );
}
