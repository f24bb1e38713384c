/* Patient-information chat widget for the Rasa `socketio` channel.
 *
 * Source file: web/build.py wraps it, with the CSS and the vendored Socket.IO client, into web/widget.js,
 * inside one private function scope. `io` and `WIDGET_CSS` below come from that wrapper. The only
 * global it defines is `window.LungInfoChat`. Embedding and options: web/EMBED.md.
 *
 * Safety rules kept here:
 *  - every bot text is escaped: it is built with DOM nodes and textContent, never innerHTML; only
 *    **bold**, line breaks, "- " bullet lists and https links are turned into markup;
 *  - a custom payload is never shown raw: known ones (ask, assessment with its diagram, alert, urgent_help,
 *    summary, content, forget) are rendered, unknown ones are ignored;
 *  - the assessment's picture (diagram.svg) is parsed as image/svg+xml and rebuilt from an allow-list of
 *    SVG elements and attributes (importSvg), never inserted as markup;
 *  - the session id is random (crypto.getRandomValues), never derived from anything about the person.
 */
/* global io, WIDGET_CSS */
"use strict";

var VERSION = "1.0.0";
var STORE_PREFIX = "lungInfoChat:v1:";
var MAX_ITEMS = 400;
// What the "I feel unwell now" control sends, as a quick reply would; the server answers with urgent_help.
var URGENT_PAYLOAD = "/urgent_help";

var STRINGS = {
  en: {
    launcher: "Questions about treatment? Chat with us",
    launcherShort: "Chat",
    defaultTitle: "Lung cancer information assistant",
    close: "Close chat",
    intro: "Hello. I give general information about local treatments (surgery, targeted radiotherapy, " +
      "ablation) for non-small cell lung cancer that has spread to a few places.\n\n" +
      "You can tell me your situation in your own words, or ask a question. I am not a doctor and I " +
      "do not know your medical records. If you feel very unwell, call your emergency number or your " +
      "acute oncology line now.",
    inputLabel: "Your message",
    inputHint: "Please do not type your name, date of birth or hospital number.",
    send: "Send",
    you: "You said:",
    bot: "Assistant:",
    typing: "The assistant is writing…",
    connecting: "Connecting to the assistant…",
    offline: "Cannot reach the assistant at the moment. Trying again automatically.",
    offlineSend: "Not connected: your message has not been sent. It is still in the box.",
    retry: "Try again now",
    back: "Connected again.",
    download: "Download summary for my appointment",
    downloadShort: "Download summary",
    downloadTail: " for my appointment",
    restart: "Start again",
    restartQuestion: "Start again? This clears the conversation from this device.",
    restartYes: "Yes, start again",
    restartNo: "Cancel",
    cleared: "The conversation was cleared. You can start again.",
    suggested: "Suggested answers",
    sources: "Sources:",
    newTab: "(opens in a new tab)",
    alertHeading: { emergency: "Emergency: get help now", urgent: "Urgent: contact your team today",
      crisis: "You do not have to cope alone: support is available now" },
    showLess: "Show less", showMore: "Show all",
    urgent: {
      button: "I feel unwell now",
      title: "If you feel unwell now",
      call: "Call",
      ifAny: "If you have any of these:",
      offline: "Not connected to the assistant. If you feel very unwell, call your emergency number or your " +
        "acute oncology line now."
    },
    card: {
      title: "Your situation, as I understood it",
      category: "Your situation",
      definition: "Does it fit the definition of a few spots (oligometastatic)?",
      defYes: "Yes, it fits the definition (up to 5 spots in up to 3 organs).",
      defNo: "No, there are more spots or places than the definition allows.",
      defUnknown: "Not known yet: some facts are missing.",
      defNA: "Does not apply.",
      counts: "What was counted",
      outside: function (n) { return n === 1 ? "1 spot outside the lung and brain" : n + " spots outside the lung and brain"; },
      brain: function (n) { return n === 0 ? "no spots in the brain" : n === 1 ? "1 spot in the brain" : n + " spots in the brain"; },
      organs: function (n) { return n === 1 ? "1 organ with spread" : n + " organs with spread"; },
      local: "Local treatments discussed",
      localNone: "None for this situation.",
      trial: "Clinical trial pre-screen",
      trialWords: { possible: "Possible", unlikely: "Unlikely", unknown: "Unknown" },
      trialTail: " (only the trial team decides who can take part).",
      sources: "Sources",
      note: "General information, not medical advice. Your own team decides with you.",
      diagram: "Where your situation fits",
      diagramWords: "The picture in words"
    },
    categories: {
      synchronous_oligometastatic: "A few spots found at the same time as the lung cancer (synchronous oligometastatic disease)",
      metachronous_oligorecurrence: "A few spots that came back later, while not on drug treatment (oligorecurrence)",
      metachronous_oligoprogression: "A few spots that appeared later, while on drug treatment (oligoprogression)",
      repeat_oligorecurrence: "A few spots again, after spots were treated before, while not on drug treatment (repeat oligorecurrence)",
      repeat_oligoprogression: "A few spots growing again during drug treatment, after spots were treated before (repeat oligoprogression)",
      repeat_oligopersistence: "A few spots still there but not growing during drug treatment, after spots were treated before (repeat oligopersistence)",
      induced_oligorecurrence: "A few spots after cancer that was once widespread, while not on drug treatment (induced oligorecurrence)",
      induced_oligoprogression: "A few spots growing during drug treatment, after cancer that was once widespread (induced oligoprogression)",
      induced_oligopersistence: "A few spots left after drug treatment shrank cancer that was once widespread (induced oligopersistence)",
      polymetastatic: "Cancer in more places than the definition of a few spots allows (polymetastatic disease)",
      not_metastatic: "Cancer that has not spread to distant parts of the body (stage 1 to 3)",
      not_nsclc: "A type of cancer this service does not cover",
      undetermined: "Not possible to place yet, because some key facts are not known"
    },
    treatments: { surgery: "Surgery", radiotherapy: "Targeted radiotherapy (for example SBRT)",
      ablation: "Ablation (destroying a spot with heat or cold)", salvage_surgery: "Salvage surgery" },
    summaryReady: "Your summary for your appointment is ready.",
    file: {
      title: "My questions for my appointment",
      made: "Made on",
      told: "What I told the assistant",
      situation: "My situation, as the assistant understood it",
      questionsTeam: "Questions to ask my team",
      asked: "Questions I asked the assistant",
      contact: "Contact",
      clinic: "Clinic",
      reasons: "Why the assistant placed it there",
      picture: "The path through the classification",
      sources: "Sources of the information shown",
      review: "Review status:",
      forClinician: "For the clinical team: this page was made by a patient-information assistant from what the patient typed. " +
        "It uses the ESTRO/EORTC classification (Guckenberger et al., Lancet Oncol 2020) and the EORTC count definition " +
        "(Dingemans et al., J Thorac Oncol 2019). Please check the facts with the patient.",
      note: "General information from an information service, not medical advice.",
      empty: "Nothing yet: tell the assistant about your situation or ask a question first."
    },
    downloaded: "The summary file was downloaded."
  }
};

/* ------------------------------------------------------------------ helpers */

function randomId() {
  var bytes = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(bytes);
  var out = "";
  for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  if (attrs) {
    for (var key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] == null || attrs[key] === false) continue;
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
    }
  }
  (children || []).forEach(function (c) {
    if (c == null) return;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}

var SVG_NS = "http://www.w3.org/2000/svg";
function icon(pathD) {
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  var path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", pathD);
  path.setAttribute("fill", "currentColor");
  svg.appendChild(path);
  return svg;
}
var ICON_CHAT = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9H7zm0-3v2h10V6H7zm0 6v2h7v-2H7z";
var ICON_WARN = "M12 2 1 21h22L12 2zm1 15h-2v2h2v-2zm0-8h-2v6h2V9z";
// A six-armed medical star (urgent help) and a mobile phone (a number to call).
var ICON_URGENT = "M10 3L14 3L14 8.54L18.79 5.77L20.79 9.23L16 12L20.79 14.77L18.79 18.23L14 15.46L14 21L10 21" +
  "L10 15.46L5.21 18.23L3.21 14.77L8 12L3.21 9.23L5.21 5.77L10 8.54z";
var ICON_PHONE = "M8 1h8a2 2 0 0 1 2 2v18a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2zm0 3v14h8V4H8z";

/* The assessment's picture (bot/diagram.py). The server's SVG text is parsed as image/svg+xml, never as
   HTML, and only allowed SVG elements and attributes are copied into new nodes: no script, no style, no
   links, no event handlers, no references (url(), href). Returns an <svg> element, or null. */
var SVG_ELEMENTS = { svg: 1, g: 1, rect: 1, line: 1, path: 1, circle: 1, text: 1, tspan: 1 };
var SVG_NUMBERS = /^-?[0-9.]+(?:[\s,]+-?[0-9.]+)*$/;
var SVG_ATTRS = {
  viewBox: SVG_NUMBERS, width: SVG_NUMBERS, height: SVG_NUMBERS, x: SVG_NUMBERS, y: SVG_NUMBERS,
  x1: SVG_NUMBERS, y1: SVG_NUMBERS, x2: SVG_NUMBERS, y2: SVG_NUMBERS, rx: SVG_NUMBERS, ry: SVG_NUMBERS,
  r: SVG_NUMBERS, cx: SVG_NUMBERS, cy: SVG_NUMBERS, dx: SVG_NUMBERS, dy: SVG_NUMBERS,
  "stroke-width": SVG_NUMBERS, "stroke-dasharray": SVG_NUMBERS, "font-size": SVG_NUMBERS,
  d: /^[MLHVZmlhvz0-9.\s,-]+$/, "class": /^[a-z][a-z0-9 -]*$/,
  fill: /^(#[0-9a-fA-F]{3,6}|none)$/, stroke: /^(#[0-9a-fA-F]{3,6}|none)$/,
  "font-weight": /^(normal|bold)$/, "text-anchor": /^(start|middle|end)$/
};
function importSvg(markup) {
  var doc;
  try { doc = new DOMParser().parseFromString(String(markup || ""), "image/svg+xml"); } catch (e) { return null; }
  var root = doc && doc.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg" ||
      doc.getElementsByTagName("parsererror").length) return null;
  var count = 0;
  function copy(src) {
    if (++count > 2000) return null;
    if (src.nodeType === 3) return document.createTextNode(src.nodeValue);
    if (src.nodeType !== 1 || src.namespaceURI !== SVG_NS || !SVG_ELEMENTS[src.localName]) return null;
    var out = document.createElementNS(SVG_NS, src.localName);
    for (var i = 0; i < src.attributes.length; i++) {
      var a = src.attributes[i];
      var rule = Object.prototype.hasOwnProperty.call(SVG_ATTRS, a.name) ? SVG_ATTRS[a.name] : null;
      if (rule && !a.namespaceURI && rule.test(a.value)) out.setAttribute(a.name, a.value);
    }
    for (var c = src.firstChild; c; c = c.nextSibling) {
      var child = copy(c);
      if (child) out.appendChild(child);
    }
    return out;
  }
  var svg = copy(root);
  if (!svg) return null;
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("focusable", "false");
  return svg;
}

/* The diagram payload with only what the card shows: the title, the sentences, the SVG text. */
function cleanDiagram(d) {
  if (!isObject(d)) return null;
  var steps = (Array.isArray(d.steps) ? d.steps : []).map(str).filter(Boolean);
  if (!steps.length && str(d.text)) steps = [str(d.text)];
  if (!steps.length) return null;
  return { title: str(d.title), steps: steps, svg: typeof d.svg === "string" ? d.svg : "" };
}

function safeHttpsUrl(raw) {
  try {
    var u = new URL(String(raw));
    return u.protocol === "https:" ? u.href : null;
  } catch (e) {
    return null;
  }
}

function doiUrl(doi) {
  var d = String(doi || "").trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, "").replace(/^doi:\s*/i, "");
  if (!/^10\.\d{4,9}\/\S+$/.test(d)) return null;
  return "https://doi.org/" + d.split("/").map(encodeURIComponent).join("/");
}

function link(href, label, newTabText) {
  return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" },
    [label, el("span", { className: "sr-only", text: " " + newTabText })]);
}

/* Inline formatting: **bold**, [label](https://...) and bare https:// links. Everything else is text. */
var INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\((https:\/\/[^\s)]+)\)|(https:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
function inline(parent, text, s) {
  var last = 0;
  var m;
  INLINE.lastIndex = 0;
  while ((m = INLINE.exec(text)) !== null) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) {
      parent.appendChild(el("strong", { text: m[1] }));
    } else {
      var href = safeHttpsUrl(m[3] || m[4]);
      if (href) parent.appendChild(link(href, m[2] || m[4], s.newTab));
      else parent.appendChild(document.createTextNode(m[0]));
    }
    last = INLINE.lastIndex;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

var BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
function formatText(text, s) {
  var frag = document.createDocumentFragment();
  var blocks = String(text).replace(/\r\n?/g, "\n").split(/\n{2,}/);
  blocks.forEach(function (block) {
    var lines = block.split("\n");
    var para = null;
    var list = null;
    lines.forEach(function (line) {
      if (BULLET.test(line)) {
        para = null;
        if (!list) { list = el("ul"); frag.appendChild(list); }
        var li = el("li");
        inline(li, line.replace(BULLET, ""), s);
        list.appendChild(li);
      } else if (line.trim() === "") {
        para = null; list = null;
      } else {
        list = null;
        if (para) para.appendChild(el("br"));
        else { para = el("p"); frag.appendChild(para); }
        inline(para, line, s);
      }
    });
  });
  return frag;
}

function plainText(text) {
  /* The text of a bot message without the formatting marks (for the summary file). */
  return String(text).replace(/\*\*([^*\n]+?)\*\*/g, "$1").replace(/\[([^\]\n]+)\]\((https:\/\/[^\s)]+)\)/g, "$1 ($2)");
}

function escapeHtml(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

function str(x) { return typeof x === "string" ? x.trim() : ""; }

/* A tel: address from a phone number as written ("0100 000 0002", "+44 (0)100 000 0002"), or null. */
function telUrl(phone) {
  var digits = String(phone || "").replace(/^(\s*\+\d+)\s*\(0\)/, "$1").replace(/[\s().\-\u00a0]/g, "");
  return /^\+?\d{2,15}$/.test(digits) ? "tel:" + digits : null;
}

/* The urgent_help payload with only the fields the card shows, as plain strings. */
function cleanUrgent(u, s) {
  var routes = (Array.isArray(u.routes) ? u.routes : []).filter(isObject).map(function (r) {
    return { call: str(r.call), phone: str(r.phone),
      symptoms: (Array.isArray(r.symptoms) ? r.symptoms : []).map(str).filter(Boolean) };
  }).filter(function (r) { return r.call || r.phone; });
  return { title: str(u.title) || s.urgent.title, intro: str(u.intro), routes: routes, closing: str(u.closing) };
}

/* Whether a bot text only repeats the urgent card (its plain-text twin, which Rasa's socketio channel emits
   just before the custom payload, one emit per paragraph): nearly all its words are the card's words. */
function wordsOf(t) { return String(t).toLowerCase().split(/[^0-9a-z\u00c0-\u024f&+]+/).filter(Boolean); }
function cardWords(u, s) {
  var vocab = Object.create(null);
  var texts = [u.title, u.intro, u.closing, s.urgent.call, s.urgent.ifAny];
  u.routes.forEach(function (r) { texts.push(r.call, r.phone); texts.push.apply(texts, r.symptoms); });
  texts.forEach(function (t) { wordsOf(t).forEach(function (w) { vocab[w] = true; }); });
  return vocab;
}
function repeatsCard(text, vocab) {
  var words = wordsOf(text);
  var known = words.filter(function (w) { return vocab[w] === true; }).length;
  return words.length > 0 && known / words.length >= 0.8;
}

function storageFor(kind) {
  var name = kind === "session" ? "sessionStorage" : kind === "none" ? null : "localStorage";
  var backing = null;
  try {
    if (name) {
      backing = window[name];
      backing.setItem(STORE_PREFIX + "probe", "1");
      backing.removeItem(STORE_PREFIX + "probe");
    }
  } catch (e) {
    backing = null;
  }
  var memory = {};
  return {
    get: function (key) {
      try {
        var raw = backing ? backing.getItem(STORE_PREFIX + key) : memory[key];
        return raw == null ? null : JSON.parse(raw);
      } catch (e) { return null; }
    },
    set: function (key, value) {
      var raw = JSON.stringify(value);
      try { if (backing) backing.setItem(STORE_PREFIX + key, raw); else memory[key] = raw; } catch (e) { memory[key] = raw; }
    },
    remove: function (key) {
      try { if (backing) backing.removeItem(STORE_PREFIX + key); } catch (e) { /* ignore */ }
      delete memory[key];
    }
  };
}

/* ------------------------------------------------------------------ transport */

/* The Socket.IO transport for Rasa's `socketio` channel. A transport gets `hooks` (sessionId(),
   state(name), message(data)) and returns {connect, send, retry, newSession, close}. Tests may pass
   their own factory as the `transport` option to LungInfoChat.mount(). send(text, done) calls `done` once
   the server has finished the turn, after the turn's last message(data): here the Socket.IO
   acknowledgement, which python-socketio sends when the channel's handler returns, i.e. after it emitted
   every reply of the turn on the same connection (a transport that never calls it leaves the turn busy). */
function socketIoTransport(config, hooks) {
  var target = new URL(config.server, window.location.href);
  var basePath = target.pathname.replace(/\/+$/, "");
  var socket = io(target.origin, {
    path: config.socketPath || basePath + "/socket.io/",
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    autoConnect: false,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
    timeout: 8000
  });
  var confirmTimer = null;
  function requestSession() {
    socket.emit("session_request", { session_id: hooks.sessionId() });
    clearTimeout(confirmTimer);
    // A server without session persistence may never confirm; messages still flow, so do not hang.
    confirmTimer = setTimeout(function () { if (socket.connected) hooks.state("ready"); }, 3000);
  }
  socket.on("connect", function () { hooks.state("connecting"); requestSession(); });
  socket.on("session_confirm", function () { clearTimeout(confirmTimer); hooks.state("ready"); });
  socket.on(config.botEvent, function (data) { hooks.message(data); });
  socket.on("connect_error", function () { hooks.state("offline"); });
  socket.on("disconnect", function (reason) {
    clearTimeout(confirmTimer);
    hooks.state(reason === "io client disconnect" ? "idle" : "offline");
  });
  return {
    connect: function () { hooks.state("connecting"); socket.connect(); },
    send: function (text, done) {
      socket.emit(config.userEvent, { message: text, session_id: hooks.sessionId() }, function () { if (done) done(); });
    },
    retry: function () { socket.disconnect(); hooks.state("connecting"); socket.connect(); },
    newSession: function () { if (socket.connected) requestSession(); },
    close: function () { clearTimeout(confirmTimer); socket.disconnect(); }
  };
}

/* ------------------------------------------------------------------ widget */

function Widget(options) {
  this.opt = options;
  var lang = String(options.lang || "en").toLowerCase().split("-")[0];
  this.lang = STRINGS[lang] ? lang : "en";
  this.s = STRINGS[this.lang];
  this.title = options.title || this.s.defaultTitle;
  var key = String(options.storageKey || new URL(options.server, window.location.href).origin);
  this.keys = { session: key + ":session", items: key + ":items", open: key + ":open" };
  this.store = storageFor(options.storage || "local");
  this.openState = storageFor("session");
  this.items = this.store.get(this.keys.items) || [];
  if (!Array.isArray(this.items)) this.items = [];
  this.sessionId = this.store.get(this.keys.session);
  if (typeof this.sessionId !== "string" || !/^[0-9a-f]{32}$/.test(this.sessionId)) {
    this.sessionId = randomId();
    this.store.set(this.keys.session, this.sessionId);
  }
  this.state = "idle";
  this.everReady = false;
  this.turnTexts = [];
  this.transport = null;
  this.nodes = new WeakMap();  // item -> its node in the log (to take a repeated text away again)
  // Turns sent and not yet finished by the server; `turnEpoch` changes when a lost connection drops them.
  this.pendingTurns = 0;
  this.turnsDone = 0;
  this.turnEpoch = 0;
  this.build();
  this.renderAll();
  this.save();
  if (options.open || this.openState.get(this.keys.open)) this.open(false);
}

Widget.prototype.build = function () {
  var s = this.s;
  var self = this;
  // An undefined custom element name: host page rules for `div` do not match it, and nothing is registered.
  this.host = el("lung-info-chat", { "data-lung-info-chat": VERSION });
  var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;
  this.root = root;
  // A constructed stylesheet passes a strict Content-Security-Policy (no 'unsafe-inline' for styles).
  var sheet = null;
  try {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
      root.adoptedStyleSheets = [sheet];
    }
  } catch (e) { sheet = null; }
  if (!sheet) root.appendChild(el("style", { text: WIDGET_CSS }));
  var uid = "lic-" + randomId().slice(0, 8);

  this.launcher = el("button", {
    type: "button", className: "launcher", "aria-expanded": "false", "aria-controls": uid + "-panel",
    onclick: function () { self.open(true); }
  }, [icon(ICON_CHAT), el("span", { text: this.opt.launcherLabel || s.launcher })]);

  this.closeBtn = el("button", { type: "button", className: "close", "aria-label": s.close, text: "✕",
    onclick: function () { self.close(true); } });
  // A plain div, not <header>: inside the host page a second banner landmark would be announced as the page's.
  var header = el("div", { className: "bar" }, [
    el("div", { className: "titles" }, [
      el("h2", { id: uid + "-title", text: this.title }),
      this.opt.clinic ? el("p", { text: this.opt.clinic }) : null
    ]),
    this.closeBtn
  ]);

  // On narrow screens the end of the label is visually hidden (it stays in the accessible name).
  this.downloadBtn = el("button", { type: "button", className: "download",
    onclick: function () { self.downloadSummary(); } }, [s.downloadShort, el("span", { className: "long", text: s.downloadTail })]);
  this.restartBtn = el("button", { type: "button", className: "restart", text: s.restart,
    "aria-expanded": "false", "aria-controls": uid + "-confirm",
    onclick: function () { self.askRestart(); } });
  // "I feel unwell now": always on screen while the panel is open (outside the scrolling log), first after
  // the header. A line of its own; in short viewports it shares the line with the other tools.
  this.urgentBtn = el("button", { type: "button", className: "urgent-now", "data-payload": URGENT_PAYLOAD,
    onclick: function () { self.urgentHelp(); } }, [icon(ICON_URGENT), el("span", { text: s.urgent.button })]);
  var tools = el("div", { className: "tools" }, [this.urgentBtn, this.downloadBtn, this.restartBtn]);

  this.confirmYes = el("button", { type: "button", className: "primary", text: s.restartYes,
    onclick: function () { self.restart(); } });
  this.confirmNo = el("button", { type: "button", text: s.restartNo, onclick: function () { self.hideRestart(true); } });
  this.confirmBox = el("div", { className: "confirm", id: uid + "-confirm", hidden: true }, [
    el("p", { text: s.restartQuestion }), el("div", { className: "row" }, [this.confirmYes, this.confirmNo])
  ]);

  this.statusText = el("p");
  this.retryBtn = el("button", { type: "button", className: "retry", text: s.retry,
    onclick: function () { if (self.transport) self.transport.retry(); } });
  this.statusBox = el("div", { className: "status", "data-state": "idle", hidden: true }, [this.statusText, this.retryBtn]);
  // Announcements of connection changes and of sending problems (polite; the alert banner is assertive).
  this.announcer = el("div", { className: "sr-only", role: "status", "aria-live": "polite" });

  this.alertBox = el("div", { className: "alerts" });
  this.log = el("div", { className: "log", role: "log", "aria-label": this.title, tabindex: "0" });
  // WCAG 2.2 2.4.11: a control focused in the log is scrolled fully into the log's view, so the message box
  // below the log never hides it.
  this.log.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t && t !== self.log && t.scrollIntoView) t.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  this.typing = el("p", { className: "typing", hidden: true, text: s.typing });

  this.input = el("textarea", { id: uid + "-input", rows: "2", autocomplete: "off", "aria-describedby": uid + "-hint",
    enterkeyhint: "send" });
  this.sendBtn = el("button", { type: "submit", className: "primary send", text: s.send });
  this.form = el("form", { className: "composer", novalidate: true }, [
    el("label", { "for": uid + "-input", text: s.inputLabel }),
    el("div", { className: "row" }, [this.input, this.sendBtn]),
    el("p", { className: "hint", id: uid + "-hint", text: s.inputHint })
  ]);
  this.form.addEventListener("submit", function (e) { e.preventDefault(); self.submit(); });
  this.input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); self.submit(); }
  });

  this.panel = el("div", {
    className: "panel", id: uid + "-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": uid + "-title", lang: this.lang, hidden: true
  }, [header, tools, this.confirmBox, this.statusBox, this.alertBox, this.log, this.typing, this.form, this.announcer]);
  this.panel.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    e.stopPropagation();
    if (!self.confirmBox.hidden) self.hideRestart(true);
    else self.close(true);
  });

  var wrap = el("div", { className: this.opt.position === "left" ? "wrap left" : "wrap", lang: this.lang },
    [this.launcher, this.panel]);
  root.appendChild(wrap);
  this.wrap = wrap;
  this.markTurn("idle");
  (document.body || document.documentElement).appendChild(this.host);
};

/* ---------------- open / close / connection */

Widget.prototype.open = function (focus) {
  this.panel.hidden = false;
  this.launcher.hidden = true;
  this.launcher.setAttribute("aria-expanded", "true");
  this.openState.set(this.keys.open, true);
  this.ensureTransport();
  this.scrollToEnd();
  if (focus) this.input.focus();
};

Widget.prototype.close = function (focus) {
  this.panel.hidden = true;
  this.launcher.hidden = false;
  this.launcher.setAttribute("aria-expanded", "false");
  this.openState.remove(this.keys.open);
  if (focus) this.launcher.focus();
};

Widget.prototype.ensureTransport = function () {
  if (this.transport) return;
  var self = this;
  var factory = this.opt.transport || socketIoTransport;
  this.transport = factory({
    server: this.opt.server, socketPath: this.opt.socketPath,
    userEvent: this.opt.userEvent || "user_uttered", botEvent: this.opt.botEvent || "bot_uttered"
  }, {
    sessionId: function () { return self.sessionId; },
    state: function (name) { self.setState(name); },
    message: function (data) { self.receive(data); }
  });
  this.transport.connect();
  // Say so if the first connection takes long, even before the client gives up on it.
  this.slowTimer = setTimeout(function () { if (self.state === "connecting" && !self.everReady) self.setState("offline"); }, 6000);
};

Widget.prototype.setState = function (name) {
  var s = this.s;
  var previous = this.state;
  this.state = name;
  this.statusBox.setAttribute("data-state", name);
  this.host.setAttribute("data-state", name);
  this.statusBox.classList.remove("ok");
  if (name === "ready") {
    clearTimeout(this.slowTimer);
    if (previous === "offline" && this.everReady) {
      this.statusText.textContent = s.back;
      this.statusBox.classList.add("ok");
      this.retryBtn.hidden = true;
      this.statusBox.hidden = false;
      this.announce(s.back);
      var box = this.statusBox;
      clearTimeout(this.okTimer);
      this.okTimer = setTimeout(function () { box.hidden = true; }, 4000);
    } else {
      this.statusBox.hidden = true;
    }
    this.everReady = true;
  } else if (name === "offline") {
    this.dropTurns();
    this.typing.hidden = true;
    this.statusText.textContent = s.offline;
    this.retryBtn.hidden = false;
    this.statusBox.hidden = false;
    if (previous !== "offline") this.announce(s.offline);
  } else if (name === "connecting") {
    if (previous !== "offline") {
      this.statusText.textContent = s.connecting;
      this.retryBtn.hidden = true;
      this.statusBox.hidden = this.everReady;
      if (!this.everReady) this.statusBox.hidden = false;
    }
  } else {
    this.statusBox.hidden = true;
  }
};

Widget.prototype.announce = function (text) {
  var a = this.announcer;
  a.textContent = "";
  setTimeout(function () { a.textContent = text; }, 50);
};

/* ---------------- sending */

Widget.prototype.submit = function () {
  var text = this.input.value.trim();
  if (!text) { this.input.focus(); return; }
  if (this.sendText(text, text)) this.input.value = "";
  this.input.focus();
};

/* The "I feel unwell now" control: sends its payload as a quick reply does. Offline, it still says what to do. */
Widget.prototype.urgentHelp = function () {
  var s = this.s;
  if (this.state !== "ready") {
    if (this.state !== "connecting") this.setState("offline");
    var last = this.items[this.items.length - 1];
    if (last && last.t === "note" && last.urgent) this.announce(s.urgent.offline);
    else this.add({ t: "note", text: s.urgent.offline, urgent: true });
    return;
  }
  if (this.sendText(URGENT_PAYLOAD, s.urgent.button)) this.input.focus();
};

/* Sends `payload` to the bot and shows `shown` as the person's message. Returns false when offline. */
Widget.prototype.sendText = function (payload, shown) {
  if (this.state !== "ready") {
    this.announce(this.s.offlineSend);
    if (this.state !== "connecting") this.setState("offline");
    return false;
  }
  this.clearReplies();
  this.turnTexts = [];
  this.add({ t: "user", text: shown });
  this.startTurn();
  this.transport.send(payload, this.turnCallback());
  this.typing.hidden = false;
  this.scrollToEnd();
  var self = this;
  clearTimeout(this.typingTimer);
  this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, 30000);
  return true;
};

/* ---------------- the turn marker

   The widget's root element in the shadow root (.wrap) says where the current turn is, for tests and for a
   host page that needs to know: data-turn="busy" from a message sent until the server has finished the
   turn and every reply of it has been rendered, then "done" (also "idle" before the first turn, "lost" when
   the connection dropped with a turn unfinished); data-turns counts the finished turns. */

Widget.prototype.markTurn = function (state) {
  this.wrap.setAttribute("data-turn", state);
  this.wrap.setAttribute("data-turns", String(this.turnsDone));
};

Widget.prototype.startTurn = function () {
  this.pendingTurns++;
  this.markTurn("busy");
};

/* The `done` callback of one send: counts once, and not at all if the connection was lost meanwhile. */
Widget.prototype.turnCallback = function () {
  var self = this;
  var epoch = this.turnEpoch;
  var called = false;
  return function () {
    if (called || epoch !== self.turnEpoch) return;
    called = true;
    self.pendingTurns--;
    self.turnsDone++;
    self.markTurn(self.pendingTurns > 0 ? "busy" : "done");
  };
};

Widget.prototype.dropTurns = function () {
  if (!this.pendingTurns) return;
  this.turnEpoch++;
  this.pendingTurns = 0;
  this.markTurn("lost");
};

/* ---------------- receiving */

Widget.prototype.receive = function (data) {
  if (!isObject(data)) {
    if (typeof data === "string" && data.trim()) data = { text: data };
    else return;
  }
  this.typing.hidden = true;
  clearTimeout(this.typingTimer);
  // Rasa's socketio channel emits a custom payload as the object itself; other channels nest it.
  var custom = isObject(data.custom) ? data.custom : isObject(data.data) ? data.data : data;
  var urgent = isObject(custom.urgent_help) ? cleanUrgent(custom.urgent_help, this.s) : null;
  // The card says it all: its plain-text twin is not shown as well, whether it came in the same message
  // (REST-style) or, from Rasa's socketio channel, as text emits just before.
  if (urgent) this.dropRepeats(urgent);
  if (typeof data.text === "string" && data.text.trim() && !urgent) {
    this.add({ t: "bot", text: data.text });
    this.turnTexts.push(data.text);
  }
  var buttons = data.quick_replies || data.buttons;
  if (Array.isArray(buttons) && buttons.length) this.setReplies(buttons);
  if (typeof custom.text === "string" && custom !== data && custom.text.trim() && !urgent) {
    this.add({ t: "bot", text: custom.text });
    this.turnTexts.push(custom.text);
  }
  if (typeof custom.ask === "string" && Array.isArray(custom.options) && custom.options.length) {
    this.setReplies(custom.options, custom.ask);
  }
  if (isObject(custom.alert)) {
    var level = ["emergency", "urgent", "crisis"].indexOf(custom.alert.level) >= 0 ? custom.alert.level : "emergency";
    this.add({ t: "alert", level: level, texts: this.turnTexts.slice() });
  }
  if (isObject(custom.assessment)) {
    this.add({ t: "assessment", data: custom.assessment, diagram: cleanDiagram(custom.diagram) });
  }
  if (urgent) {
    var card = { t: "urgent", data: urgent };
    this.addBeforeReplies(card);
    this.scrollToStart(this.nodes.get(card));  // the first (most urgent) route, not the end of a tall card
  }
  // An alert's words are the texts just before it: a question or a card in between starts over.
  if (custom.ask || custom.assessment || custom.summary || custom.content || custom.alert || urgent) this.turnTexts = [];
  if (isObject(custom.content) && Array.isArray(custom.content.citations) && custom.content.citations.length) {
    this.add({ t: "sources", citations: custom.content.citations,
               review: typeof custom.content.review === "string" ? custom.content.review : "" });
  }
  // A summary that comes with the assessment card needs no card of its own: the card has the download button.
  if (isObject(custom.summary)) this.add({ t: "summary", data: custom.summary, quiet: isObject(custom.assessment) });
  if (custom.forget === true) this.forget();
};

/* Removes the bot texts at the end of the conversation that only repeat the urgent card `u`: the run of
   them just before it, from the first with the card's title on (the twin starts with it) if there is one. */
Widget.prototype.dropRepeats = function (u) {
  var items = this.items;
  var vocab = cardWords(u, this.s);
  var title = wordsOf(u.title).join(" ");
  var end = items.length;
  if (end && items[end - 1].t === "replies") end--;
  var start = end;
  var titled = -1;
  while (start > 0 && items[start - 1].t === "bot" && repeatsCard(items[start - 1].text, vocab)) {
    start--;
    if (title && (" " + wordsOf(items[start].text).join(" ") + " ").indexOf(" " + title + " ") >= 0) titled = start;
  }
  if (titled >= 0) start = titled;
  if (start === end) return;
  var self = this;
  items.splice(start, end - start).forEach(function (item) {
    var node = self.nodes.get(item);
    if (node && node.parentNode) node.parentNode.removeChild(node);
    var at = self.turnTexts.lastIndexOf(item.text);
    if (at >= 0) self.turnTexts.splice(at, 1);
  });
  this.save();
};

/* Adds an item, keeping quick replies (if any) last, next to the message box. */
Widget.prototype.addBeforeReplies = function (item) {
  var last = this.items[this.items.length - 1];
  if (!last || last.t !== "replies") { this.add(item); return; }
  this.items.pop();
  var node = this.nodes.get(last);
  this.add(item);
  this.items.push(last);
  this.save();
  if (node) this.log.appendChild(node);
};

Widget.prototype.setReplies = function (options, ask) {
  var clean = [];
  options.forEach(function (o) {
    if (!isObject(o)) return;
    var title = typeof o.title === "string" ? o.title : null;
    var payload = typeof o.payload === "string" ? o.payload : title;
    if (title && payload) clean.push({ title: title, payload: payload });
  });
  if (!clean.length) return;
  this.clearReplies();
  this.add({ t: "replies", options: clean, ask: typeof ask === "string" ? ask : null });
};

/* Only the newest quick replies are offered: older ones (a "Did you mean…?" before the intake's question) go
   from the saved transcript as from the page, so a reload shows what the page showed. */
Widget.prototype.clearReplies = function () {
  var kept = this.items.filter(function (item) { return item.t !== "replies"; });
  if (kept.length !== this.items.length) {
    this.items = kept;
    this.save();
  }
  var nodes = this.log.querySelectorAll(".replies");
  for (var i = 0; i < nodes.length; i++) nodes[i].parentNode.removeChild(nodes[i]);
};

/* ---------------- transcript */

Widget.prototype.add = function (item) {
  this.items.push(item);
  if (this.items.length > MAX_ITEMS) this.items.splice(0, this.items.length - MAX_ITEMS);
  this.save();
  this.render(item, true);
  this.scrollToEnd();
};

Widget.prototype.save = function () {
  this.store.set(this.keys.items, this.items);
  // The summary needs something to summarise: the button appears with the first message or assessment.
  this.downloadBtn.hidden = !this.items.some(function (i) { return i.t === "user" || i.t === "assessment" || i.t === "summary"; });
};

Widget.prototype.renderAll = function () {
  this.log.removeAttribute("aria-live");
  this.log.textContent = "";
  this.alertBox.textContent = "";
  this.log.appendChild(this.renderIntro());
  for (var i = 0; i < this.items.length; i++) this.render(this.items[i], false);
  this.log.setAttribute("aria-live", "polite");
  this.log.setAttribute("aria-relevant", "additions");
};

Widget.prototype.renderIntro = function () {
  var text = this.opt.greeting || this.s.intro;
  return el("div", { className: "msg bot intro" }, [
    el("span", { className: "sr-only", text: this.s.bot + " " }),
    el("div", { className: "bubble" }, [formatText(text, this.s)])
  ]);
};

Widget.prototype.render = function (item, live) {
  var s = this.s;
  var node = null;
  if (item.t === "user" || item.t === "bot") {
    node = el("div", { className: "msg " + item.t }, [
      el("span", { className: "sr-only", text: (item.t === "user" ? s.you : s.bot) + " " }),
      item.t === "bot" ? el("div", { className: "bubble" }, [formatText(item.text, s)])
        : el("div", { className: "bubble plain", text: item.text })
    ]);
  } else if (item.t === "replies") {
    var self = this;
    node = el("div", { className: "replies", role: "group", "aria-label": s.suggested, "data-ask": item.ask || null },
      item.options.map(function (o) {
        return el("button", { type: "button", text: o.title, "data-payload": o.payload,
          onclick: function () { if (self.sendText(o.payload, o.title)) self.input.focus(); } });
      }));
  } else if (item.t === "alert") {
    this.renderAlert(item, live);
  } else if (item.t === "assessment") {
    node = this.renderAssessment(item.data, item.diagram);
  } else if (item.t === "sources") {
    node = this.renderSources(item.citations, item.review);
  } else if (item.t === "summary" && !item.quiet) {
    node = this.renderSummaryReady();
  } else if (item.t === "urgent") {
    node = this.renderUrgent(item.data);
  } else if (item.t === "note") {
    node = el("p", { className: item.urgent ? "msg note urgent" : "msg note", text: item.text });
  }
  if (node) {
    this.nodes.set(item, node);
    this.log.appendChild(node);
  }
};

Widget.prototype.renderAlert = function (item, live) {
  var s = this.s;
  // One banner, the latest alert; it stays at the top of the panel while the conversation scrolls.
  this.alertBox.textContent = "";
  var text = el("div", { className: "text" });
  (item.texts || []).forEach(function (t) { text.appendChild(formatText(t, s)); });
  var toggle = el("button", { type: "button", className: "toggle", "aria-expanded": "true", text: s.showLess });
  toggle.addEventListener("click", function () {
    var collapsed = !text.hidden;
    text.hidden = collapsed;
    toggle.textContent = collapsed ? s.showMore : s.showLess;
    toggle.setAttribute("aria-expanded", String(!collapsed));
  });
  var banner = el("div", { className: "alert " + item.level, "data-level": item.level }, [
    el("h3", {}, [icon(ICON_WARN), el("span", { text: s.alertHeading[item.level] })]),
    text,
    (item.texts || []).length ? toggle : null
  ]);
  // role=alert only for a new alert, so a reload does not interrupt a screen reader again.
  if (live) banner.setAttribute("role", "alert");
  else { banner.setAttribute("role", "region"); banner.setAttribute("aria-label", s.alertHeading[item.level]); }
  this.alertBox.appendChild(banner);
};

function listOf(values, words) {
  return el("ul", {}, values.map(function (v) { return el("li", { text: words[v] || String(v).replace(/_/g, " ") }); }));
}

Widget.prototype.citationList = function (citations) {
  var s = this.s;
  var ul = el("ul");
  citations.forEach(function (c) {
    if (!isObject(c)) return;
    var label = String(c.label || c.title || c.doi || c.url || "");
    if (!label) return;
    var href = c.doi ? doiUrl(c.doi) : null;
    if (!href && c.url) href = safeHttpsUrl(c.url);
    ul.appendChild(el("li", {}, [href ? link(href, label, s.newTab) : label]));
  });
  return ul;
};

/* The picture of the path with its text alternative: a figure whose caption names the picture, and a
   disclosure ("The picture in words", reachable by keyboard) with the same steps as a list. */
Widget.prototype.renderDiagram = function (d) {
  var c = this.s.card;
  var uid = "lic-fig-" + randomId().slice(0, 6);
  var svg = d.svg ? importSvg(d.svg) : null;
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", uid);
    svg.setAttribute("class", "diagram-svg");
  }
  var details = el("details", { className: "words" }, [
    el("summary", { text: c.diagramWords }),
    el("ol", {}, d.steps.map(function (t) { return el("li", { text: t }); }))
  ]);
  return el("figure", { className: "diagram" }, [
    el("figcaption", { id: uid, text: d.title || c.diagram }),
    svg,
    details
  ]);
};

Widget.prototype.renderAssessment = function (a, diagram) {
  var s = this.s;
  var c = s.card;
  var self = this;
  var dl = el("dl");
  function row(term, value) {
    dl.appendChild(el("dt", { text: term }));
    dl.appendChild(el("dd", {}, [value]));
  }
  var category = typeof a.category_name === "string" ? a.category_name
    : s.categories[a.category] || s.categories.undetermined;
  row(c.category, el("span", { className: "verdict", text: category }));
  var notApplicable = a.category === "not_metastatic" || a.category === "not_nsclc";
  row(c.definition, el("span", { text: notApplicable ? c.defNA : a.within_definition === true ? c.defYes
    : a.within_definition === false ? c.defNo : c.defUnknown }));
  var counts = [];
  if (typeof a.metastasis_count === "number") counts.push(c.outside(a.metastasis_count));
  if (typeof a.brain_metastasis_count === "number") counts.push(c.brain(a.brain_metastasis_count));
  if (typeof a.organ_count === "number") counts.push(c.organs(a.organ_count));
  if (counts.length) row(c.counts, listOf(counts, {}));
  var local = Array.isArray(a.local_options) ? a.local_options.filter(function (x) { return typeof x === "string"; }) : [];
  row(c.local, local.length ? listOf(local, s.treatments) : el("span", { text: c.localNone }));
  if (!notApplicable || a.trial_prescreen) {
    var tp = c.trialWords[a.trial_prescreen] ? a.trial_prescreen : "unknown";
    row(c.trial, el("span", {}, [el("strong", { text: c.trialWords[tp] }), c.trialTail]));
  }
  if (Array.isArray(a.citations) && a.citations.length) row(c.sources, this.citationList(a.citations));
  var uid = "lic-card-" + randomId().slice(0, 6);
  // An article, not a named section: a section with a name is a region landmark, and two cards (a corrected
  // assessment) would make two landmarks with the same name (axe landmark-unique).
  return el("article", { className: "card assessment", "aria-labelledby": uid, "data-category": String(a.category || "") }, [
    el("h3", { id: uid, text: c.title }),
    el("div", { className: "body" }, [
      dl,
      diagram ? this.renderDiagram(diagram) : null,
      el("p", { className: "note", text: c.note }),
      el("button", { type: "button", className: "download", text: s.download, onclick: function () { self.downloadSummary(); } })
    ])
  ]);
};

/* The urgent_help card: who to call for which symptoms. Every string is text (textContent), never markup. */
Widget.prototype.renderUrgent = function (u) {
  var s = this.s;
  var uid = "lic-urgent-" + randomId().slice(0, 6);
  var body = el("div", { className: "body" });
  if (u.intro) body.appendChild(el("p", { className: "intro", text: u.intro }));
  u.routes.forEach(function (r, i) {
    var rid = uid + "-" + i;
    var tel = telUrl(r.phone);
    var phone = !r.phone ? null : tel
      ? el("a", { className: "phone", href: tel }, [icon(ICON_PHONE), el("span", { text: s.urgent.call + " " + r.phone })])
      : el("p", { className: "phone", text: r.phone });
    body.appendChild(el("div", { className: "route", role: "group", "aria-labelledby": rid }, [
      el("h4", { id: rid, className: "call", text: r.call || r.phone }),
      phone,
      r.symptoms.length ? el("p", { className: "lead", text: s.urgent.ifAny }) : null,
      r.symptoms.length ? el("ul", {}, r.symptoms.map(function (x) { return el("li", { text: x }); })) : null
    ]));
  });
  if (u.closing) body.appendChild(el("p", { className: "closing", text: u.closing }));
  return el("article", { className: "card urgent-help", "aria-labelledby": uid }, [
    el("h3", { id: uid }, [icon(ICON_URGENT), el("span", { text: u.title })]),
    body
  ]);
};

Widget.prototype.renderSources = function (citations, review) {
  // The item's clinical review status under its sources: "Reviewed by … on …" or "Not yet reviewed by a clinician".
  var parts = [el("span", { text: this.s.sources }), this.citationList(citations)];
  if (review) parts.push(el("p", { className: "review-line", text: review }));
  return el("div", { className: "msg bot sources" }, parts);
};

Widget.prototype.renderSummaryReady = function () {
  var self = this;
  return el("div", { className: "card summary-ready" }, [
    el("div", { className: "body" }, [
      el("p", { text: this.s.summaryReady }),
      el("button", { type: "button", className: "primary download", text: this.s.download,
        onclick: function () { self.downloadSummary(); } })
    ])
  ]);
};

Widget.prototype.scrollToEnd = function () {
  var log = this.log;
  log.scrollTop = log.scrollHeight;
};

/* Scrolls the log (only the log, never the host page) so that `node` starts at its top, if it is taller. */
Widget.prototype.scrollToStart = function (node) {
  if (!node || node.parentNode !== this.log) return;
  var log = this.log;
  var top = node.getBoundingClientRect().top - log.getBoundingClientRect().top;
  if (top < 0) log.scrollTop += top - 8;
};

/* ---------------- summary file */

Widget.prototype.latest = function (type) {
  for (var i = this.items.length - 1; i >= 0; i--) if (this.items[i].t === type) return this.items[i].data;
  return null;
};

Widget.prototype.latestItem = function (type) {
  for (var i = this.items.length - 1; i >= 0; i--) if (this.items[i].t === type) return this.items[i];
  return null;
};

/* The newest summary payload, completed from the newest earlier one with the same category (a later
   "how do I raise this" summary carries no sources) for the fields it lacks. */
Widget.prototype.summaryData = function () {
  var summaries = this.items.filter(function (i) { return i.t === "summary" && isObject(i.data); })
    .map(function (i) { return i.data; });
  var latest = summaries.length ? summaries[summaries.length - 1] : {};
  var out = {};
  for (var k in latest) if (Object.prototype.hasOwnProperty.call(latest, k)) out[k] = latest[k];
  ["reasons", "diagram", "sources", "category", "term"].forEach(function (key) {
    if (out[key] != null) return;
    for (var i = summaries.length - 1; i >= 0; i--) {
      var s = summaries[i];
      if (s[key] != null && (!out.situation || !s.situation || s.situation === out.situation)) { out[key] = s[key]; return; }
    }
  });
  return out;
};

/* The sanitised SVG of a diagram as markup for the summary file: what importSvg kept, serialised. */
function svgMarkup(d, label) {
  var svg = d && d.svg ? importSvg(d.svg) : null;
  if (!svg) return "";
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("class", "diagram-svg");
  return new XMLSerializer().serializeToString(svg);
}

var SUMMARY_CSS =
  "@page{size:A4;margin:16mm 15mm}" +
  "body{font-family:system-ui,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b;max-width:44em;margin:2em auto;padding:0 1em}" +
  "h1{font-size:1.55em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.3em 0 .4em;border-bottom:1px solid #999;break-after:avoid;page-break-after:avoid}" +
  "dl{margin:0}dt{font-weight:700;margin-top:.5em}dd{margin:0}.meta,.note,.review{color:#4a4a4a}.note{margin-top:1.6em;font-size:.9em}" +
  ".clinician{border:1px solid #999;padding:.5em .7em;font-size:.9em;margin:.8em 0}" +
  "li{margin:.2em 0}a{color:#0b4f8a;overflow-wrap:anywhere}.review{font-size:.9em;display:block}" +
  "h3{break-after:avoid;page-break-after:avoid}.picture{break-inside:avoid;page-break-inside:avoid}" +
  "figure{margin:.4em 0;break-inside:avoid;page-break-inside:avoid}figure svg{display:block;width:100%;max-width:22em;height:auto}" +
  ".sources li{break-inside:avoid;page-break-inside:avoid}" +
  ".d-box{fill:#f4f7fb;stroke:#6b6b6b}.d-chip{fill:#fff;stroke:#6b6b6b}.d-chip.on{fill:#0b4f8a;stroke:#0b4f8a}" +
  ".d-dot{fill:#fff;stroke:#0b4f8a}.d-dot.on{fill:#0b4f8a}.d-end{fill:#fff;stroke:#0b4f8a}" +
  "text{fill:#1b1b1b}text.on{fill:#fff}text.d-muted{fill:#4a4a4a}.d-arrow{stroke:#1b1b1b}.d-arrow-head{fill:#1b1b1b}" +
  "@media print{body{margin:0;max-width:none;font-size:11.5pt}a{color:#000}}";

Widget.prototype.summaryHtml = function () {
  var s = this.s;
  var f = s.file;
  var c = s.card;
  var summary = this.summaryData();
  var aItem = this.latestItem("assessment");
  var a = aItem ? aItem.data : null;
  var asked = this.items.filter(function (i) { return i.t === "user" && /\?/.test(i.text); })
    .map(function (i) { return i.text; });
  var parts = [];
  function list(items, tag) {
    tag = tag || "ul";
    return "<" + tag + ">" + items.map(function (x) { return "<li>" + escapeHtml(plainText(x)) + "</li>"; }).join("") + "</" + tag + ">";
  }
  function strings(x) { return Array.isArray(x) ? x.filter(function (v) { return typeof v === "string"; }) : []; }
  function citationHtml(ci) {
    if (!isObject(ci)) return "";
    var href = ci.doi ? doiUrl(ci.doi) : ci.url ? safeHttpsUrl(ci.url) : null;
    var label = escapeHtml(ci.label || ci.doi || "");
    return label + (href ? " — <a href=\"" + escapeHtml(href) + "\">" + escapeHtml(href) + "</a>" : "");
  }
  var title = typeof summary.title === "string" ? summary.title : f.title;
  var clinic = typeof summary.clinic === "string" ? summary.clinic : this.opt.clinic || "";
  var made = typeof summary.date_text === "string" && summary.date_text ? summary.date_text
    : new Date().toLocaleDateString(this.lang, { year: "numeric", month: "long", day: "numeric" });
  parts.push("<header><h1>" + escapeHtml(title) + "</h1>");
  parts.push("<p class=meta>" + (clinic ? escapeHtml(f.clinic + ": " + clinic) + " · " : "") + escapeHtml(f.made + " " + made) + "</p></header>");
  parts.push("<main>");
  if (strings(summary.what_i_told).length) parts.push("<h2>" + escapeHtml(f.told) + "</h2>" + list(strings(summary.what_i_told)));
  var situation = typeof summary.situation === "string" ? summary.situation : null;
  if (a || situation) {
    parts.push("<h2>" + escapeHtml(f.situation) + "</h2>");
    var rows = [];
    var name = situation || (a && (a.category_name || s.categories[a.category])) || "";
    if (typeof summary.term === "string" && summary.term) name += " (" + summary.term + ")";
    rows.push([c.category, name]);
    if (a) {
      var na = a.category === "not_metastatic" || a.category === "not_nsclc";
      rows.push([c.definition, na ? c.defNA : a.within_definition === true ? c.defYes : a.within_definition === false ? c.defNo : c.defUnknown]);
      var counts = [];
      if (typeof a.metastasis_count === "number") counts.push(c.outside(a.metastasis_count));
      if (typeof a.brain_metastasis_count === "number") counts.push(c.brain(a.brain_metastasis_count));
      if (typeof a.organ_count === "number") counts.push(c.organs(a.organ_count));
      if (counts.length) rows.push([c.counts, counts.join("; ")]);
      var local = strings(a.local_options);
      rows.push([c.local, local.length ? local.map(function (x) { return s.treatments[x] || x; }).join("; ") : c.localNone]);
      if (!na) {
        var tp = c.trialWords[a.trial_prescreen] ? a.trial_prescreen : "unknown";
        rows.push([c.trial, c.trialWords[tp] + c.trialTail]);
      }
    }
    parts.push("<dl>" + rows.map(function (r) { return "<dt>" + escapeHtml(r[0]) + "</dt><dd>" + escapeHtml(r[1]) + "</dd>"; }).join("") + "</dl>");
    if (strings(summary.reasons).length) parts.push("<h3>" + escapeHtml(f.reasons) + "</h3>" + list(strings(summary.reasons)));
    var d = cleanDiagram(summary.diagram) || (aItem && aItem.diagram) || null;
    if (d) {
      var markup = svgMarkup(d, d.title || c.diagram);
      parts.push("<section class=picture><h3>" + escapeHtml(f.picture) + "</h3><figure>" + markup + "<figcaption>" +
        list(d.steps, "ol") + "</figcaption></figure></section>");
    }
  }
  if (strings(summary.questions).length) parts.push("<h2>" + escapeHtml(f.questionsTeam) + "</h2>" + list(strings(summary.questions)));
  if (asked.length) parts.push("<h2>" + escapeHtml(f.asked) + "</h2>" + list(asked));
  var srcs = Array.isArray(summary.sources) ? summary.sources.filter(isObject) : [];
  if (srcs.length) {
    parts.push("<h2>" + escapeHtml(f.sources) + "</h2><ul class=sources>" + srcs.map(function (src) {
      var cites = (Array.isArray(src.citations) ? src.citations : []).map(citationHtml).filter(Boolean);
      return "<li><strong>" + escapeHtml(src.title || src.id || "") + "</strong>" +
        (cites.length ? "<br>" + cites.join("<br>") : "") +
        "<span class=review>" + escapeHtml(f.review + " " + (typeof src.review === "string" && src.review ? src.review : "Not yet reviewed by a clinician")) + "</span></li>";
    }).join("") + "</ul>");
  } else if (a && Array.isArray(a.citations) && a.citations.length) {
    parts.push("<h2>" + escapeHtml(f.sources) + "</h2><ul class=sources>" + a.citations.map(function (ci) {
      var h = citationHtml(ci);
      return h ? "<li>" + h + "</li>" : "";
    }).join("") + "</ul>");
  }
  if (!a && !situation && !asked.length && !strings(summary.what_i_told).length) parts.push("<p>" + escapeHtml(f.empty) + "</p>");
  if (typeof summary.contact === "string") parts.push("<h2>" + escapeHtml(f.contact) + "</h2><p>" + escapeHtml(summary.contact) + "</p>");
  if (a || situation) parts.push("<p class=clinician>" + escapeHtml(f.forClinician) + "</p>");
  parts.push("<p class=note>" + escapeHtml(typeof summary.note === "string" ? summary.note : f.note) + "</p>");
  parts.push("</main>");
  return "<!doctype html>\n<html lang=\"" + this.lang + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + escapeHtml(title) + "</title><style>" + SUMMARY_CSS +
    "</style></head><body>\n" + parts.join("\n") + "\n</body></html>\n";
};

Widget.prototype.downloadSummary = function () {
  var html = this.summaryHtml();
  var blob = new Blob([html], { type: "text/html;charset=utf-8" });
  var url = URL.createObjectURL(blob);
  var a = el("a", { href: url, download: "appointment-summary.html", hidden: true });
  this.root.appendChild(a);
  a.click();
  this.root.removeChild(a);
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  this.announce(this.s.downloaded);
};

/* ---------------- start again / forget */

Widget.prototype.askRestart = function () {
  this.confirmBox.hidden = false;
  this.restartBtn.setAttribute("aria-expanded", "true");
  this.confirmYes.focus();
};

Widget.prototype.hideRestart = function (focus) {
  this.confirmBox.hidden = true;
  this.restartBtn.setAttribute("aria-expanded", "false");
  if (focus) this.restartBtn.focus();
};

Widget.prototype.newConversation = function () {
  this.items = [];
  this.turnTexts = [];
  this.sessionId = randomId();
  this.store.set(this.keys.session, this.sessionId);
  this.save();
  if (this.transport) this.transport.newSession();
};

Widget.prototype.restart = function () {
  this.newConversation();
  this.hideRestart(false);
  this.renderAll();
  this.add({ t: "note", text: this.s.cleared });
  this.announce(this.s.cleared);
  this.input.focus();
};

/* The bot deleted the conversation: keep only its confirmation, and forget the session on this device. */
Widget.prototype.forget = function () {
  var texts = this.turnTexts.slice();
  this.newConversation();
  this.renderAll();
  var self = this;
  texts.forEach(function (t) { self.add({ t: "bot", text: t }); });
};

Widget.prototype.destroy = function () {
  if (this.transport) this.transport.close();
  clearTimeout(this.slowTimer);
  if (this.host.parentNode) this.host.parentNode.removeChild(this.host);
};

/* ------------------------------------------------------------------ public API */

function publicApi(w) {
  return {
    open: function () { w.open(true); },
    close: function () { w.close(false); },
    restart: function () { w.restart(); },
    destroy: function () { w.destroy(); },
    get state() { return w.state; }
  };
}

function mount(options) {
  if (!options || !options.server) throw new Error("LungInfoChat: the `server` option (Rasa URL) is required");
  return publicApi(new Widget(options));
}

function optionsFromScript(script) {
  var d = script.dataset;
  return {
    server: d.server,
    title: d.title,
    clinic: d.clinic,
    lang: d.lang || document.documentElement.lang || "en",
    greeting: d.greeting,
    launcherLabel: d.launcherLabel,
    position: d.position,
    storage: d.storage,
    socketPath: d.socketPath,
    open: d.open === "true"
  };
}

var api = window.LungInfoChat || {};
if (!api.mount) {
  api.version = VERSION;
  api.mount = mount;
  window.LungInfoChat = api;
  var script = document.currentScript;
  if (script && script.dataset && script.dataset.autostart !== "false") {
    var opts = optionsFromScript(script);
    var start = function () {
      if (!opts.server) { if (window.console) console.error("LungInfoChat: data-server is missing on the script tag"); return; }
      api.widget = mount(opts);
    };
    if (document.body) start();
    else document.addEventListener("DOMContentLoaded", start);
  }
}
