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

  function indices(length) {
    return Array.from({ length }, (_, i) => i);
  }

  // An envelope: the smallest and largest value of each stretch of samples, the band between them filled.
  // Its lower edge is left out of the legend (see bandEdge).
  function band(label, e, n, color, fill) {
    const edge = (values) => xy(e.start, values).concat(values.length ? [{ x: n - 1, y: values[values.length - 1] }] : []);
    return [
      line(label + ', smallest to largest per stretch', edge(e.max), color, { fill: '+1', backgroundColor: fill, stepped: 'after' }),
      line(bandEdge(label), edge(e.min), color, { stepped: 'after' }),
    ];
  }

  function bandEdge(label) {
    return label + ', smallest per stretch';
  }

  function halfStep(p, from, to) {
    const half = p.scale / 2;
    return [
      line('±Δ/2', [{ x: from, y: half }, { x: to, y: half }], MARK, { borderDash: [4, 4], borderWidth: 1 }),
      line('−Δ/2', [{ x: from, y: -half }, { x: to, y: -half }], MARK, { borderDash: [4, 4], borderWidth: 1 }),
    ];
  }

  // Where the window of single samples ends, on an envelope chart of all samples.
  function windowEnd(p, e) {
    const w = p.window.original.length;
    if (w >= p.n || !e.start.length) return [];
    return [vertical(w, Math.min(...e.min), Math.max(...e.max), 'end of the window on the left')];
  }

  function samples(config, count) {
    Object.assign(config.options.scales.x, { min: 0, max: Math.max(1, count - 1) });
    return config;
  }

  function legendWithout(config, hidden) {
    config.options.plugins = { legend: { labels: { boxWidth: 12, filter: (item) => !hidden.includes(item.text) } } };
    return config;
  }

  function overlay(p) {
    const w = p.window;
    const index = indices(w.original.length);
    return samples({
      type: 'line',
      data: {
        datasets: [
          line('original x', xy(index, w.original), ORIGINAL, { pointRadius: 1.5 }),
          line('quantized x̂', xy(index, w.quantized), QUANTIZED, { stepped: 'middle', borderWidth: 1.6 }),
        ],
      },
      options: options('sample index', 'value'),
    }, index.length);
  }

  function overlayAll(p) {
    const e = p.signal;
    return samples(legendWithout({
      type: 'line',
      data: { datasets: band('x', e, p.n, ORIGINAL, 'rgba(29, 78, 216, 0.25)').concat(windowEnd(p, e)) },
      options: options('sample index', 'value'),
    }, [bandEdge('x')]), p.n);
  }

  function transfer(p) {
    const t = p.transfer;
    const lo = t.x[0];
    const hi = t.x[t.x.length - 1];
    const yLo = Math.min(t.y[0], lo);
    const yHi = Math.max(t.y[t.y.length - 1], hi);
    return legendWithout({
      type: 'line',
      data: {
        datasets: [
          line('x̂ = Q(x)', xy(t.x, t.y), QUANTIZED, { stepped: true, borderWidth: 1.6 }),
          line('x̂ = x', [{ x: lo, y: lo }, { x: hi, y: hi }], ORIGINAL, { borderDash: [2, 3], borderWidth: 1 }),
          vertical(p.clip[0], yLo, yHi, 'α, β'),
          vertical(p.clip[1], yLo, yHi, 'β'),
        ],
      },
      options: options('input x', 'output x̂'),
    }, ['β']);
  }

  function error(p) {
    const w = p.window;
    const index = indices(w.error.length);
    return samples(legendWithout({
      type: 'line',
      data: {
        datasets: [line('x̂ − x', xy(index, w.error), QUANTIZED, { pointRadius: 1.5 })]
          .concat(halfStep(p, 0, Math.max(0, index.length - 1))),
      },
      options: options('sample index', 'error x̂ − x'),
    }, ['−Δ/2']), index.length);
  }

  function errorAll(p) {
    const e = p.error;
    return samples(legendWithout({
      type: 'line',
      data: {
        datasets: band('x̂ − x', e, p.n, QUANTIZED, 'rgba(194, 65, 12, 0.25)')
          .concat(halfStep(p, 0, p.n - 1), windowEnd(p, e)),
      },
      options: options('sample index', 'error x̂ − x'),
    }, [bandEdge('x̂ − x'), '−Δ/2']), p.n);
  }

  function histogram(p) {
    const h = p.histogram;
    const centres = h.counts.map((_, i) => h.from + (i + 0.5) * h.width);
    return {
      type: 'bar',
      data: {
        datasets: [{ label: 'samples', data: xy(centres, h.counts), backgroundColor: QUANTIZED, barPercentage: 1, categoryPercentage: 1 }],
      },
      options: Object.assign(options('error x̂ − x', 'number of samples'), { plugins: { legend: { display: false } } }),
    };
  }

  const CHARTS = {
    'chart-overlay': overlay, 'chart-overlay-all': overlayAll, 'chart-error': error, 'chart-error-all': errorAll,
    'chart-transfer': transfer, 'chart-histogram': histogram,
  };

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

  // Enter in a text field fires `change`, then `submit` with the same values; that second request would
  // replace (abort) the first. A submit whose values are those of the request under way is not sent.
  const FORM = 'discretize-form';
  const values = (form) => new URLSearchParams(new FormData(form)).toString();
  let underWay = null;
  document.addEventListener('htmx:beforeRequest', (event) => {
    if (event.detail.elt.id === FORM) underWay = values(event.detail.elt);
  });
  document.addEventListener('htmx:afterRequest', (event) => {
    if (event.detail.elt.id === FORM) underWay = null;
  });
  document.addEventListener('htmx:confirm', (event) => {
    const form = event.detail.elt;
    if (form.id === FORM && event.detail.triggeringEvent?.type === 'submit' && underWay === values(form)) {
      event.preventDefault();
    }
  });
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', draw);
  document.addEventListener('htmx:historyRestore', draw);
  if (document.readyState !== 'loading') draw();
})();
