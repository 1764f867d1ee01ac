// Draws every [data-chart] element with uPlot, asks before any action form is sent, and switches database.
(function () {
  function draw(root) {
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      if (el.dataset.drawn) return;
      var spec = JSON.parse(el.getAttribute('data-chart'));
      var width = Math.max(200, el.clientWidth - 10);
      var opts = spec.spark
        ? { width: Math.min(width, 240), height: 50, legend: { show: false }, cursor: { show: false },
            axes: [{ show: false }, { show: false }], scales: { x: { time: true } },
            series: [{}, { stroke: '#2b4a8b', fill: 'rgba(43,74,139,.12)', width: 1.5 }] }
        : { width: width, height: 200, title: spec.title, scales: { x: { time: true } },
            series: [{}, { label: spec.title + (spec.unit ? ' (' + spec.unit + ')' : ''), stroke: '#2b4a8b', width: 2,
                           points: { show: spec.x.length < 60 } }] };
      new uPlot(opts, [spec.x, spec.y], el);
      el.dataset.drawn = 'true';
      el.dataset.points = String(spec.x.length);
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    draw(document);
    var sw = document.getElementById('db-switcher');
    if (sw) sw.addEventListener('change', function () { sw.form.submit(); });
  });
  // after an htmx refresh: draw what is new (drawn charts are marked and skipped)
  document.addEventListener('htmx:afterSettle', function () { draw(document); });
  document.addEventListener('submit', function (e) {
    var f = e.target;
    if (f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) e.preventDefault();
  });
})();
