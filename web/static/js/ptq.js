// Charts of a PTQ result (quantized relative to FP32) and of the four-variant job (accuracy and size).
(function () {
  if (typeof Chart === 'undefined') return;

  const comparison = document.getElementById('ptq-data');
  const comparisonCanvas = document.getElementById('ptq-chart');
  if (comparison && comparisonCanvas) {
    const data = JSON.parse(comparison.textContent);
    // Each measure in its own unit, drawn relative to FP32 so accuracy, milliseconds and kilobytes share an axis.
    const relative = data.quantized.map((q, i) => (q === null || !data.fp32[i] ? null : q / data.fp32[i]));
    const actual = (values, i) => (values[i] === null ? 'not measured' : values[i].toFixed(data.units[i] === 'ms' ? 3 : 2) + ' ' + data.units[i]);
    new Chart(comparisonCanvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'FP32', data: data.labels.map(() => 1), backgroundColor: '#94a3b8', raw: data.fp32 },
          { label: 'quantized', data: relative, backgroundColor: '#2563eb', raw: data.quantized },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + actual(c.dataset.raw, c.dataIndex)
          + (c.raw === null ? '' : ' (' + c.raw.toFixed(2) + '× FP32)') } } },
        scales: {
          x: { title: { display: true, text: 'measure' } },
          y: { beginAtZero: true, title: { display: true, text: 'relative to FP32 (FP32 = 1)' } },
        },
      },
    });
    comparisonCanvas.dataset.drawn = 'true';
  }

  const variants = document.getElementById('variants-data');
  const variantsCanvas = document.getElementById('variants-chart');
  if (variants && variantsCanvas) {
    const data = JSON.parse(variants.textContent);
    new Chart(variantsCanvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'test accuracy (%)', data: data.accuracy, backgroundColor: '#2563eb', yAxisID: 'y' },
          { label: 'size (KB)', data: data.sizeKb, backgroundColor: '#f59e0b', yAxisID: 'y1' },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'model' } },
          y: { beginAtZero: true, max: 100, title: { display: true, text: 'test accuracy (%)' } },
          y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'size (KB)' } },
        },
      },
    });
    variantsCanvas.dataset.drawn = 'true';
  }
})();
