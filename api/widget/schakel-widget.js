/* Schakel chat widget: talks to Rasa's socketio channel over long-polling.
 *
 * The API serves this file wrapped together with the vendored socket.io client as
 * /widget/schakel-widget.js; the wrapper hands the client in as `io`.
 * Configuration comes from the data- attributes of the <script> tag (see README).
 *
 * Rules kept here:
 * - every message is rendered with textContent / createElement, never as HTML;
 * - links only for http(s) URLs, opened with rel="noopener noreferrer";
 * - the session id, its token (issued by the server: an id alone never joins a
 *   conversation) and the conversation live in localStorage, so a reload keeps them;
 * - everything lives in a shadow root, so the website's CSS and ours do not mix.
 */
/* global io */
(function (document, window) {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__schakelWidget) return;
  window.__schakelWidget = true;

  var data = script.dataset || {};
  var scriptOrigin = new URL(script.src, window.location.href).origin;
  var CONFIG = {
    server: (data.server || scriptOrigin).replace(/\/+$/, ""),
    socketPath: data.socketPad || "/socket.io",
    titel: data.titel || "Schakel",
    ondertitel: data.ondertitel === undefined
      ? "Je digitale hulp voor vragen over je bedrijf" : data.ondertitel,
    kleur: data.kleur || "#0b4f8a",
    openingstekst: data.openingstekst || "",
    start: data.start === undefined ? "/greet" : data.start,
    knoptekst: data.knoptekst || "Chat met Schakel",
    positie: data.positie === "links" ? "links" : "rechts",
    transports: (data.transports || "polling").split(",").map(function (t) { return t.trim(); }),
    open: data.open === "true",
  };
  var STORAGE_KEY = "schakel-widget:" + CONFIG.server;
  var MAX_STORED = 200;
  var TYPING_TIMEOUT_MS = 20000;

  // ---------- colours (WCAG AA: pick the text colour with enough contrast) ----------
  function rgb(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex).trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }
  function luminance(c) {
    var v = c.map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  var primary = rgb(CONFIG.kleur) || rgb("#0b4f8a");
  var WHITE = [255, 255, 255], DARK = [27, 27, 27];
  var primaryHex = "rgb(" + primary.join(",") + ")";
  // Text on the primary colour: white or dark, whichever contrasts more.
  var onPrimary = contrast(primary, WHITE) >= contrast(primary, DARK) ? "#ffffff" : "#1b1b1b";
  // The primary colour as text on white only when it is readable; otherwise dark text.
  var accent = contrast(primary, WHITE) >= 4.5 ? primaryHex : "#1b1b1b";

  var CSS = [
    ":host { all: initial; }",
    "* { box-sizing: border-box; }",
    ".schakel { font: 16px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  color: #1b1b1b; position: fixed; bottom: 1rem; z-index: 2147483000; }",
    ".schakel.rechts { right: 1rem; } .schakel.links { left: 1rem; }",
    ".starter { font: inherit; font-weight: 600; cursor: pointer; border: 2px solid " + onPrimary + ";",
    "  background: var(--primair); color: var(--op-primair); border-radius: 2rem;",
    "  padding: .75rem 1.2rem; box-shadow: 0 2px 10px rgba(0,0,0,.3); display: flex;",
    "  align-items: center; gap: .5rem; }",
    ".starter svg { width: 1.3rem; height: 1.3rem; fill: currentColor; }",
    ".paneel { width: min(23rem, calc(100vw - 2rem)); height: min(38rem, calc(100vh - 2rem));",
    "  background: #fff; border: 1px solid #8a94a3; border-radius: .8rem; display: flex;",
    "  flex-direction: column; overflow: hidden; box-shadow: 0 6px 28px rgba(0,0,0,.3); }",
    ".paneel[hidden], .starter[hidden], [hidden] { display: none !important; }",
    "header { background: var(--primair); color: var(--op-primair); padding: .7rem .9rem;",
    "  display: flex; align-items: flex-start; gap: .5rem; }",
    "header div { flex: 1; }",
    "h2 { font-size: 1.1rem; margin: 0; }",
    "header p { margin: .15rem 0 0; font-size: .9rem; }",
    ".sluit { font: inherit; font-size: 1.4rem; line-height: 1; cursor: pointer; background: none;",
    "  color: inherit; border: 2px solid transparent; border-radius: .3rem; padding: .1rem .45rem; }",
    ".gesprek { list-style: none; margin: 0; padding: .8rem; flex: 1; overflow-y: auto; }",
    ".gesprek li { margin: 0 0 .6rem; display: flex; flex-direction: column; }",
    ".bel { padding: .55rem .8rem; border-radius: .8rem; max-width: 88%; white-space: pre-wrap;",
    "  overflow-wrap: anywhere; }",
    ".bot .bel, .adviseur .bel { background: #eef1f5; color: #1b1b1b; align-self: flex-start;",
    "  border-bottom-left-radius: .2rem; }",
    ".adviseur .bel { background: #fff4d6; border: 1px solid #b38600; }",
    ".afzender { font-size: .8rem; color: #4a5361; margin: 0 0 .15rem .2rem; }",
    ".ik .bel { background: var(--primair); color: var(--op-primair); align-self: flex-end;",
    "  border-bottom-right-radius: .2rem; }",
    ".systeem .bel { background: none; color: #4a5361; font-size: .9rem; align-self: center;",
    "  text-align: center; }",
    ".bel a { color: inherit; text-decoration: underline; }",
    ".knoppen { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .45rem; }",
    ".knoppen button { font: inherit; font-size: .95rem; cursor: pointer; background: #fff;",
    "  color: var(--accent); border: 2px solid var(--accent); border-radius: 1rem;",
    "  padding: .3rem .8rem; text-align: left; }",
    ".knoppen button:hover:not(:disabled) { background: #eef1f5; }",
    ".knoppen button:disabled { cursor: default; color: #4a5361; border-color: #8a94a3; }",
    ".knoppen button[aria-pressed=true] { background: #eef1f5; color: #1b1b1b; border-color: #1b1b1b; }",
    ".status { min-height: 1.6rem; margin: 0; padding: .1rem .9rem; font-size: .9rem; color: #4a5361; }",
    ".typt::after { content: ''; display: inline-block; width: 1.2em; text-align: left;",
    "  animation: punten 1.2s steps(4, end) infinite; }",
    "@keyframes punten { 0% { content: ''; } 25% { content: '.'; } 50% { content: '..'; }",
    "  75% { content: '...'; } }",
    "@media (prefers-reduced-motion: reduce) { .typt::after { animation: none; content: '…'; } }",
    "form { display: flex; gap: .4rem; padding: .6rem; border-top: 1px solid #c9d0da; }",
    "input { flex: 1; min-width: 0; font: inherit; padding: .55rem .6rem; border: 2px solid #6b7280;",
    "  border-radius: .4rem; color: #1b1b1b; background: #fff; }",
    "form button { font: inherit; font-weight: 600; cursor: pointer; background: var(--primair);",
    "  color: var(--op-primair); border: 2px solid var(--primair); border-radius: .4rem;",
    "  padding: .5rem .9rem; }",
    ":focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px;",
    "  box-shadow: 0 0 0 5px #fff; }",
    ".verborgen { position: absolute; width: 1px; height: 1px; overflow: hidden;",
    "  clip: rect(0 0 0 0); white-space: nowrap; }",
  ].join("\n");

  // ---------- stored state ----------
  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (stored && typeof stored.sessie === "string" && Array.isArray(stored.berichten)) {
        return stored;
      }
    } catch (e) { /* unreadable or blocked storage: start fresh */ }
    return null;
  }
  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var state = load() || { sessie: newSessionId(), berichten: [], open: false, gestart: false };
  function save() {
    state.berichten = state.berichten.slice(-MAX_STORED);
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* full */ }
  }

  // ---------- DOM ----------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var host = el("div", { id: "schakel-widget" });
  var shadow = host.attachShadow({ mode: "open" });
  if (window.CSSStyleSheet && "adoptedStyleSheets" in shadow) {
    // A constructed stylesheet also works on sites with a strict style-src policy.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", null, CSS));
  }

  var root = el("div", { "class": "schakel " + CONFIG.positie });
  root.style.setProperty("--primair", primaryHex);
  root.style.setProperty("--op-primair", onPrimary);
  root.style.setProperty("--accent", accent);

  var starter = el("button", { type: "button", "class": "starter", "aria-expanded": "false",
                               "aria-controls": "schakel-paneel" });
  var SVG = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  var bubblePath = document.createElementNS(SVG, "path");
  bubblePath.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  icon.appendChild(bubblePath);
  var starterText = el("span", null, CONFIG.knoptekst);
  starter.appendChild(icon);
  starter.appendChild(starterText);

  var panel = el("section", { id: "schakel-paneel", "class": "paneel", role: "dialog",
                              "aria-modal": "false", "aria-labelledby": "schakel-titel" });
  panel.hidden = true;
  var header = el("header");
  var heading = el("div");
  heading.appendChild(el("h2", { id: "schakel-titel" }, CONFIG.titel));
  if (CONFIG.ondertitel) heading.appendChild(el("p", null, CONFIG.ondertitel));
  var close = el("button", { type: "button", "class": "sluit", "aria-label": "Chat sluiten",
                             title: "Chat sluiten" }, "×");
  header.appendChild(heading);
  header.appendChild(close);

  var log = el("ol", { "class": "gesprek", role: "log", "aria-live": "polite",
                       "aria-relevant": "additions", "aria-label": "Gesprek met " + CONFIG.titel,
                       tabindex: "0" });
  var status = el("p", { "class": "status", role: "status", "aria-live": "polite" });
  var form = el("form", { "aria-label": "Bericht sturen" });
  var inputId = "schakel-bericht";
  var label = el("label", { "for": inputId, "class": "verborgen" }, "Je bericht");
  var input = el("input", { id: inputId, type: "text", autocomplete: "off", maxlength: "2000",
                            placeholder: "Typ je vraag…", enterkeyhint: "send" });
  var send = el("button", { type: "submit" }, "Verstuur");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(starter);
  shadow.appendChild(root);

  // ---------- rendering (text only) ----------
  var LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;

  function safeUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Text with markdown links [label](https://…) and bare http(s) URLs as safe links.
  function appendText(parent, text) {
    var last = 0;
    var match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(text)) !== null) {
      var href = safeUrl(match[2] || match[3]);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" },
                 match[1] || match[3]);
      a.appendChild(el("span", { "class": "verborgen" }, " (opent in een nieuw venster)"));
      parent.appendChild(a);
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  var SPEAKER = { ik: "Jij", bot: CONFIG.titel, adviseur: "Adviseur", systeem: "" };

  function render(message, active) {
    var li = el("li", { "class": message.wie });
    if (message.wie === "adviseur") {
      li.appendChild(el("p", { "class": "afzender", "aria-hidden": "true" },
                        message.naam ? message.naam + " (adviseur)" : "Adviseur van het MKB Schakelteam"));
    }
    var bubble = el("div", { "class": "bel" });
    var speaker = message.wie === "adviseur"
      ? (message.naam ? message.naam + " (adviseur)" : "Adviseur") : SPEAKER[message.wie];
    if (speaker) bubble.appendChild(el("span", { "class": "verborgen" }, speaker + ": "));
    var body = el("span", { "class": "tekst" });
    appendText(body, String(message.tekst || ""));
    if (message.afbeelding) {
      if (message.tekst) body.appendChild(document.createTextNode("\n"));
      appendText(body, "[Afbeelding bekijken](" + message.afbeelding + ")");
    }
    bubble.appendChild(body);
    li.appendChild(bubble);
    if (message.knoppen && message.knoppen.length) {
      var group = el("div", { "class": "knoppen", role: "group", "aria-label": "Keuzes" });
      message.knoppen.forEach(function (knop, index) {
        var button = el("button", { type: "button" }, knop.title);
        button.disabled = !active;
        if (message.gekozen === index) button.setAttribute("aria-pressed", "true");
        button.addEventListener("click", function () {
          message.gekozen = index;
          button.setAttribute("aria-pressed", "true");
          sendMessage(knop.payload, knop.title);
        });
        group.appendChild(button);
      });
      li.appendChild(group);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  function disableOldButtons() {
    var buttons = log.querySelectorAll(".knoppen button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
  }

  function show(message) {
    if (message.wie === "ik") disableOldButtons();
    state.berichten.push(message);
    save();
    render(message, message.wie !== "ik");
  }

  function restore() {
    var lastWithButtons = -1;
    state.berichten.forEach(function (m, i) { if (m.knoppen && m.knoppen.length) lastWithButtons = i; });
    var anyUserAfter = state.berichten.slice(lastWithButtons + 1).some(function (m) { return m.wie === "ik"; });
    state.berichten.forEach(function (m, i) {
      render(m, i === lastWithButtons && !anyUserAfter && m.gekozen === undefined);
    });
  }

  // ---------- status line ----------
  var typingTimer = null;
  function setStatus(text, typing) {
    status.textContent = text || "";
    status.classList.toggle("typt", Boolean(typing));
  }
  function typing(on) {
    window.clearTimeout(typingTimer);
    if (on) {
      setStatus(CONFIG.titel + " typt", true);
      typingTimer = window.setTimeout(function () { setStatus(""); }, TYPING_TIMEOUT_MS);
    } else if (status.classList.contains("typt")) {
      setStatus("");
    }
  }

  // ---------- the connection ----------
  var socket = null;
  var confirmed = false;
  var pending = [];  // messages typed while the connection was down

  function emitUser(payload) {
    socket.emit("user_uttered", { message: payload, session_id: state.sessie });
  }

  function connect() {
    if (socket) return;
    socket = io(CONFIG.server, {
      path: CONFIG.socketPath,
      transports: CONFIG.transports,
      upgrade: CONFIG.transports.indexOf("websocket") !== -1,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    socket.on("connect", function () {
      // Every (re)connection joins the same conversation again.
      socket.emit("session_request", { session_id: state.sessie, session_token: state.token || "" });
    });
    socket.on("session_confirm", function (sessie) {
      // The server's session: ours when the token was valid, else a fresh one.
      if (sessie && typeof sessie.session_id === "string" && typeof sessie.session_token === "string") {
        state.sessie = sessie.session_id;
        state.token = sessie.session_token;
        save();
      }
      var wasDown = !confirmed && status.dataset.weg === "ja";
      confirmed = true;
      status.dataset.weg = "";
      if (wasDown) {
        setStatus("De verbinding is terug.");
        window.setTimeout(function () {
          if (status.textContent === "De verbinding is terug.") setStatus("");
        }, 4000);
      }
      if (!state.gestart) {
        state.gestart = true;
        save();
        if (CONFIG.start) {
          typing(true);
          emitUser(CONFIG.start);
        }
      }
      while (pending.length) {
        emitUser(pending.shift());
        typing(true);
      }
    });
    socket.on("bot_uttered", function (message) {
      if (!message || typeof message !== "object") return;
      typing(false);
      var text = typeof message.text === "string" ? message.text : "";
      var buttons = (message.quick_replies || message.buttons || []).filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      }).map(function (b) { return { title: b.title, payload: b.payload }; });
      var image = null;
      if (message.attachment && message.attachment.type === "image" && message.attachment.payload) {
        image = safeUrl(message.attachment.payload.src);
      }
      if (!text && !buttons.length && !image) return;
      var who = message.van === "adviseur" ? "adviseur" : "bot";
      var entry = { wie: who, tekst: text, knoppen: buttons };
      if (who === "adviseur") {
        // "Anne (adviseur): tekst" → header "Anne (adviseur)", bubble "tekst".
        var named = /^([^\n:]{1,40}) \(adviseur\): ?([\s\S]*)$/.exec(text);
        if (named) {
          entry.naam = named[1];
          entry.tekst = named[2];
        }
      }
      if (image) entry.afbeelding = image;
      show(entry);
      if (panel.hidden) starterText.textContent = CONFIG.knoptekst + " (nieuw bericht)";
    });
    socket.on("disconnect", function (reason) {
      confirmed = false;
      typing(false);
      status.dataset.weg = "ja";
      setStatus("De verbinding is even weg. Ik probeer het opnieuw…");
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", function () {
      status.dataset.weg = "ja";
      setStatus("Ik kan " + CONFIG.titel + " nu niet bereiken. Ik probeer het opnieuw…");
    });
  }

  function sendMessage(payload, shownText) {
    show({ wie: "ik", tekst: shownText || payload });
    if (confirmed) {
      emitUser(payload);
      typing(true);
    } else {
      pending.push(payload);
      setStatus("Je bericht wordt verstuurd zodra de verbinding terug is.");
    }
  }

  // ---------- opening and closing ----------
  function openPanel(focusInput) {
    panel.hidden = false;
    starter.hidden = true;
    starterText.textContent = CONFIG.knoptekst;
    starter.setAttribute("aria-expanded", "true");
    state.open = true;
    if (!state.berichten.length && CONFIG.openingstekst) {
      show({ wie: "bot", tekst: CONFIG.openingstekst, knoppen: [] });
    }
    save();
    connect();
    log.scrollTop = log.scrollHeight;
    if (focusInput) input.focus();
  }
  function closePanel() {
    panel.hidden = true;
    starter.hidden = false;
    starter.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    starter.focus();
  }

  starter.addEventListener("click", function () { openPanel(true); });
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    sendMessage(text);
  });

  function mount() {
    document.body.appendChild(host);
    restore();
    if (state.open || CONFIG.open) openPanel(false);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  // A small API for the hosting page (and the tests).
  window.SchakelWidget = {
    open: function () { openPanel(true); },
    close: closePanel,
    sessie: function () { return state.sessie; },
    nieuwGesprek: function () {
      try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* ignore */ }
    },
  };
})(document, window);
