/*
 * incubation.js - draws the incubation figures' trend with Apache ECharts
 * from the points the server put in data-chart (the same queries as the
 * figures): incubated, graduated, exited and in the park at each year's
 * end and on the chosen date. A click opens the startups as of that date.
 */
(function () {
  const el = document.getElementById('inc-chart');
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.dataset.chart);
  const keys = ['incubated', 'graduated', 'exited', 'in_park'];
  const chart = window.echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    title: { text: data.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: data.labels },
    grid: { left: 40, right: 16, bottom: 48, top: 40 },
    xAxis: { type: 'category', data: data.points.map((p) => p.as_of) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((k, i) => ({
      name: data.labels[i], type: 'line', data: data.points.map((p) => p[k]),
    })),
  });
  chart.on('click', (p) => {
    const point = data.points[p.dataIndex];
    if (point) window.location.href = '/incubation/startups?as_of=' + point.as_of;
  });
  window.addEventListener('resize', () => chart.resize());
})();
