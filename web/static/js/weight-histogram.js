// One layer's weights, FP32 and quantized, counted in the same bins over the FP32 range: the FP32 bell as a
// line over the quantized spikes' bars. h = { layer, min, max, fp32: [counts], quantized: [counts] }.
window.weightHistogramChart = function (canvas, h) {
  const width = (h.max - h.min) / h.fp32.length;
  const chart = new Chart(canvas, {
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
  return chart;
};
