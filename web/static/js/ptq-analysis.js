// Charts of a PTQ result's layer-by-layer analysis: FP32 vs quantized weight histograms, layer sensitivity.
(function () {
  if (typeof Chart === 'undefined') return;
  const source = document.getElementById('ptq-analysis-data');
  if (!source) return;
  const data = JSON.parse(source.textContent);

  document.querySelectorAll('canvas.weight-histogram').forEach((canvas) => {
    const h = data.histograms.find((x) => x.layer === canvas.dataset.layer);
    if (h) window.weightHistogramChart(canvas, h);
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
