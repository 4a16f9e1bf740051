// Lab 1: the results fragment carries its chart data as JSON; draw the four charts after every swap.
(function () {
  if (window.quantlabDiscretize) return; // htmx may run this script again when it restores the page
  window.quantlabDiscretize = true;

  const ORIGINAL = '#1d4ed8';
  const QUANTIZED = '#c2410c';
  const MARK = '#6b7280';

  function xy(xs, ys) {
    const points = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) points[i] = { x: xs[i], y: ys[i] };
    return points;
  }

  function line(label, data, color, extra) {
    return Object.assign({ label, data, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.2 }, extra || {});
  }

  function vertical(x, yMin, yMax, label) {
    return line(label, [{ x, y: yMin }, { x, y: yMax }], MARK, { borderDash: [4, 4], borderWidth: 1 });
  }

  function options(xTitle, yTitle) {
    return {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      plugins: { legend: { labels: { boxWidth: 12 } } },
      scales: {
        x: { type: 'linear', title: { display: true, text: xTitle } },
        y: { type: 'linear', title: { display: true, text: yTitle } },
      },
    };
  }

  function overlay(p) {
    const o = p.overlay;
    return {
      type: 'line',
      data: { datasets: [line('original x', xy(o.index, o.original), ORIGINAL), line('quantized x̂', xy(o.index, o.quantized), QUANTIZED, { stepped: true })] },
      options: options('sample', 'value'),
    };
  }

  function transfer(p) {
    const t = p.transfer;
    const lo = t.x[0];
    const hi = t.x[t.x.length - 1];
    const yLo = Math.min(t.y[0], lo);
    const yHi = Math.max(t.y[t.y.length - 1], hi);
    return {
      type: 'line',
      data: {
        datasets: [
          line('x̂ = Q(x)', xy(t.x, t.y), QUANTIZED, { stepped: true, borderWidth: 1.6 }),
          line('x̂ = x', [{ x: lo, y: lo }, { x: hi, y: hi }], ORIGINAL, { borderDash: [2, 3], borderWidth: 1 }),
          vertical(p.clip[0], yLo, yHi, 'α, β'),
          vertical(p.clip[1], yLo, yHi, 'β'),
        ],
      },
      options: Object.assign(options('x', 'x̂'), {
        plugins: { legend: { labels: { boxWidth: 12, filter: (item) => item.text !== 'β' } } },
      }),
    };
  }

  function error(p) {
    const e = p.error;
    const first = e.index.length ? e.index[0] : 0;
    const last = e.index.length ? e.index[e.index.length - 1] : 1;
    const half = p.scale / 2;
    return {
      type: 'line',
      data: {
        datasets: [
          line('x̂ − x', xy(e.index, e.error), QUANTIZED),
          line('±Δ/2', [{ x: first, y: half }, { x: last, y: half }], MARK, { borderDash: [4, 4], borderWidth: 1 }),
          line('−Δ/2', [{ x: first, y: -half }, { x: last, y: -half }], MARK, { borderDash: [4, 4], borderWidth: 1 }),
        ],
      },
      options: Object.assign(options('sample', 'error'), {
        plugins: { legend: { labels: { boxWidth: 12, filter: (item) => item.text !== '−Δ/2' } } },
      }),
    };
  }

  function histogram(p) {
    const h = p.histogram;
    const centres = h.counts.map((_, i) => h.from + (i + 0.5) * h.width);
    return {
      type: 'bar',
      data: {
        datasets: [{ label: 'samples', data: xy(centres, h.counts), backgroundColor: QUANTIZED, barPercentage: 1, categoryPercentage: 1 }],
      },
      options: Object.assign(options('x̂ − x', 'count'), { plugins: { legend: { display: false } } }),
    };
  }

  const CHARTS = { 'chart-overlay': overlay, 'chart-transfer': transfer, 'chart-error': error, 'chart-histogram': histogram };

  function draw() {
    if (typeof Chart === 'undefined') return;
    // Charts whose canvas was swapped out are destroyed, or Chart.js keeps them alive.
    Object.values(Chart.instances).forEach((c) => { if (!document.body.contains(c.canvas)) c.destroy(); });
    const data = document.getElementById('discretize-plot-data');
    if (!data) return;
    const p = JSON.parse(data.textContent);
    Object.entries(CHARTS).forEach(([id, config]) => {
      const canvas = document.getElementById(id);
      if (!canvas || Chart.getChart(canvas)) return;
      const chart = new Chart(canvas, config(p));
      canvas.dataset.bits = String(p.bits);
      canvas.dataset.points = String(chart.data.datasets[0].data.length);
    });
  }

  // A 400 carries a message naming the bad field: show it in place of the results.
  document.addEventListener('htmx:beforeSwap', (event) => {
    const target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && (target.id === 'discretize-results' || target.id === 'bit-view')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', draw);
  document.addEventListener('htmx:historyRestore', draw);
  if (document.readyState !== 'loading') draw();
})();
