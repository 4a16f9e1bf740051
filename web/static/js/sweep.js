// A sweep's page: accuracy against weight bits for PTQ, QAT and the student's quantizer (FP32 as a dashed
// reference), and the composed quantizer's weight histograms per layer at the width chosen in the selector.
(function () {
  const source = document.getElementById('sweep-data');
  if (typeof Chart === 'undefined' || !source) return;
  const data = JSON.parse(source.textContent);
  const colours = { ptq: '#f59e0b', qat: '#2563eb', custom: '#16a34a' };

  const canvas = document.getElementById('sweep-chart');
  if (canvas) {
    const lines = data.methods.map((m) => ({
      label: m.label, data: m.accuracy, borderColor: colours[m.method], backgroundColor: colours[m.method],
      pointRadius: 4, tension: 0,
    }));
    // from 10 points below the lowest point, so the lines part where the methods do
    const values = data.methods.flatMap((m) => m.accuracy).filter((a) => a !== null).concat([data.fp32]);
    const floor = Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10);
    lines.push({ label: 'FP32', data: data.bits.map(() => data.fp32), borderColor: '#64748b', borderDash: [6, 4],
      pointRadius: 0 });
    new Chart(canvas, {
      type: 'line',
      data: { labels: data.bits.map((b) => b + ' bits'), datasets: lines },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'weight bits' } },
          y: { min: floor, max: 100, title: { display: true, text: 'test accuracy (%), simulated' } },
        },
      },
    });
    canvas.dataset.drawn = 'true';
    canvas.dataset.lines = String(lines.length);
  }

  const select = document.getElementById('histogram-width');
  if (!select) return;
  const charts = new Map();
  function draw() {
    const layers = data.histograms[select.value] || [];
    document.querySelectorAll('#sweep-histograms canvas.weight-histogram').forEach((c) => {
      const h = layers.find((x) => x.layer === c.dataset.layer);
      if (charts.has(c)) charts.get(c).destroy();
      charts.delete(c);
      if (!h) return;
      charts.set(c, window.weightHistogramChart(c, h));
      c.dataset.bits = select.value;
    });
  }
  select.addEventListener('change', draw);
  draw();
})();
