// The leaderboard's Pareto chart: accuracy against size, one colour per method, the front as a line.
// Drawn on load and again after htmx swaps the board for other filters.
(function () {
  const COLOURS = ['#0f172a', '#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0e7490', '#a16207'];
  let chart = null;

  const kilobytes = (bytes) => (bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 }) + ' KB';
  // A log axis ticks every 1..9 × 10^n; label only 1, 2 and 5 × 10^n (10k, 20k, 50k, 100k …).
  const sizeTick = (value) => {
    const power = 10 ** Math.floor(Math.log10(value));
    const leading = Math.round(value / power);
    if (![1, 2, 5].includes(leading) || Math.abs(value / power - leading) > 1e-6) return '';
    return value >= 1e6 ? value / 1e6 + 'M' : value >= 1e3 ? value / 1e3 + 'k' : String(value);
  };

  function draw() {
    const canvas = document.getElementById('pareto-chart');
    const source = document.getElementById('pareto-data');
    if (chart) {
      chart.destroy();
      chart = null;
    }
    if (!canvas || !source || typeof Chart === 'undefined') return;
    const data = JSON.parse(source.textContent);
    const datasets = data.methods.map((series, i) => ({
      label: series.method,
      data: series.points,
      backgroundColor: COLOURS[i % COLOURS.length],
      borderColor: COLOURS[i % COLOURS.length],
      pointRadius: 5,
      pointStyle: series.method === 'FP32' ? 'rectRot' : 'circle',
      showLine: false,
    }));
    datasets.push({
      label: 'Pareto front', data: data.front, type: 'line', borderColor: '#94a3b8', borderDash: [6, 4],
      pointRadius: 0, stepped: false, fill: false,
    });
    chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'size in bytes (log scale)' },
            ticks: { callback: sizeTick, autoSkip: false, maxRotation: 0 } },
          y: { title: { display: true, text: 'accuracy (%)' } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const p = item.raw;
                return (p.id == null ? '' : '#' + p.id + ' ') + p.who + ' ' + p.bits + ': ' + p.y.toFixed(2) + ' %'
                  + (p.simulated ? ' (simulated)' : '') + ', ' + kilobytes(p.x);
              },
            },
          },
        },
      },
    });
    canvas.dataset.drawn = 'true';
    canvas.dataset.points = String(data.methods.reduce((n, s) => n + s.points.length, 0));
    canvas.dataset.front = String(data.front.length);
  }

  draw();
  document.addEventListener('htmx:afterSettle', draw);
})();
