/*
 * dashboard.js - draws the home page's chart with Apache ECharts from the
 * figures the server put in data-chart (the same numbers as the page).
 */
(function () {
  const el = document.getElementById('chart');
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.dataset.chart);
  const chart = window.echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    title: { text: data.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, bottom: 56, top: 40 },
    xAxis: { type: 'category', data: data.bars.map((b) => b.label), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.bars.map((b) => b.n), itemStyle: { color: '#1d5fd1' } }],
  });
  chart.on('click', (p) => {
    const bar = data.bars[p.dataIndex];
    if (bar && bar.href) window.location.href = bar.href;
  });
  window.addEventListener('resize', () => chart.resize());
})();
