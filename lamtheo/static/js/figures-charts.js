/* The charts of the "Số liệu" page (Chart.js, vendored): the chosen indicator per year and per child
   unit. They draw the numbers of the #chart-data JSON, the same as the tables beside them, which stay
   the accessible truth. Numbers are written the Vietnamese way (4.101; 98,5). */
(function () {
  "use strict";

  function vi(n) {
    if (n === null || n === undefined) return "—";
    return Number(n).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  }

  // A unit's name on the bar chart's axis: "Công đoàn" written "CĐ" as union papers do, and cut to fit
  // (the tooltip and the table beside the chart keep the whole name).
  function shortName(name) {
    var max = window.innerWidth < 576 ? 24 : 44;
    var short = String(name).replace(/^Công đoàn /, "CĐ ").replace(/ Công đoàn /g, " CĐ ");
    return short.length > max ? short.slice(0, max - 1).trimEnd() + "…" : short;
  }

  var PALETTE = ["#b02a37", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var whole = data.unit === "%" ? undefined : 0; // counts and sums: no 0,1 … 0,9 ticks
    var tooltip = {
      callbacks: {
        label: function (ctx) {
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + vi(ctx.parsed.y ?? ctx.parsed.x) + " " + data.unit;
        },
      },
    };
    var years = document.getElementById("chart-years");
    if (years && data.years.labels.length) {
      new Chart(years, {
        type: "bar",
        data: {
          labels: data.years.labels,
          datasets: data.years.series.map(function (s, i) {
            return { label: s.label, data: s.data, backgroundColor: PALETTE[i % PALETTE.length] };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: vi, precision: whole } } },
          plugins: { tooltip: tooltip, legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      });
    }
    var kids = document.getElementById("chart-children");
    if (kids && data.children.labels.length) {
      new Chart(kids, {
        type: "bar",
        data: {
          labels: data.children.labels,
          datasets: [{ label: "", data: data.children.data, backgroundColor: PALETTE[0] }],
        },
        options: {
          indexAxis: "y",
          responsive: true,
          animation: false,
          maintainAspectRatio: false,
          scales: {
            x: { ticks: { callback: vi, precision: whole } },
            y: {
              ticks: {
                autoSkip: false,
                font: { size: 11 },
                callback: function (value) { return shortName(this.getLabelForValue(value)); },
              },
            },
          },
          plugins: { tooltip: tooltip, legend: { display: false } },
        },
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
