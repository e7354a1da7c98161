/**
 * CSV downloads for the analytics endpoints: `?format=csv`, or an Accept header that prefers
 * text/csv, turns a handler's JSON answer into a sheet. A handler declares its sheet with
 * `@CsvExport(…)` and returns its JSON answer; this interceptor does the rest after the
 * handler ran (so the query is validated by then), the same way for every endpoint.
 */
import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { toCsv, type CsvColumn } from './csv';

export interface CsvExportSpec<Answer, Row> {
  readonly columns: readonly CsvColumn<Row>[];
  readonly rows: (answer: Answer) => readonly Row[];
  /** File names without `.csv`: an ASCII one for old clients (headers are Latin-1) and the Chinese one (RFC 6266 filename*). */
  readonly fileName: (request: { params: Record<string, string>; query: Record<string, unknown> }) => {
    readonly ascii: string;
    readonly chinese: string;
  };
}

const CSV_EXPORT = 'analytics:csv-export';

/** The endpoint's answer can also be downloaded as CSV. */
export function CsvExport<Answer, Row>(spec: CsvExportSpec<Answer, Row>): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(CSV_EXPORT, spec), UseInterceptors(CsvExportInterceptor));
}

/** `?format=csv` wins; otherwise an Accept header that prefers CSV over JSON. */
export function wantsCsv(format: unknown, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /\btext\/csv\b/i.test(accept ?? '') && !/\bapplication\/json\b/i.test(accept ?? '');
}

@Injectable()
export class CsvExportInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<CsvExportSpec<unknown, unknown> | undefined>(CSV_EXPORT, context.getHandler());
    if (!spec) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!wantsCsv(request.query['format'], request.headers.accept)) return answer;
        const { ascii, chinese } = spec.fileName({ params: request.params as Record<string, string>, query: request.query });
        const response = http.getResponse<Response>();
        response.setHeader('Content-Type', 'text/csv; charset=utf-8');
        response.setHeader(
          'Content-Disposition',
          `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(chinese)}.csv`,
        );
        return toCsv(spec.columns, spec.rows(answer));
      }),
    );
  }
}
