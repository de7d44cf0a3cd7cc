/* The unit picker (org.fields): Tom Select on every <select data-unit-picker>, fed by the JSON search
   endpoint in data-url. The server searches (accent-insensitive, scoped to the officer) and returns at
   most 20 units, so the client shows what it gets and keeps no stale matches of earlier queries. */
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function setUp(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.dataset.url;
    var plugins = select.multiple ? ["remove_button"] : [];
    if (!select.multiple && !select.required) plugins.push("clear_button");
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 250,
      plugins: plugins,
      placeholder: select.dataset.placeholder,
      hidePlaceholder: true,
      allowEmptyOption: !select.required,
      closeAfterSelect: true,
      score: function () { return function () { return 1; }; },
      onItemAdd: function () {
        // A single pick is done: close the list (and a phone's keyboard) so it covers nothing below.
        if (!select.multiple) this.blur();
      },
      load: function (query, callback) {
        this.clearOptions();
        var sep = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.json(); })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">Không tìm thấy đơn vị nào.</div>'; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">Đang tìm…</span></div>'; },
        option: function (item) { return "<div>" + escapeHtml(item.text) + "</div>"; },
        item: function (item) { return "<div>" + escapeHtml(item.text) + "</div>"; },
      },
    });
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("select[data-unit-picker]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
})();
