// Calls (bars) and minutes (line) per day on the usage page; data comes from the canvas's data-chart.
(() => {
  const canvas = document.getElementById('usage-chart');
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: 'bar', label: data.callsLabel || 'Calls', data: data.calls, backgroundColor: 'rgba(59, 91, 219, 0.6)', yAxisID: 'calls' },
        { type: 'line', label: data.minutesLabel || 'Minutes', data: data.minutes, borderColor: '#f59f00', backgroundColor: '#f59f00', tension: 0.25, yAxisID: 'minutes' },
      ],
    },
    options: {
      responsive: true,
      // The canvas fills .usage-chart's fixed height instead of keeping an aspect ratio.
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        calls: { position: 'left', beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 }, title: { display: true, text: data.callsLabel || 'Calls' } },
        minutes: { position: 'right', beginAtZero: true, suggestedMax: 10, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: data.minutesLabel || 'Minutes' } },
      },
    },
  });
})();
