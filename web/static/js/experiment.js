// Charts of a finished experiment's report: per epoch, per class, per-layer histograms.
(function () {
  const source = document.getElementById('report-data');
  if (!source || typeof Chart === 'undefined') return;
  const data = JSON.parse(source.textContent);

  const epochCanvas = document.getElementById('epoch-chart');
  if (epochCanvas && data.epochs.length) {
    new Chart(epochCanvas, {
      type: 'line',
      data: {
        labels: data.epochs.map((e) => e.epoch),
        datasets: [
          { label: 'train loss', data: data.epochs.map((e) => e.trainLoss), borderColor: '#c2410c', yAxisID: 'y' },
          { label: 'train accuracy %', data: data.epochs.map((e) => e.trainAccuracy), borderColor: '#1d4ed8', yAxisID: 'y1' },
          { label: 'validation accuracy %', data: data.epochs.map((e) => e.validationAccuracy), borderColor: '#047857', yAxisID: 'y1' },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'epoch' } },
          y: { title: { display: true, text: 'loss (cross-entropy)' }, beginAtZero: true },
          y1: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'accuracy (%)' } },
        },
      },
    });
  }

  const classCanvas = document.getElementById('class-chart');
  if (classCanvas) {
    new Chart(classCanvas, {
      type: 'bar',
      data: {
        labels: data.classNames,
        datasets: [{ label: 'test accuracy %', data: data.perClassAccuracy, backgroundColor: '#60a5fa' }],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'class' } },
          y: { min: 0, max: 100, title: { display: true, text: 'test accuracy (%)' } },
        },
      },
    });
    classCanvas.dataset.drawn = 'true';
  }

  const byName = new Map(data.layers.map((l) => [l.name, l]));
  const histogramChart = (canvas, color, what) => new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: color, barPercentage: 1, categoryPercentage: 1 }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: true } },
      scales: {
        x: { ticks: { maxTicksLimit: 8 }, title: { display: true, text: what + ' value (bin centre)' } },
        y: { beginAtZero: true, title: { display: true, text: 'count of ' + what + 's' } },
      } },
  });
  const weightsCanvas = document.getElementById('weights-chart');
  const activationsCanvas = document.getElementById('activations-chart');
  if (!weightsCanvas || !activationsCanvas) return;
  const weights = histogramChart(weightsCanvas, '#a78bfa', 'weight');
  const activations = histogramChart(activationsCanvas, '#f59e0b', 'activation');

  const fill = (chart, histogram, what) => {
    if (!histogram) {
      chart.data.labels = [];
      chart.data.datasets[0].data = [];
      chart.data.datasets[0].label = what + ': none for this layer';
    } else {
      const n = histogram.counts.length;
      const width = (histogram.max - histogram.min) / n;
      chart.data.labels = histogram.counts.map((_, i) => (histogram.min + (i + 0.5) * width).toPrecision(3));
      chart.data.datasets[0].data = histogram.counts;
      chart.data.datasets[0].label = what + ` in [${histogram.min.toPrecision(3)}, ${histogram.max.toPrecision(3)}]`;
    }
    chart.update();
  };
  const select = document.getElementById('layer-select');
  const show = (name) => {
    const layer = byName.get(name);
    if (!layer) return;
    select.value = name;
    fill(weights, layer.weights, 'weights');
    fill(activations, layer.activations, 'activations');
    document.querySelectorAll('.layer-row').forEach((row) => row.classList.toggle('selected', row.dataset.layer === name));
    weightsCanvas.dataset.layer = name;
  };
  select.addEventListener('change', () => show(select.value));
  document.querySelectorAll('.layer-row').forEach((row) => row.addEventListener('click', () => show(row.dataset.layer)));
  const first = data.layers.find((l) => l.weights) || data.layers[0];
  if (first) show(first.name);
})();
