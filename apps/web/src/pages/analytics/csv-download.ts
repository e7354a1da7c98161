/**
 * 导出 CSV: the same analytics endpoint with `format=csv`, fetched with the bearer token
 * (a plain link would not carry it) and saved under the server's Chinese file name.
 */
import { loadSession } from '../../auth/session-store';

export type CsvReport = 'durations' | 'trend' | 'by-org-unit' | 'breaches' | 'targets';

/** The Chinese name of `Content-Disposition: …; filename*=UTF-8''…`, else its ASCII name. */
export function csvFileName(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

export async function downloadCsv(
  processId: string,
  report: CsvReport,
  query: Record<string, string | number | undefined>,
): Promise<string> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  params.set('format', 'csv');
  const token = loadSession()?.accessToken;
  const response = await fetch(`/api/analytics/processes/${encodeURIComponent(processId)}/${report}?${params.toString()}`, {
    headers: { Accept: 'text/csv', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) throw new Error(`导出失败（HTTP ${response.status}）`);
  const name = csvFileName(response.headers.get('Content-Disposition'), `${processId}-${report}.csv`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
