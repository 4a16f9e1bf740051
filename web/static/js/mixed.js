// A mixed-precision result's charts: weight bits per layer beside each layer's share of the packed model,
// and test accuracy of FP32, before and after fine-tuning.
(function () {
  const source = document.getElementById('mixed-data');
  if (typeof Chart === 'undefined' || !source) return;
  const data = JSON.parse(source.textContent);
  const bits = document.getElementById('bits-chart');
  if (bits) {
    new Chart(bits, {
      type: 'bar',
      data: {
        labels: data.layers,
        datasets: [
          { label: 'weight bits', data: data.bits, backgroundColor: '#2563eb', yAxisID: 'y' },
          { label: 'share of the packed model (%)', data: data.sizeShare, backgroundColor: '#f59e0b', yAxisID: 'y1' },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'layer' } },
          y: { beginAtZero: true, max: 8, ticks: { stepSize: 1 }, title: { display: true, text: 'weight bits' } },
          y1: { position: 'right', beginAtZero: true, max: 100, grid: { drawOnChartArea: false },
            title: { display: true, text: 'share of the packed model (%)' } },
        },
      },
    });
    bits.dataset.drawn = 'true';
  }
  const accuracy = document.getElementById('accuracy-chart');
  if (accuracy) {
    new Chart(accuracy, {
      type: 'bar',
      data: {
        labels: data.accuracyLabels,
        datasets: [{ label: 'test accuracy (%)', data: data.accuracy, backgroundColor: ['#94a3b8', '#f59e0b', '#2563eb'] }],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: 'test accuracy (%)' } } },
      },
    });
    accuracy.dataset.drawn = 'true';
  }
})();
