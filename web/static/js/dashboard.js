// The course dashboard's class scatter: accuracy against size, one colour per method; clicking a
// point opens its experiment. The data comes in a fragment htmx refreshes; the chart updates in place.
(function () {
  const COLOURS = ['#0f172a', '#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0e7490', '#a16207'];
  let chart = null;

  const kilobytes = (bytes) => (bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 }) + ' KB';

  function series(data) {
    return data.map((s, i) => ({
      label: s.method,
      data: s.points.map((p) => ({ x: p.sizeBytes, y: p.accuracy, point: p })),
      backgroundColor: COLOURS[i % COLOURS.length],
      borderColor: COLOURS[i % COLOURS.length],
      pointRadius: 5,
      pointHoverRadius: 7,
      pointStyle: s.method === 'FP32' ? 'rectRot' : 'circle',
    }));
  }

  function openPoint(event, elements) {
    if (elements.length === 0) return;
    const hit = elements[0];
    window.location.assign('/experiments/' + chart.data.datasets[hit.datasetIndex].data[hit.index].point.id);
  }

  function draw() {
    const canvas = document.getElementById('class-scatter');
    const source = document.getElementById('class-scatter-data');
    if (!canvas || !source || typeof Chart === 'undefined') return;
    const data = JSON.parse(source.textContent);
    if (chart) {
      chart.data.datasets = series(data);
      chart.update('none');
    } else {
      chart = new Chart(canvas, {
        type: 'scatter',
        data: { datasets: series(data) },
        options: {
          animation: false, maintainAspectRatio: false, onClick: openPoint,
          onHover: (event, elements) => { canvas.style.cursor = elements.length ? 'pointer' : 'default'; },
          scales: {
            x: { type: 'logarithmic', title: { display: true, text: 'size in bytes (log scale)' } },
            y: { title: { display: true, text: 'accuracy (%)' } },
          },
          plugins: {
            tooltip: {
              callbacks: {
                label: (item) => {
                  const p = item.raw.point;
                  return '#' + p.id + ' ' + p.who + ' ' + p.method + ' ' + p.bits + ': ' + p.accuracy.toFixed(2) + ' %'
                    + (p.simulated ? ' (simulated)' : '') + ', ' + kilobytes(p.sizeBytes) + ' · ' + p.model
                    + ' on ' + p.dataset;
                },
              },
            },
          },
        },
      });
    }
    canvas.dataset.points = String(data.reduce((n, s) => n + s.points.length, 0));
    canvas.dataset.methods = data.map((s) => s.method).join(',');
  }

  draw();
  document.addEventListener('htmx:afterSettle', (event) => {
    if (event.target && event.target.id === 'dashboard-scatter') draw();
  });
})();
