/** Pure helpers shared by 流程设计 and 表单设计. */
import { ApiError, type FieldError } from '../../api/client';

/** The newest version of each definition, from a newest-first list of every version. */
export function latestOfEach<T extends { readonly version: number }>(versions: readonly T[], idOf: (item: T) => string): T[] {
  const latest = new Map<string, T>();
  for (const item of versions) {
    const current = latest.get(idOf(item));
    if (!current || item.version > current.version) latest.set(idOf(item), item);
  }
  return [...latest.values()];
}

/** A problem the server found in a deployed file (POST /api/deployments answers 400 with these). */
export interface DeployProblem {
  readonly resource: string | undefined;
  readonly elementId: string | undefined;
  readonly message: string;
}

export function deployProblemsOf(error: unknown): DeployProblem[] {
  if (!(error instanceof ApiError)) return [{ resource: undefined, elementId: undefined, message: '部署失败，请稍后重试' }];
  if (error.fieldErrors.length === 0) return [{ resource: undefined, elementId: undefined, message: error.message }];
  return error.fieldErrors.map((e: FieldError & { resource?: unknown; elementId?: unknown; reason?: unknown }) => ({
    resource: typeof e.resource === 'string' ? e.resource : undefined,
    elementId: typeof e.elementId === 'string' ? e.elementId : undefined,
    message: typeof e.reason === 'string' ? e.reason : e.message,
  }));
}

/** `resident-report.bpmn` for a resource name the server accepts; otherwise built from the definition id. */
export function resourceNameFor(preferred: string | undefined, id: string, extension: 'bpmn' | 'form'): string {
  const acceptable = /^[\p{L}\p{N}_][\p{L}\p{N}_. -]{0,250}\.(bpmn|form|dmn)$/u;
  const base = preferred?.split(/[\\/]/).pop();
  if (base && acceptable.test(base) && base.endsWith(`.${extension}`)) return base;
  const safe = id.replace(/[^\p{L}\p{N}_.-]/gu, '_').replace(/^[^\p{L}\p{N}_]+/u, '') || 'untitled';
  return `${safe}.${extension}`;
}

/** A short random suffix for new ids: Process_k3f9x2. */
export function newId(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Offers a text as a file download (下载 .bpmn / .form). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Where an in-app navigation goes: react-router hands its navigator a path object or a string. */
export type NavigationTarget = string | { readonly pathname?: string; readonly search?: string; readonly hash?: string };

/**
 * Whether a navigation leaves the designer page: another pathname does; a change of the
 * query alone (?process=…, the page's own list and editor) does not — the page asks about
 * those itself, before it discards the diagram.
 */
export function leavesPage(currentPathname: string, to: NavigationTarget): boolean {
  const target = typeof to === 'string' ? to.split(/[?#]/)[0] : to.pathname;
  if (target === undefined || target === '') return false;
  return trimSlash(target) !== trimSlash(currentPathname);
}

function trimSlash(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}
