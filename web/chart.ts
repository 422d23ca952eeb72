// Moves over time as a bar chart (Chart.js, bundled: no CDN), with the same figures in a table
// for screen readers and anyone who prefers numbers.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { MoveBucket } from '../migration/store';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartLabels {
  moved: string;
  rolledBack: string;
  title: string;
}

/** Every bucket of the span, empty ones included, so the axis shows time evenly. */
export function filledBuckets(buckets: MoveBucket[], since: number, bucketMs: number, until: number): MoveBucket[] {
  const byAt = new Map(buckets.map((b) => [b.at, b]));
  const out: MoveBucket[] = [];
  for (let at = since; at <= until; at += bucketMs) out.push(byAt.get(at) ?? { at, moved: 0, rolledBack: 0 });
  return out;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export class MovesChart {
  private chart?: Chart<'bar'>;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  render(buckets: MoveBucket[], label: (at: number) => string, labels: ChartLabels): void {
    const data = {
      labels: buckets.map((b) => label(b.at)),
      datasets: [
        { label: labels.moved, data: buckets.map((b) => b.moved), backgroundColor: cssVar('--lync'), stack: 'moves' },
        { label: labels.rolledBack, data: buckets.map((b) => b.rolledBack), backgroundColor: cssVar('--ocs'), stack: 'moves' },
      ],
    };
    const text = cssVar('--text');
    const grid = cssVar('--line');
    if (this.chart) {
      this.chart.data = data;
      this.chart.options.scales!.x!.ticks!.color = text;
      this.chart.options.scales!.y!.ticks!.color = text;
      this.chart.options.plugins!.legend!.labels!.color = text;
      this.chart.update('none');
      return;
    }
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: text, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: text } }, tooltip: { enabled: true } },
      },
    });
  }

  /** Colours follow the theme: drawn again when it changes. */
  restyle(): void {
    if (!this.chart) return;
    const [moved, back] = this.chart.data.datasets;
    moved.backgroundColor = cssVar('--lync');
    back.backgroundColor = cssVar('--ocs');
    this.chart.update('none');
  }
}
