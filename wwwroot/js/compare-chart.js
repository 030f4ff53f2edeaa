// The running total of each option over 36 months on /compare; data comes from the canvas's data-chart.
(() => {
  const canvas = document.getElementById('compare-chart');
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(canvas.dataset.chart);
  const colours = { 'on-premise': '#868e96', hosted: '#3b5bdb', 'sip-trunks': '#20c997' };
  const money = (v) => data.currency + Math.round(v).toLocaleString('en-US');
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: data.series.map((s) => ({
        label: s.name,
        data: s.data,
        borderColor: colours[s.key] || '#495057',
        backgroundColor: colours[s.key] || '#495057',
        pointRadius: data.labels.map((m) => (s.key === 'hosted' && m === data.breakEven ? 6 : 0)),
        tension: 0,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${money(ctx.parsed.y)}` } },
        subtitle: { display: data.breakEven !== null, text: data.breakEven ? `Hosted PBX breaks even in month ${data.breakEven} (marked)` : '' },
      },
      scales: {
        x: { title: { display: true, text: 'Month' } },
        y: { beginAtZero: true, ticks: { callback: (v) => money(v) }, title: { display: true, text: 'Total cost so far' } },
      },
    },
  });
})();
