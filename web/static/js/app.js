// Every htmx request carries the page's CSRF token; the server rejects state changes without it.
document.addEventListener('htmx:configRequest', (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.content;
});

// A refusal explains itself: a 400 names the bad field, a 413 the size limit, a 429 or 503 when to try
// again. Show it in place when the target asks for that (data-swap-errors).
const ANSWERS_SHOWN_IN_PLACE = [400, 413, 429, 503];
document.addEventListener('htmx:beforeSwap', (event) => {
  const target = event.detail.target;
  if (ANSWERS_SHOWN_IN_PLACE.includes(event.detail.xhr.status) && target && target.hasAttribute('data-swap-errors')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The loss curve: the live status fragment carries its points as JSON; redraw after each swap.
let lossChart = null;

function drawLossCurve() {
  const canvas = document.getElementById('loss-chart');
  const data = document.querySelector('#experiment-status .curve-data');
  if (!canvas || !data || typeof Chart === 'undefined') return;
  const points = JSON.parse(data.textContent || '[]');
  const steps = points.filter((p) => p.phase === 'training');
  const loss = steps.map((p) => ({ x: p.step, y: p.loss }));
  const accuracy = steps.map((p) => ({ x: p.step, y: p.accuracy }));
  const validation = points.filter((p) => p.phase === 'validation').map((p) => ({ x: p.step, y: p.accuracy }));
  const epochLoss = points.filter((p) => p.phase === 'epoch').map((p) => ({ x: p.step, y: p.loss }));
  if (!lossChart) {
    lossChart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'loss', data: loss, borderColor: '#c2410c', yAxisID: 'y', pointRadius: 0, tension: 0.2 },
          { label: 'running accuracy (%)', data: accuracy, borderColor: '#1d4ed8', yAxisID: 'y1', pointRadius: 0, tension: 0.2 },
          { label: 'epoch train loss', data: epochLoss, borderColor: '#7c2d12', backgroundColor: '#7c2d12', yAxisID: 'y', showLine: false, pointRadius: 5, pointStyle: 'rectRot' },
          { label: 'validation accuracy (%)', data: validation, borderColor: '#047857', backgroundColor: '#047857', yAxisID: 'y1', showLine: false, pointRadius: 5 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step (batch)' } },
          y: { title: { display: true, text: 'loss (cross-entropy)' }, beginAtZero: true },
          y1: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'accuracy (%)' } },
        },
      },
    });
  } else {
    lossChart.data.datasets[0].data = loss;
    lossChart.data.datasets[1].data = accuracy;
    lossChart.data.datasets[2].data = epochLoss;
    lossChart.data.datasets[3].data = validation;
    lossChart.update();
  }
  canvas.dataset.points = String(steps.length);
  canvas.dataset.epochs = String(epochLoss.length);
}

document.addEventListener('DOMContentLoaded', drawLossCurve);
document.addEventListener('htmx:afterSettle', drawLossCurve);

// "Go back" links: the previous page when there is one (no javascript: URLs, which the CSP forbids).
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-history-back]');
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
