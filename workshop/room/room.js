// A light room page: a moved control asks the server for the chart at the new settings (drawn once
// for the whole room) and keeps them in the page's address; the language buttons swap the dashboard;
// a heartbeat keeps the page counted in the room, its closing beacon lets it go. No framework.
(function () {
  "use strict";
  var dash = document.querySelector(".crm-dojo-dashboard");
  if (!dash) return;
  var asked = 0, timer = null;

  function query(lang) {
    var form = dash.querySelector(".crm-dojo-controls"), q = new URLSearchParams(), multi = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.closest(".crm-dojo-multi")) { (multi[el.name] = multi[el.name] || []); if (el.checked) multi[el.name].push(el.value); }
      else if (el.type === "checkbox") q.set(el.name, el.checked ? "1" : "0");
      else q.set(el.name, el.value);
    });
    Object.keys(multi).forEach(function (name) { q.set(name, multi[name].join(",")); });
    q.set("lang", lang || dash.dataset.lang);
    return q.toString();
  }

  function busy(on) {
    dash.querySelector(".crm-dojo-chart-output").classList.toggle("crm-dojo-busy", on);
    dash.querySelector(".crm-dojo-status").classList.toggle("crm-dojo-busy", on);
  }

  function show(answer) {
    var status = dash.querySelector(".crm-dojo-status");
    status.classList.toggle("crm-dojo-error", !!answer.error);
    status.textContent = "";
    if (answer.error) {
      var label = document.createElement("b");
      label.textContent = answer.error_label + ": ";
      status.appendChild(label);
    }
    status.appendChild(document.createTextNode(answer.error || answer.status));
    if (answer.svg) dash.querySelector(".crm-dojo-chart-output").innerHTML = answer.svg;
    if (answer.report) dash.querySelector(".crm-dojo-export").href = answer.report;
  }

  function redraw() {
    var mine = ++asked, q = query();
    busy(true);
    fetch("/room/chart/" + dash.dataset.case + "?" + q, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (mine !== asked) return;  // a later move is on its way
        show(answer);
        if (!answer.error) history.replaceState(null, "", location.pathname + "?" + q);
      })
      .catch(function (e) { if (mine === asked) show({error: String(e), error_label: "Error · 錯誤"}); })
      .finally(function () { if (mine === asked) busy(false); });
  }

  function bind() {
    var form = dash.querySelector(".crm-dojo-controls");
    form.addEventListener("input", function (e) {
      var out = e.target.parentNode.querySelector("output");
      if (out) out.textContent = e.target.value;
    });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(redraw, 200); });
    Array.prototype.forEach.call(dash.querySelectorAll(".crm-dojo-language button"), function (b) {
      b.addEventListener("click", function () { language(b.dataset.lang); });
    });
  }

  function language(lang) {
    if (lang === dash.dataset.lang) return;
    var q = query(lang);
    fetch("/room/dashboard/" + dash.dataset.case + "?" + q + "&page=" + dash.dataset.page, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var box = document.createElement("div"), old = dash.querySelector(".crm-dojo-chart-output").innerHTML;
        box.innerHTML = html;
        dash.replaceWith(box.firstElementChild);
        dash = document.querySelector(".crm-dojo-dashboard");
        var drawn = !!dash.querySelector(".crm-dojo-chart svg");
        if (!drawn) dash.querySelector(".crm-dojo-chart-output").innerHTML = old;  // until the new one comes
        document.documentElement.lang = lang === "zh" ? "zh-Hant" : "en";
        history.replaceState(null, "", location.pathname + "?" + q);
        bind();
        if (!drawn) redraw();
      });
  }

  function beat() {
    fetch("/room/alive/" + dash.dataset.page, {method: "POST", cache: "no-store"}).catch(function () {});
  }

  bind();
  if (!dash.querySelector(".crm-dojo-chart svg")) redraw();
  setInterval(beat, Number(dash.dataset.beat) || 20000);
  window.addEventListener("pagehide", function () { navigator.sendBeacon("/room/left/" + dash.dataset.page); });
})();
