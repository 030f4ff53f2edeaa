// The trial funnel per week on /admin/funnel: one bar per step and week; data comes from the canvas's data-chart.
(() => {
  const canvas = document.getElementById('funnel-chart');
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(canvas.dataset.chart);
  const colours = ['#adb5bd', '#74c0fc', '#3b5bdb', '#20c997', '#f59f00', '#2f9e44'];
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.steps.map((step, i) => ({ label: step, data: data.series[i], backgroundColor: colours[i % colours.length] })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { title: { display: true, text: 'Week of signup' } },
        y: { beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 }, title: { display: true, text: 'Trials' } },
      },
    },
  });
})();
