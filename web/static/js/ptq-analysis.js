// Charts of a PTQ result's layer-by-layer analysis: FP32 vs quantized weight histograms, layer sensitivity.
(function () {
  if (typeof Chart === 'undefined') return;
  const source = document.getElementById('ptq-analysis-data');
  if (!source) return;
  const data = JSON.parse(source.textContent);

  // Both histograms share the FP32 range's bins: the FP32 bell as a line over the quantized spikes' bars.
  document.querySelectorAll('canvas.weight-histogram').forEach((canvas) => {
    const h = data.histograms.find((x) => x.layer === canvas.dataset.layer);
    if (!h) return;
    const width = (h.max - h.min) / h.fp32.length;
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: h.fp32.map((_, i) => (h.min + (i + 0.5) * width).toPrecision(3)),
        datasets: [
          { type: 'line', label: 'FP32', data: h.fp32, borderColor: '#64748b', borderWidth: 1.5,
            stepped: 'middle', pointRadius: 0, order: 1 },
          { label: 'quantized', data: h.quantized, backgroundColor: 'rgba(37, 99, 235, 0.75)',
            barPercentage: 1, categoryPercentage: 1, order: 2 },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { ticks: { maxTicksLimit: 6 }, title: { display: true, text: 'weight value (bin centre)' } },
          y: { beginAtZero: true, title: { display: true, text: 'weights' } },
        },
      },
    });
    canvas.dataset.drawn = 'true';
  });

  const sensitivityCanvas = document.getElementById('sensitivity-chart');
  if (sensitivityCanvas) {
    const s = data.sensitivity;
    new Chart(sensitivityCanvas, {
      type: 'bar',
      data: {
        labels: s.layers,
        datasets: [
          { label: 'accuracy drop (points)', data: s.accuracyDrop, backgroundColor: '#dc2626' },
          { label: 'predictions changed (%)', data: s.changedPredictions, backgroundColor: '#f59e0b' },
        ],
      },
      options: {
        indexAxis: 'y', animation: false, maintainAspectRatio: false,
        scales: {
          x: { beginAtZero: true, title: { display: true, text: 'percent of the images (most sensitive layer on top)' } },
          y: { title: { display: true, text: 'layer quantized alone' } },
        },
      },
    });
    sensitivityCanvas.dataset.drawn = 'true';
  }
})();
