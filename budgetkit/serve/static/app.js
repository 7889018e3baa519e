// budgetkit serve: the two pages. Plain script, no framework, nothing loaded from the Internet.
// Every text shown comes from the server (page-data) or from the API's JSON, and is put in the page as
// text (textContent), never as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("page-data").textContent);
  var lang = data.lang;
  var texts = data.texts;

  // A number with its English noun, singular for one ("1 error", "2 errors", "0 notes"), as
  // outputs.words.counted; data.nouns: name -> [singular, plural].
  function counted(n, name) {
    var noun = data.nouns[name] || [name, name];
    return n + " " + (n === 1 ? noun[0] : noun[1]);
  }

  // A text with its values put in; {name_en} is the count `name` with its English noun.
  function T(key, values) {
    var text = texts[key] || key;
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(values[name]));
        if (typeof values[name] === "number") text = text.split("{" + name + "_en}").join(counted(values[name], name));
      });
    }
    return text;
  }

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // Amounts arrive as exact decimal strings ("645.5"): grouped the Vietnamese or the English way,
  // without ever going through a floating-point number.
  function fmtAmount(text) {
    if (text === null || text === undefined || text === "") return "";
    var negative = text.charAt(0) === "-";
    var body = negative ? text.slice(1) : text;
    var parts = body.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, lang === "vi" ? "." : ",");
    var out = whole + (parts[1] ? (lang === "vi" ? "," : ".") + parts[1] : "");
    return (negative ? "-" : "") + out;
  }

  // Sums of decimal strings, exactly (as integers of the smallest unit seen).
  function addAmounts(list) {
    var places = 0;
    list.forEach(function (t) { var p = String(t).split(".")[1]; if (p && p.length > places) places = p.length; });
    var total = BigInt(0);
    list.forEach(function (t) {
      var s = String(t), neg = s.charAt(0) === "-";
      if (neg) s = s.slice(1);
      var p = s.split("."), frac = (p[1] || "").padEnd(places, "0");
      var v = BigInt(p[0] + frac);
      total += neg ? -v : v;
    });
    var neg = total < 0, digits = (neg ? -total : total).toString().padStart(places + 1, "0");
    var text = places ? digits.slice(0, digits.length - places) + "." + digits.slice(digits.length - places) : digits;
    if (places) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return (neg ? "-" : "") + text;
  }

  // Where a finding is, as the command line says it (Location.describe).
  function describe(loc) {
    var parts = [];
    if (loc.sheet) parts.push(loc.row ? loc.sheet + "!" + (loc.column || "") + loc.row : loc.sheet);
    else if (loc.line) parts.push((lang === "vi" ? "dòng " : "line ") + loc.line);
    if (loc.path) parts.push(loc.path);
    else if (loc.field && !loc.sheet && !loc.line) parts.push(loc.field + (loc.spending ? "/" + loc.spending : ""));
    if (loc.line_id) parts.push((lang === "vi" ? "Mã " : "id ") + loc.line_id);
    return parts.join(", ");
  }

  function severityBadge(severity) {
    return el("span", { className: "sev " + severity, text: T("sev_" + severity) });
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function status(message, kind) {
    var node = $("status");
    node.textContent = message || "";
    node.className = "status" + (kind ? " " + kind : "");
  }

  // One request through XMLHttpRequest (for the upload's progress). Resolves with {status, body, xhr}.
  function send(url, form, options) {
    options = options || {};
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(form ? "POST" : "GET", url);
      xhr.responseType = options.blob ? "blob" : "text";
      if (options.onUpload && xhr.upload) {
        xhr.upload.onprogress = function (event) { if (event.lengthComputable) options.onUpload(event.loaded / event.total); };
        xhr.upload.onload = function () { options.onUpload(1); };
      }
      xhr.onload = function () { resolve({ status: xhr.status, body: xhr.response, xhr: xhr }); };
      xhr.onerror = function () { reject(new Error(T("network_error"))); };
      xhr.send(form || null);
    });
  }

  function errorOf(response) {
    // A refusal is JSON {"error": "..."} (and, for a report, the open errors).
    var read = response.body instanceof Blob ? response.body.text() : Promise.resolve(response.body);
    return read.then(function (text) {
      try { return JSON.parse(text); } catch (e) { return { error: "HTTP " + response.status }; }
    });
  }

  function saveBlob(response, fallback) {
    var header = response.xhr.getResponseHeader("Content-Disposition") || "";
    var match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    var name = match ? decodeURIComponent(match[1]) : fallback;
    var url = URL.createObjectURL(response.body);
    var link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
    return name;
  }

  var rulesCache = null;
  function rules() {
    if (!rulesCache) {
      rulesCache = send("/api/rules?lang=" + lang).then(function (r) {
        var byCode = {};
        JSON.parse(r.body).rules.forEach(function (rule) { byCode[rule.code] = rule; });
        return byCode;
      }).catch(function () { return {}; });
    }
    return rulesCache;
  }

  function ruleLink(code) {
    return el("a", { href: "/rules/" + encodeURIComponent(code) + (lang === "en" ? "?lang=en" : ""), target: "_blank",
                     rel: "noopener", text: T("see_rule", { code: code }) });
  }

  function findingRows(tbody, findings, byCode) {
    findings.forEach(function (f) {
      var rule = byCode[f.code];
      var fix = el("td", { className: "fix" }, [
        rule ? el("div", { text: rule.title }) : null,
        ruleLink(f.code),
      ]);
      tbody.appendChild(el("tr", { className: "sev-row " + f.severity }, [
        el("td", { className: "where", text: describe(f.location || {}) }),
        el("td", {}, [severityBadge(f.severity)]),
        el("td", { text: f.code + ": " + f.message }),
        fix,
      ]));
    });
  }

  function countsOf(findings) {
    var c = { errors: 0, warnings: 0, infos: 0 };
    findings.forEach(function (f) {
      if (f.severity === "error") c.errors++;
      else if (f.severity === "warning") c.warnings++;
      else c.infos++;
    });
    return c;
  }

  function totalsTable(table, totals) {
    clear(table);
    var head = el("tr", {}, [el("th", { text: "" })]);
    Object.keys(data.spendings).forEach(function (s) { head.appendChild(el("th", { text: data.spendings[s] })); });
    head.appendChild(el("th", { text: T("total") }));
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    var columns = {};
    Object.keys(data.pillars).forEach(function (p) {
      var row = el("tr", {}, [el("th", { text: data.pillars[p] })]);
      var values = [];
      Object.keys(data.spendings).forEach(function (s) {
        var v = (totals[p] || {})[s] || "0";
        values.push(v);
        (columns[s] = columns[s] || []).push(v);
        row.appendChild(el("td", { className: "num", text: fmtAmount(v) }));
      });
      row.appendChild(el("td", { className: "num strong", text: fmtAmount(addAmounts(values)) }));
      body.appendChild(row);
    });
    var last = el("tr", { className: "sum" }, [el("th", { text: T("total") })]);
    var all = [];
    Object.keys(data.spendings).forEach(function (s) {
      var v = addAmounts(columns[s] || ["0"]);
      all.push(v);
      last.appendChild(el("td", { className: "num", text: fmtAmount(v) }));
    });
    last.appendChild(el("td", { className: "num strong", text: fmtAmount(addAmounts(all)) }));
    body.appendChild(last);
    table.appendChild(body);
  }

  function totalOf(totals) {
    var values = [];
    Object.keys(totals || {}).forEach(function (p) { Object.keys(totals[p]).forEach(function (s) { values.push(totals[p][s]); }); });
    return values.length ? addAmounts(values) : "";
  }

  function setupDrop(zone, onFiles) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      filesFromDrop(event.dataTransfer).then(onFiles);
    });
  }

  // A dropped folder is walked (Chromium's entries API); dropped files are taken as they are.
  function filesFromDrop(transfer) {
    var entries = [];
    if (transfer.items) {
      for (var i = 0; i < transfer.items.length; i++) {
        var item = transfer.items[i];
        var entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
        if (entry) entries.push(entry);
      }
    }
    if (!entries.length) {
      return Promise.resolve(Array.prototype.map.call(transfer.files, function (f) { return { file: f, name: f.name }; }));
    }
    var out = [];
    function walk(entry, prefix) {
      if (entry.isFile) {
        return new Promise(function (resolve, reject) { entry.file(resolve, reject); }).then(function (file) {
          out.push({ file: file, name: prefix + entry.name });
        });
      }
      var reader = entry.createReader();
      function more() {
        return new Promise(function (resolve, reject) { reader.readEntries(resolve, reject); }).then(function (batch) {
          if (!batch.length) return null;
          return batch.reduce(function (p, child) { return p.then(function () { return walk(child, prefix + entry.name + "/"); }); },
                              Promise.resolve()).then(more);
        });
      }
      return more();
    }
    return entries.reduce(function (p, entry) { return p.then(function () { return walk(entry, ""); }); }, Promise.resolve())
      .then(function () { return out; });
  }

  function fromInput(input) {
    return Array.prototype.map.call(input.files, function (f) { return { file: f, name: f.webkitRelativePath || f.name }; });
  }

  function formOf(chosen, extra) {
    var form = new FormData();
    chosen.forEach(function (c) { form.append("files", c.file, c.name); });
    form.append("lang", lang);
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== null && extra[k] !== undefined) form.append(k, extra[k]); });
    return form;
  }

  function withBusy(button, work) {
    button.disabled = true;
    button.classList.add("busy");
    return work().finally(function () { button.disabled = false; button.classList.remove("busy"); });
  }

  // --- one file -----------------------------------------------------------------------------

  function filePage() {
    var chosen = null;
    var last = null;
    var input = $("file-input");
    setupDrop($("drop"), function (files) { if (files.length) check(files[0]); });
    input.addEventListener("change", function () { if (input.files.length) check(fromInput(input)[0]); input.value = ""; });
    $("strict").addEventListener("change", function () { if (chosen) check(chosen); });
    $("template-xlsx").href += "&lang=" + lang;
    $("template-yaml").href += "&lang=" + lang;

    function check(c) {
      chosen = c;
      status(T("checking"), "busy");
      $("result").hidden = true;
      var form = formOf([c], { strict: $("strict").checked ? "true" : "false" });
      return Promise.all([send("/api/validate", form), rules()]).then(function (both) {
        var response = both[0];
        if (response.status !== 200) {
          return errorOf(response).then(function (e) { status(T("error_prefix") + e.error, "error"); });
        }
        status("");
        last = JSON.parse(response.body);
        render(last.files[0], response.xhr.getResponseHeader("X-Budgetkit-Exit") === "0", both[1]);
      }).catch(function (err) { status(err.message, "error"); });
    }

    function render(record, passed, byCode) {
      $("result").hidden = false;
      var verdict = $("verdict");
      verdict.className = "verdict " + (passed ? "passed" : "failed");
      $("verdict-word").textContent = passed ? T("verdict_passed") : T("verdict_failed");
      $("verdict-file").textContent = record.path;
      $("verdict-unit").textContent = record.unit ? T("unit") + ": " + (record.unit.name || "") + " · " + T("unit_code") + ": " + (record.unit.code || "") : "";
      $("verdict-note").textContent = passed ? T("verdict_passed_note") : T("verdict_failed_note");
      totalsTable($("totals"), record.totals || {});
      var counts = countsOf(record.findings);
      $("counts").textContent = "(" + T("counts", counts) + ")";
      var tbody = $("findings").querySelector("tbody");
      clear(tbody);
      var order = { error: 0, warning: 1, info: 2 };
      findingRows(tbody, record.findings.slice().sort(function (a, b) { return order[a.severity] - order[b.severity]; }), byCode);
      $("findings").hidden = !record.findings.length;
      $("no-findings").hidden = !!record.findings.length;
      var workbook = /\.(xlsx|xlsm)$/i.test(chosen.name) && record.unit !== null;
      $("dl-annotated").disabled = !workbook;
      var reportable = record.status === "passed";
      $("dl-report").disabled = !reportable;
      $("dl-tables").disabled = !reportable;
      $("dl-note").textContent = [reportable ? "" : T("dl_only_pass"), workbook ? "" : T("dl_only_excel")].join(" ").trim();
    }

    function download(button, url, fallback) {
      button.addEventListener("click", function () {
        if (!chosen) return;
        withBusy(button, function () {
          status(T("downloading"), "busy");
          return send(url, formOf([chosen]), { blob: true }).then(function (response) {
            if (response.status !== 200) {
              return errorOf(response).then(function (e) { status(T("error_prefix") + e.error, "error"); });
            }
            status("");
            saveBlob(response, fallback);
          }).catch(function (err) { status(err.message, "error"); });
        });
      });
    }
    download($("dl-annotated"), "/api/annotate", "da-danh-dau.xlsx");
    download($("dl-report"), "/api/report?format=docx", "bao-cao.docx");
    download($("dl-tables"), "/api/report?format=xlsx", "bieu.xlsx");
  }

  // --- a province's folder --------------------------------------------------------------------

  function batchPage() {
    var chosen = [];
    var roster = null;
    var folderInput = $("folder-input"), filesInput = $("files-input"), rosterInput = $("roster-input");
    setupDrop($("drop"), choose);
    folderInput.addEventListener("change", function () { choose(fromInput(folderInput)); folderInput.value = ""; });
    filesInput.addEventListener("change", function () { choose(fromInput(filesInput)); filesInput.value = ""; });
    rosterInput.addEventListener("change", function () {
      roster = rosterInput.files.length ? rosterInput.files[0] : null;
      $("roster-name").textContent = roster ? roster.name : T("no_roster");
      if (chosen.length) check();
    });
    $("check").addEventListener("click", function () { if (chosen.length) check(); });
    $("strict").addEventListener("change", function () { if (chosen.length) check(); });

    function choose(files) {
      if (!files.length) return;
      chosen = files;
      $("selected").textContent = T("selected", { files: files.length });
      $("check").disabled = false;
      check();
    }

    function showProgress(fraction, text) {
      $("progress").hidden = false;
      var bar = $("progress-bar");
      if (fraction === null) bar.removeAttribute("value"); else bar.value = Math.round(fraction * 100);
      $("progress-text").textContent = text;
    }

    // A long request, with the upload's progress, then the server's (polled while it works).
    function tracked(url, form, options) {
      var pid = randomId();
      var polling = null;
      var stop = false;
      function poll() {
        if (stop) return;
        send("/api/progress/" + pid).then(function (r) {
          if (stop || r.status !== 200) return;
          var state = JSON.parse(r.body);
          if (state.stage === "checking" && state.total) {
            showProgress(state.done / state.total, T("progress_checking", { done: state.done, total: state.total }));
          } else if (state.stage === "waiting") {
            showProgress(null, T("progress_waiting"));
          } else if (state.stage === "writing") {
            showProgress(null, T("progress_writing"));
          }
        }).catch(function () {}).finally(function () { if (!stop) polling = setTimeout(poll, 300); });
      }
      showProgress(0, T("uploading"));
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      return send(url + sep + "progress=" + pid, form, {
        blob: options && options.blob,
        onUpload: function (fraction) {
          showProgress(fraction, T("uploading"));
          if (fraction >= 1 && polling === null) poll();
        },
      }).finally(function () {
        stop = true;
        clearTimeout(polling);
        $("progress").hidden = true;
      });
    }

    function check() {
      status("");
      $("result").hidden = true;
      var form = formOf(chosen, { roster: roster, strict: $("strict").checked ? "true" : "false" });
      return Promise.all([tracked("/api/batch", form), rules()]).then(function (both) {
        var response = both[0];
        if (response.status !== 200) {
          return errorOf(response).then(function (e) { status(T("error_prefix") + e.error, "error"); });
        }
        render(JSON.parse(response.body), response.xhr.getResponseHeader("X-Budgetkit-Exit") === "0", both[1]);
      }).catch(function (err) { status(err.message, "error"); });
    }

    function render(report, passed, byCode) {
      $("result").hidden = false;
      $("verdict").className = "verdict " + (passed ? "passed" : "failed");
      $("verdict-word").textContent = passed ? T("verdict_passed") : T("verdict_failed");
      $("batch-summary").textContent = T("batch_summary", report.summary);
      $("dl-draft").hidden = true;
      $("dl-note").textContent = "";
      var tbody = $("batch-table").querySelector("tbody");
      clear(tbody);
      var files = report.files.slice().sort(function (a, b) {
        if (a.status !== b.status) return a.status === "failed" ? -1 : 1;
        return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
      });
      files.forEach(function (record, index) {
        var counts = countsOf(record.findings);
        var toggle = el("button", { type: "button", className: "small", text: T("show_findings") });
        var row = el("tr", { className: "file-row " + record.status }, [
          el("td", { className: "num", text: String(index + 1) }),
          el("td", { className: "path", text: record.path }),
          el("td", { text: record.unit ? record.unit.name || "" : "" }),
          el("td", { text: record.unit ? record.unit.code || "" : "" }),
          el("td", {}, [el("span", { className: "status-badge " + record.status,
                                     text: record.status === "passed" ? T("verdict_passed") : T("verdict_failed") })]),
          el("td", { className: "num", text: String(counts.errors) }),
          el("td", { className: "num", text: String(counts.warnings) }),
          el("td", { className: "num", text: String(counts.infos) }),
          el("td", { className: "num", text: fmtAmount(totalOf(record.totals)) }),
          el("td", {}, record.findings.length ? [toggle] : []),
        ]);
        var detailBody = el("tbody");
        findingRows(detailBody, record.findings, byCode);
        var detail = el("tr", { className: "detail" }, [el("td", { colspan: "10" }, [
          el("table", { className: "findings inner" }, [
            el("thead", {}, [el("tr", {}, [el("th", { text: T("col_where") }), el("th", { text: T("col_severity") }),
                                           el("th", { text: T("col_message") }), el("th", { text: T("col_fix") })])]),
            detailBody,
          ]),
        ])]);
        detail.hidden = true;
        toggle.addEventListener("click", function () { detail.hidden = !detail.hidden; });
        tbody.appendChild(row);
        tbody.appendChild(detail);
      });
      var cross = $("cross").querySelector("tbody");
      clear(cross);
      report.cross_file.forEach(function (f) {
        cross.appendChild(el("tr", { className: "sev-row " + f.severity }, [
          el("td", {}, [ruleLink(f.code)]),
          el("td", {}, [severityBadge(f.severity)]),
          el("td", { text: f.message }),
          el("td", { className: "path", text: (f.files || []).join(", ") }),
        ]));
      });
      $("cross").hidden = !report.cross_file.length;
      $("no-cross").hidden = !!report.cross_file.length;
      var skipped = $("skipped");
      clear(skipped);
      (report.skipped || []).forEach(function (s) { skipped.appendChild(el("li", { text: s.path + ": " + s.reason })); });
      $("skipped-card").hidden = !(report.skipped || []).length;
    }

    function download(button, url, fallback, extra) {
      button.addEventListener("click", function () {
        if (!chosen.length) return;
        withBusy(button, function () {
          status("");
          return tracked(url, formOf(chosen, extra ? extra() : {}), { blob: true }).then(function (response) {
            if (response.status !== 200) {
              return errorOf(response).then(function (e) {
                if (e.errors) {
                  $("dl-note").textContent = T("report_refused");
                  $("dl-draft").hidden = false;
                } else {
                  status(T("error_prefix") + e.error, "error");
                }
              });
            }
            saveBlob(response, fallback);
            var left = Number(response.xhr.getResponseHeader("X-Budgetkit-Left-Out") || "0");
            if (left > 0) {
              $("dl-note").textContent = T("left_out_note", { files: left });
              $("dl-draft").hidden = false;
            }
          }).catch(function (err) { status(err.message, "error"); });
        });
      });
    }
    function withRoster() { return { roster: roster }; }
    download($("dl-summary"), "/api/summary", "tong-hop.xlsx", withRoster);
    download($("dl-annotated"), "/api/annotate", "da-danh-dau.zip");
    download($("dl-report"), "/api/report?format=docx", "bao-cao-tong-hop.docx", withRoster);
    download($("dl-tables"), "/api/report?format=xlsx", "bieu-tong-hop.xlsx", withRoster);
    download($("dl-draft"), "/api/report?format=docx", "bao-cao-du-thao.docx", function () { return { roster: roster, draft: "true" }; });
  }

  if (data.page === "file") filePage();
  else if (data.page === "batch") batchPage();
})();
