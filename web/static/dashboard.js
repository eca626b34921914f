/*
 * dashboard.js - draws bar charts with Apache ECharts from the figures
 * the server put in data-chart (the same numbers as the page): the home
 * page's #chart and every .bar-chart (a selection round's figures). A
 * bar with an href opens the records behind it.
 */
(function () {
  if (!window.echarts) return;
  document.querySelectorAll('#chart, .bar-chart').forEach((el) => {
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
  });
})();
