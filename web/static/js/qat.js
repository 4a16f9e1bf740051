// A QAT result's chart: test accuracy of FP32, the PTQ at the same bits (when there is one) and QAT.
(function () {
  const source = document.getElementById('qat-data');
  const canvas = document.getElementById('qat-chart');
  if (typeof Chart === 'undefined' || !source || !canvas) return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [{ label: 'test accuracy (%)', data: data.accuracy, backgroundColor: ['#94a3b8', '#f59e0b', '#2563eb'] }],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'model' } },
        y: { beginAtZero: true, max: 100, title: { display: true, text: 'test accuracy (%)' } },
      },
    },
  });
  canvas.dataset.drawn = 'true';
})();
