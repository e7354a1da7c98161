/** ECharts options for the page's charts, with Chinese durations on axes and tooltips. */
import type { AnalyticsHistogram, AnalyticsTrend } from '../../api/types';
import { formatNumber } from '../../i18n/format';
import { formatDurationBound, formatDurationMs, formatMonthBucket } from './duration-format';
import type { ChartOption } from './echart';

const RED = '#c8161d';
const GOLD = '#d48806';
const BLUE = '#1677ff';
const GREY = '#bfbfbf';

/** How many instances (or step runs) took how long: one bar per duration bucket. */
export function histogramOption(histogram: AnalyticsHistogram): ChartOption {
  // The axis names each bar by where it starts; the tooltip gives the whole range.
  const ranges = histogram.buckets.map((b) => {
    const width = b.upperMs - b.lowerMs;
    return `${formatDurationBound(b.lowerMs, width)}–${formatDurationBound(b.upperMs, width)}`;
  });
  const starts = histogram.buckets.map((b) => formatDurationBound(b.lowerMs, b.upperMs - b.lowerMs));
  return {
    grid: { left: 48, right: 40, top: 24, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const index = first?.dataIndex ?? 0;
        return `${ranges[index] ?? ''}<br/>${formatNumber(histogram.buckets[index]?.count ?? 0)} 件`;
      },
    },
    xAxis: { type: 'category', data: starts, name: '耗时', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: '件数', minInterval: 1 },
    series: [{ type: 'bar', name: '件数', data: histogram.buckets.map((b) => b.count), itemStyle: { color: RED }, barCategoryGap: '8%' }],
  };
}

/** Per month: started and completed as bars (left axis), p50 and p90 of completed ones as lines (right axis). */
export function trendOption(trend: AnalyticsTrend): ChartOption {
  const months = trend.buckets.map((b) => formatMonthBucket(b.bucket));
  const duration = (value: unknown): string => formatDurationMs(typeof value === 'number' ? value : null);
  return {
    grid: { left: 48, right: 72, top: 48, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: '件数', minInterval: 1 },
      { type: 'value', name: '耗时', axisLabel: { formatter: (value: number) => formatDurationMs(value) }, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: '发起',
        data: trend.buckets.map((b) => b.started),
        itemStyle: { color: GREY },
        tooltip: { valueFormatter: (v) => `${formatNumber(Number(v))} 件` },
      },
      {
        type: 'bar',
        name: '办结',
        data: trend.buckets.map((b) => b.completed),
        itemStyle: { color: BLUE },
        tooltip: { valueFormatter: (v) => `${formatNumber(Number(v))} 件` },
      },
      {
        type: 'line',
        name: 'P50 耗时',
        yAxisIndex: 1,
        data: trend.buckets.map((b) => b.p50),
        itemStyle: { color: GOLD },
        connectNulls: true,
        tooltip: { valueFormatter: duration },
      },
      {
        type: 'line',
        name: 'P90 耗时',
        yAxisIndex: 1,
        data: trend.buckets.map((b) => b.p90),
        itemStyle: { color: RED },
        connectNulls: true,
        tooltip: { valueFormatter: duration },
      },
    ],
  };
}
