// Consilience web app: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Asking reads many papers: say so while the answer page loads.
  for (const form of document.querySelectorAll("form.ask")) {
    form.addEventListener("submit", () => {
      const busy = form.querySelector(".busy");
      const button = form.querySelector("button[type=submit]");
      if (busy) busy.hidden = false;
      if (button) button.setAttribute("aria-disabled", "true");
    });
  }

  // Choosing another audience switches the article at once (the button stays for no-JS use).
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }

  // The upload form sends the file itself, then follows the ingest live (the plain form
  // posts to /library/ingest and lands on a report page that refreshes itself).
  const upload = document.getElementById("upload");
  if (upload && window.FormData && window.XMLHttpRequest) setUpUpload(upload);

  // A citation moves keyboard focus to the card or reference it points at.
  for (const link of document.querySelectorAll("a.cite")) {
    link.addEventListener("click", () => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        target.classList.add("flash");
        window.setTimeout(() => target.classList.remove("flash"), 1600);
        target.focus({ preventScroll: true });
      }
    });
  }
});

function setUpUpload(form) {
  const box = document.getElementById("upload-progress-box");
  const bar = document.getElementById("upload-progress");
  const barLabel = document.getElementById("upload-progress-label");
  const status = document.getElementById("upload-status");
  const result = document.getElementById("upload-result");
  const button = form.querySelector("button[type=submit]");
  const say = (text) => { status.textContent = text; };

  const element = (tag, text, attrs) => {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
    return el;
  };

  const finish = (job) => {
    bar.value = 100;
    barLabel.textContent = job.status === "done" ? "Finished" : "Failed";
    form.dataset.state = job.status;
    if (job.status === "done") {
      say(`Done: ${job.records} records read, ${job.added} added, ${job.updated} updated, ` +
          `${job.unchanged} unchanged, ${job.rejected} rejected.`);
    } else {
      say(`The ingest failed: ${(job.errors || []).join("; ") || "see the report"}`);
    }
    result.replaceChildren();
    if (job.rejections && job.rejections.length) {
      result.append(element("h3", `Rejected records (${job.rejected})`));
      const list = element("ul", undefined, { class: "rejections" });
      for (const r of job.rejections) {
        list.append(element("li", `Record ${r.position}${r.record ? ` (${r.record})` : ""}: ${r.reason}`));
      }
      result.append(list);
    }
    const links = element("p");
    links.append(element("a", "Full report", { href: job.page }), " · ",
                 element("a", "Search the library", { href: "/search" }));
    result.append(links);
    result.hidden = false;
    const papers = document.getElementById("stat-papers");
    if (papers && job.papers !== null && job.papers !== undefined) papers.textContent = String(job.papers);
    button.disabled = false;
  };

  const show = (job) => {
    barLabel.textContent = "Ingesting";
    bar.removeAttribute("value");  // indeterminate: the record count is not known in advance
    say(job.status === "queued" ? "Waiting for the library…" : `Reading records: ${job.records} so far…`);
  };

  const poll = (url) => {
    fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((job) => {
        if (job.status === "done" || job.status === "failed") finish(job);
        else { show(job); window.setTimeout(() => poll(url), 500); }
      })
      .catch(() => { say("Lost touch with the server; the report page has the outcome."); button.disabled = false; });
  };

  const follow = (job) => {
    show(job);
    if (!window.EventSource) { poll(job.url); return; }
    const source = new EventSource(job.events);
    source.addEventListener("progress", (event) => show(JSON.parse(event.data)));
    for (const end of ["done", "failed"]) {
      source.addEventListener(end, (event) => { source.close(); finish(JSON.parse(event.data)); });
    }
    source.onerror = () => { source.close(); poll(job.url); };
  };

  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input.files || !input.files.length) return;
    event.preventDefault();
    const file = input.files[0];
    const most = Number(form.dataset.maxBytes || 0);
    if (most && file.size > most) {  // say so now rather than after sending it all
      form.dataset.state = "failed";
      say(`The upload was refused: ${file.name} is larger than the limit of ${form.dataset.limit}.`);
      return;
    }
    button.disabled = true;
    form.dataset.state = "uploading";
    result.hidden = true;
    box.hidden = false;
    barLabel.textContent = "Uploading";
    bar.value = 0;
    say(`Uploading ${file.name}…`);
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.api);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        say(`Uploading ${file.name}: ${bar.value}%`);
      }
    });
    request.addEventListener("load", () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch (err) { body = null; }
      if (request.status === 202 && body) { follow(body); return; }
      const message = body && body.error ? body.error.message : `the server answered ${request.status}`;
      form.dataset.state = "failed";
      barLabel.textContent = "Failed";
      say(`The upload was refused: ${message}`);
      button.disabled = false;
    });
    request.addEventListener("error", () => {
      form.dataset.state = "failed";
      say("The upload failed: the server could not be reached.");
      button.disabled = false;
    });
    request.send(new FormData(form));
  });
}
