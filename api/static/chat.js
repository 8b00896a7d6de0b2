/* The chat page (/): Schakel over Rasa's Socket.IO channel (long-polling), like the
 * widget. The server issues the session id and its token; both live in localStorage,
 * so a reload keeps the conversation (and nobody joins it with the id alone).
 * Messages are always rendered as text, never as HTML. */
/* global io */
(() => {
  "use strict";
  const pagina = document.getElementById("chat");
  const server = pagina.dataset.rasaUrl || window.location.origin;
  const gesprek = document.getElementById("gesprek");
  const status = document.getElementById("status");
  const veld = document.getElementById("bericht");
  const opslag = window.localStorage;
  const sessie = JSON.parse(opslag.getItem("schakel-sessie") || "{}");
  const geschiedenis = JSON.parse(opslag.getItem("schakel-geschiedenis") || "[]");
  let bevestigd = false;
  const wachtrij = [];

  function toon(wie, tekst, knoppen, bewaar = true) {
    const li = document.createElement("li");
    li.className = wie;
    li.textContent = tekst || "";
    if (knoppen && knoppen.length) {
      const rij = document.createElement("div");
      rij.className = "knoppen";
      for (const knop of knoppen) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = knop.title;
        b.addEventListener("click", () => stuur(knop.payload, knop.title));
        rij.appendChild(b);
      }
      li.appendChild(rij);
    }
    gesprek.appendChild(li);
    li.scrollIntoView({block: "end"});
    if (bewaar) {
      geschiedenis.push({wie, tekst, knoppen: knoppen || []});
      opslag.setItem("schakel-geschiedenis", JSON.stringify(geschiedenis.slice(-200)));
    }
  }

  const socket = io(server, {path: "/socket.io", transports: ["polling"], upgrade: false});
  socket.on("connect", () => {
    socket.emit("session_request", {session_id: sessie.id || "", session_token: sessie.token || ""});
  });
  socket.on("session_confirm", (bevestiging) => {
    if (!bevestiging || typeof bevestiging.session_id !== "string") return;
    const nieuw = bevestiging.session_id !== sessie.id;
    sessie.id = bevestiging.session_id;
    sessie.token = bevestiging.session_token;
    opslag.setItem("schakel-sessie", JSON.stringify(sessie));
    bevestigd = true;
    status.textContent = "";
    if (nieuw && !geschiedenis.length) verstuur("hallo");
    while (wachtrij.length) verstuur(wachtrij.shift());
  });
  socket.on("bot_uttered", (bericht) => {
    if (!bericht || typeof bericht !== "object") return;
    const tekst = typeof bericht.text === "string" ? bericht.text : "";
    const knoppen = (bericht.quick_replies || bericht.buttons || []).filter(
      (k) => k && typeof k.title === "string" && typeof k.payload === "string");
    if (!tekst && !knoppen.length) return;
    toon(bericht.van === "adviseur" ? "adviseur" : "bot", tekst, knoppen);
    status.textContent = "";
  });
  socket.on("disconnect", () => {
    bevestigd = false;
    status.textContent = "De verbinding is even weg. Ik probeer het opnieuw…";
  });
  socket.on("connect_error", () => {
    status.textContent = "Het lukt nu niet om Schakel te bereiken. Ik probeer het opnieuw…";
  });

  function verstuur(bericht) {
    socket.emit("user_uttered", {message: bericht, session_id: sessie.id});
    status.textContent = "Schakel typt…";
  }

  function stuur(bericht, label) {
    toon("ik", label || bericht);
    if (bevestigd) verstuur(bericht);
    else wachtrij.push(bericht);
  }

  for (const m of geschiedenis) toon(m.wie, m.tekst, m.knoppen, false);
  document.getElementById("invoer").addEventListener("submit", (e) => {
    e.preventDefault();
    const tekst = veld.value.trim();
    if (!tekst) return;
    veld.value = "";
    stuur(tekst);
  });
  veld.focus();
})();
