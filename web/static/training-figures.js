/*
 * training-figures.js - draws the training figures' charts (by programme
 * kind, by year) with Apache ECharts from the data-chart of each
 * .tr-chart element: the same numbers the page shows beside them.
 */
(function () {
  if (!window.echarts) return;
  document.querySelectorAll('.tr-chart').forEach((el) => {
    const data = JSON.parse(el.dataset.chart);
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      title: { text: data.title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, bottom: 56, top: 40 },
      xAxis: { type: 'category', data: data.bars.map((b) => b.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: data.bars.map((b) => b.n), itemStyle: { color: '#1d5fd1' } }],
    });
    window.addEventListener('resize', () => chart.resize());
  });
})();
