/** Samples kept per chart: a minute at one a second. */
const HISTORY = 60;

/** A small live chart of one or two series (p50 and p95, or a single value), with its latest values as text. */
export class Sparkline {
  private readonly series: number[][];
  private readonly canvas: HTMLCanvasElement;
  private readonly value: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly title: string,
    private readonly format: (values: readonly number[]) => string,
    seriesCount: number,
  ) {
    this.series = Array.from({ length: seriesCount }, () => []);
    const figure = document.createElement('figure');
    figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    this.value = document.createElement('span');
    this.value.className = 'chart-value';
    caption.append(' ', this.value);
    this.canvas = document.createElement('canvas');
    this.canvas.width = 240;
    this.canvas.height = 40;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `${title} over the last minute`);
    figure.append(caption, this.canvas);
    container.append(figure);
  }

  push(values: readonly number[]): void {
    values.forEach((value, index) => {
      const series = this.series[index]!;
      series.push(value);
      if (series.length > HISTORY) series.shift();
    });
    this.value.textContent = this.format(values);
    this.canvas.setAttribute('aria-label', `${this.title}: ${this.format(values)}`);
    this.draw();
  }

  private draw(): void {
    const { canvas } = this;
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, canvas.width, canvas.height);
    const top = Math.max(1e-6, ...this.series.flat());
    const colours = ['#22d3ee', '#f59e0b'];
    this.series.forEach((series, index) => {
      context.strokeStyle = colours[index] ?? '#a3e635';
      context.lineWidth = 1.5;
      context.beginPath();
      series.forEach((value, i) => {
        const x = (i / (HISTORY - 1)) * canvas.width;
        const y = canvas.height - 2 - (value / top) * (canvas.height - 4);
        if (i === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      });
      context.stroke();
    });
  }
}
