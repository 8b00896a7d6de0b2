// The adviser page (/adviseur): queue, one overdracht, claim, reply, release, close.
(() => {
  "use strict";
  // Every piece of data is rendered with textContent, never as HTML.
  const API = "/api/v1";
  const TOKEN_KEY = "schakel-adviseur-token";
  // The choices for the filters come with the page, as a JSON data block.
  const KEUZES = JSON.parse(document.getElementById("adviseur-keuzes").textContent);
  const THEMAS = KEUZES.themas;
  const REGIOS = KEUZES.regios;
  const NAMEN = {
    status: {nieuw: "Nieuw", geclaimd: "Geclaimd", vrijgegeven: "Vrijgegeven", gesloten: "Gesloten"},
    urgentie: {hoog: "Hoog", normaal: "Normaal", laag: "Laag"},
    reden: {verzoek: "Wil een adviseur spreken", onbegrip: "Schakel begreep de vraag niet",
            gevoelig: "Gevoelige situatie", na_scan: "Na de bedrijfsscan",
            complexe_vraag: "Complexe vraag"},
    kanaal: {rest: "Website", socketio: "Chat op de website", twilio: "WhatsApp",
             botframework: "Microsoft Teams"},
    uitkomst: {opgelost: "Opgelost", doorverwezen: "Doorverwezen", geen_contact: "Geen contact gekregen"},
    van: {ondernemer: "Ondernemer", bot: "Schakel", adviseur: "Adviseur", systeem: "Systeem",
          notitie: "Interne notitie"},
    contactvoorkeur: {email: "E-mail", telefoon: "Telefoon", chat: "Chat"},
  };
  const themaNaam = Object.fromEntries(THEMAS.map((t) => [t.id, t.naam]));
  const regioNaam = Object.fromEntries(REGIOS.map((r) => [r.id, r.naam]));
  const $ = (id) => document.getElementById(id);
  const opslag = window.sessionStorage;
  let gekozen = null;  // id of the open overdracht
  let huidige = null;  // its last loaded detail
  let mijnNaam = null;  // who this token belongs to (GET /medewerkers/ik)
  const mijnClaims = new Set();  // ids this page claimed
  const WACHTDOEL_MINUTEN = 5;  // waiting longer than this is marked in the queue

  function el(tag, className, tekst) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (tekst !== undefined && tekst !== null) node.textContent = String(tekst);
    return node;
  }
  function naam(soort, waarde) {
    if (waarde === null || waarde === undefined || waarde === "") return "—";
    return (NAMEN[soort] && NAMEN[soort][waarde]) || String(waarde);
  }
  function tijd(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.toLocaleString("nl-NL", {timeZone: "Europe/Amsterdam", dateStyle: "medium",
                                       timeStyle: "short"});
  }
  function melding(node, tekst, fout = false) {
    node.textContent = tekst || "";
    node.classList.toggle("fout", Boolean(fout));
  }

  class ApiFout extends Error {
    constructor(status, tekst) { super(tekst); this.status = status; }
  }
  async function api(methode, pad, body) {
    const headers = {"Authorization": "Bearer " + opslag.getItem(TOKEN_KEY)};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let antwoord;
    try {
      antwoord = await fetch(API + pad, {method: methode, headers,
                                         body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiFout(0, "De server is niet bereikbaar. Probeer het zo nog eens.");
    }
    const data = await antwoord.json().catch(() => null);
    if (antwoord.status === 401) {
      uitloggen("Je token is onbekend of verlopen. Log opnieuw in.");
      throw new ApiFout(401, "Niet ingelogd.");
    }
    if (!antwoord.ok) {
      const tekst = (data && (data.detail || data.title)) || "Er ging iets mis.";
      throw new ApiFout(antwoord.status, tekst);
    }
    return data;
  }

  // --- Logging in and out ---
  function toonWerkblad(ingelogd) {
    $("inloggen").hidden = ingelogd;
    $("werkblad").hidden = !ingelogd;
    $("uitloggen").hidden = !ingelogd;
    $("wie-ingelogd").hidden = !ingelogd;
    $("beschikbaar-label").hidden = !ingelogd;
    $("meldingen-label").hidden = !ingelogd;
  }
  function uitloggen(reden) {
    if ($("beschikbaar").checked) {  // no longer available once logged out
      $("beschikbaar").checked = false;
      api("PUT", "/beschikbaarheid", {beschikbaar: false}).catch(() => {});
    }
    opslag.removeItem(TOKEN_KEY);
    gekozen = null;
    huidige = null;
    toonWerkblad(false);
    melding($("inlogmelding"), reden || "", Boolean(reden));
    $("token").value = "";
    $("token").focus();
  }
  async function inloggen(token) {
    opslag.setItem(TOKEN_KEY, token);
    try {
      await laadWachtrij();
    } catch (fout) {
      if (fout.status === 403) {
        uitloggen("Je rol heeft geen toegang tot de wachtrij.");
      } else if (fout.status !== 401) {
        uitloggen(fout.message);
      }
      return;
    }
    toonWerkblad(true);
    melding($("inlogmelding"), "");
    api("GET", "/medewerkers/ik").then((ik) => { mijnNaam = ik.naam; }).catch(() => {});
    laadSjablonen();
    const uitHash = /^#overdracht-(\d+)$/.exec(window.location.hash);
    if (uitHash) openOverdracht(Number(uitHash[1]));
    else $("filter-status").focus();
  }

  // --- The queue ---
  function vulKeuzes(select, keuzes) {
    for (const keuze of keuzes) {
      const optie = el("option", "", keuze.naam);
      optie.value = keuze.id;
      select.appendChild(optie);
    }
  }
  function filterQuery() {
    const params = new URLSearchParams();
    for (const veld of ["status", "urgentie", "thema", "regio"]) {
      const waarde = $("filter-" + veld).value;
      if (waarde) params.set(veld, waarde);
    }
    const zoekterm = $("zoekterm").value.trim();
    if (zoekterm) params.set("zoek", zoekterm);
    const query = params.toString();
    return query ? "?" + query : "";
  }
  function wachtrijItem(o) {
    const knop = el("button");
    knop.type = "button";
    knop.dataset.id = String(o.id);
    if (o.id === gekozen) knop.setAttribute("aria-current", "true");
    const kop = el("span", "rij");
    kop.append(el("span", "ref", o.referentie), el("span", "label " + o.urgentie, "Urgentie " + naam("urgentie", o.urgentie).toLowerCase()),
               el("span", "label " + o.status, naam("status", o.status)));
    const onderwerp = el("span", "", [o.thema ? (themaNaam[o.thema] || o.thema) : "Thema onbekend",
                                      o.regio ? (regioNaam[o.regio] || o.regio) : null]
                                     .filter(Boolean).join(" · "));
    const meta = el("span", "klein", naam("reden", o.reden) + " · " + tijd(o.aangemaakt_op) +
                    (o.geclaimd_door ? " · " + o.geclaimd_door.naam : ""));
    if (o.status === "nieuw" || o.status === "vrijgegeven") {
      const minuten = Math.max(0, Math.round((Date.now() - new Date(o.aangemaakt_op)) / 60000));
      kop.append(el("span", "label" + (minuten > WACHTDOEL_MINUTEN ? " lang" : ""),
                    "Wacht " + minuten + " min"));
    }
    if (o.teruggezet_op) kop.append(el("span", "label lang", "Terug: adviseur reageerde niet"));
    knop.append(kop, onderwerp, meta);
    knop.addEventListener("click", () => openOverdracht(o.id));
    const li = el("li");
    li.appendChild(knop);
    return li;
  }
  async function laadWachtrij() {
    const items = await api("GET", "/overdrachten" + filterQuery());
    const lijst = $("lijst");
    // Keep keyboard focus on the same overdracht when the list is rebuilt.
    const actief = document.activeElement;
    const focusId = actief && lijst.contains(actief) ? actief.dataset.id : null;
    lijst.replaceChildren(...items.map(wachtrijItem));
    meldNieuwe(items);
    if (focusId) {
      const zelfde = lijst.querySelector('button[data-id="' + focusId + '"]');
      (zelfde || $("wachtrij-titel")).focus();
    }
    melding($("wachtrijmelding"), items.length === 1 ? "1 overdracht" : items.length + " overdrachten");
  }

  // --- One overdracht ---
  function veld(dl, label, waarde) {
    dl.append(el("dt", "", label));
    const dd = el("dd");
    if (waarde instanceof Node) dd.appendChild(waarde); else dd.textContent = waarde;
    dl.appendChild(dd);
  }
  function mensLabel(sleutel) {
    const tekst = String(sleutel).replace(/_/g, " ");
    return tekst.charAt(0).toUpperCase() + tekst.slice(1);
  }
  function waardeNode(waarde) {
    if (waarde === null || waarde === undefined || waarde === "") return document.createTextNode("—");
    if (typeof waarde === "boolean") return document.createTextNode(waarde ? "ja" : "nee");
    if (Array.isArray(waarde)) {
      if (!waarde.length) return document.createTextNode("—");
      const ul = el("ul");
      for (const item of waarde) { const li = el("li"); li.appendChild(waardeNode(item)); ul.appendChild(li); }
      return ul;
    }
    if (typeof waarde === "object") {
      const dl = el("dl", "velden");
      for (const [sleutel, sub] of Object.entries(waarde)) veld(dl, mensLabel(sleutel), waardeNode(sub));
      return dl;
    }
    return document.createTextNode(String(waarde));
  }
  function blok(container, waarde, leeg) {
    const heeftInhoud = waarde && Object.keys(waarde).length;
    container.replaceChildren(heeftInhoud ? waardeNode(waarde) : el("p", "leeg", leeg));
  }
  function regels(lijst, items, leeg) {
    if (!items.length) { lijst.replaceChildren(el("li", "systeem", leeg)); return; }
    lijst.replaceChildren(...items.map((r) => {
      const li = el("li", r.van);
      li.append(el("span", "wie", naam("van", r.van) + " · " + tijd(r.tijd)), el("span", "tekst", r.tekst));
      if (r.van === "adviseur" && r.afgeleverd === false) li.append(el("span", "klein blok", "Nog niet afgeleverd in het kanaal"));
      return li;
    }));
  }
  function toonDetail(o) {
    huidige = o;
    $("geen-keuze").hidden = true;
    $("overdracht").hidden = false;
    $("detail-titel").textContent = o.referentie;
    const dl = $("kenmerken");
    dl.replaceChildren();
    veld(dl, "Status", naam("status", o.status));
    veld(dl, "Urgentie", naam("urgentie", o.urgentie));
    veld(dl, "Thema", o.thema ? (themaNaam[o.thema] || o.thema) : "—");
    veld(dl, "Regio", o.regio ? (regioNaam[o.regio] || o.regio) : "—");
    veld(dl, "Reden", naam("reden", o.reden));
    veld(dl, "Kanaal", naam("kanaal", o.kanaal));
    veld(dl, "Contactvoorkeur", naam("contactvoorkeur", o.contactvoorkeur));
    if (o.contact_email) veld(dl, "E-mail (gegeven tijdens het wachten)", o.contact_email);
    if (o.contact_telefoon) veld(dl, "Telefoon (gegeven tijdens het wachten)", o.contact_telefoon);
    if (o.terugval_op) veld(dl, "Niemand claimde op tijd", tijd(o.terugval_op));
    if (o.teruggezet_op) veld(dl, "Terug in de wachtrij (adviseur reageerde niet)", tijd(o.teruggezet_op));
    veld(dl, "Intakereferentie", o.intake_referentie || "—");
    veld(dl, "Aangemaakt", tijd(o.aangemaakt_op));
    veld(dl, "Geclaimd door", o.geclaimd_door ? o.geclaimd_door.naam + " (" + tijd(o.geclaimd_op) + ")" : "—");
    if (o.status === "gesloten") {
      veld(dl, "Uitkomst", naam("uitkomst", o.uitkomst));
      if (o.doorverwezen_naar) veld(dl, "Doorverwezen naar", o.doorverwezen_naar);
      if (o.notitie) veld(dl, "Notitie", o.notitie);
    }
    $("verwachting").textContent = o.verwachting ? o.verwachting.tekst : "—";
    blok($("intake"), o.intake, "Geen intake.");
    blok($("scan"), o.scan, "Geen bedrijfsscan.");
    regels($("transcript"), o.transcript || [], "Geen gesprek opgeslagen.");
    regels($("berichten"), o.berichten || [], "Nog geen berichten.");
    const open = o.status !== "gesloten";
    $("claimen").disabled = !(o.status === "nieuw" || o.status === "vrijgegeven");
    $("vrijgeven").disabled = o.status !== "geclaimd";
    // Only the adviser who holds the overdracht gets an active reply box.
    const vanMij = o.status === "geclaimd" && (mijnClaims.has(o.id) ||
      (mijnNaam !== null && o.geclaimd_door !== null && o.geclaimd_door.naam === mijnNaam));
    if (o.status !== "geclaimd") mijnClaims.delete(o.id);
    $("antwoord").hidden = !vanMij;
    $("versturen").disabled = !vanMij;
    $("antwoord-tekst").disabled = !vanMij;
    $("sluitknop").disabled = !open;
    for (const knop of document.querySelectorAll("#lijst button")) {
      if (Number(knop.dataset.id) === o.id) knop.setAttribute("aria-current", "true");
      else knop.removeAttribute("aria-current");
    }
  }
  async function openOverdracht(id) {
    melding($("actiemelding"), "");
    try {
      const o = await api("GET", "/overdrachten/" + id);
      gekozen = id;
      history.replaceState(null, "", "#overdracht-" + id);
      toonDetail(o);
      $("detail-titel").focus();
    } catch (fout) {
      melding($("wachtrijmelding"), fout.message, true);
    }
  }
  async function actie(pad, body, gelukt) {
    if (gekozen === null) return;
    try {
      const o = await api("POST", "/overdrachten/" + gekozen + pad, body);
      if (pad === "/claim") mijnClaims.add(o.id);
      toonDetail(o);
      melding($("actiemelding"), gelukt);
    } catch (fout) {
      melding($("actiemelding"), fout.message, true);
      await herlaad();
    }
    await laadWachtrij().catch(() => {});
    // A button that was just used may now be disabled: keep focus somewhere useful.
    const actief = document.activeElement;
    if (!actief || actief === document.body || actief.disabled) {
      if (!$("antwoord").hidden) $("antwoord-tekst").focus();
      else if (!$("claimen").disabled) $("claimen").focus();
      else $("actiemelding").focus();
    }
  }
  // A short tone and a browser notification for an overdracht not seen before (opt-in).
  let gezien = null;  // ids in the queue so far (null: the first load, nothing is new)
  function meldNieuwe(items) {
    const nieuw = gezien === null ? [] : items.filter((o) => !gezien.has(o.id) && o.status === "nieuw");
    gezien = new Set([...(gezien || []), ...items.map((o) => o.id)]);
    if (!nieuw.length || !$("meldingen").checked) return;
    try {
      const context = new AudioContext();
      const toon = context.createOscillator();
      toon.frequency.value = 880;
      toon.connect(context.destination);
      toon.start();
      toon.stop(context.currentTime + 0.2);
    } catch (e) { /* no sound available */ }
    if ("Notification" in window && Notification.permission === "granted") {
      new Notification("Nieuwe overdracht", {body: nieuw.map((o) => o.referentie).join(", ")});
    }
  }
  // Standard replies (antwoordsjablonen): choosing one puts its text in the reply box.
  let sjablonen = [];
  async function laadSjablonen() {
    if (sjablonen.length) return;
    try { sjablonen = await api("GET", "/antwoordsjablonen"); } catch (e) { return; }
    const keuze = $("sjabloon");
    sjablonen.forEach((s, i) => { const optie = el("option", "", s.titel); optie.value = String(i); keuze.appendChild(optie); });
  }
  // Available for live chat: said again every 30 s while ticked (the API forgets it
  // after a minute and a half, so a closed page stops counting by itself).
  async function beschikbaarheid() {
    if (!opslag.getItem(TOKEN_KEY)) return;
    try {
      await api("PUT", "/beschikbaarheid", {beschikbaar: $("beschikbaar").checked});
    } catch (fout) {
      melding($("wachtrijmelding"), fout.message, true);
    }
  }
  async function herlaad() {
    if (gekozen === null) return;
    try { toonDetail(await api("GET", "/overdrachten/" + gekozen)); } catch (e) { /* shown elsewhere */ }
  }

  // --- Wiring ---
  const alsKeuzes = (namen) => Object.entries(namen).map(([id, naam]) => ({id, naam}));
  vulKeuzes($("filter-status"), alsKeuzes(NAMEN.status));
  vulKeuzes($("filter-urgentie"), alsKeuzes(NAMEN.urgentie));
  vulKeuzes($("filter-thema"), THEMAS);
  vulKeuzes($("filter-regio"), REGIOS);
  $("inlogformulier").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token").value.trim();
    if (token) inloggen(token);
  });
  $("uitloggen").addEventListener("click", () => uitloggen());
  $("beschikbaar").addEventListener("change", beschikbaarheid);
  $("meldingen").addEventListener("change", () => {
    if ($("meldingen").checked && "Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
  });
  setInterval(() => { if ($("beschikbaar").checked) beschikbaarheid(); }, 30000);
  $("filters").addEventListener("change", () => laadWachtrij().catch((f) => melding($("wachtrijmelding"), f.message, true)));
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("zoeken").addEventListener("submit", (e) => {
    e.preventDefault();
    laadWachtrij().catch((f) => melding($("wachtrijmelding"), f.message, true));
  });
  $("claimen").addEventListener("click", () => actie("/claim", undefined, "Je hebt het gesprek overgenomen. Schakel is nu stil."));
  $("vrijgeven").addEventListener("click", () => actie("/vrijgeven", undefined, "Vrijgegeven. Schakel neemt het gesprek weer over."));
  // A text form about the chosen overdracht: post its text, empty it, keep the focus.
  function tekstformulier(formulier, veld, pad, bevestiging) {
    $(formulier).addEventListener("submit", async (e) => {
      e.preventDefault();
      const tekst = $(veld).value.trim();
      if (!tekst || gekozen === null) return;
      try {
        await api("POST", "/overdrachten/" + gekozen + pad, {tekst});
        $(veld).value = "";
        melding($("actiemelding"), bevestiging);
        await herlaad();
        $(veld).focus();
      } catch (fout) {
        melding($("actiemelding"), fout.message, true);
      }
    });
  }
  tekstformulier("antwoord", "antwoord-tekst", "/berichten", "Bericht verstuurd.");
  tekstformulier("notitieformulier", "notitie-tekst", "/notities", "Notitie opgeslagen.");
  $("sjabloon").addEventListener("change", () => {
    const gekozenSjabloon = sjablonen[Number($("sjabloon").value)];
    if ($("sjabloon").value === "" || !gekozenSjabloon) return;
    $("antwoord-tekst").value = gekozenSjabloon.tekst;
    $("sjabloon").value = "";
    $("antwoord-tekst").focus();
  });
  $("sluiten").addEventListener("submit", (e) => {
    e.preventDefault();
    const gekozenUitkomst = document.querySelector("input[name=uitkomst]:checked");
    if (!gekozenUitkomst) { melding($("actiemelding"), "Kies eerst een uitkomst.", true); return; }
    const body = {uitkomst: gekozenUitkomst.value};
    const naar = $("doorverwezen-naar").value.trim();
    const notitie = $("notitie").value.trim();
    if (naar) body.doorverwezen_naar = naar;
    if (notitie) body.notitie = notitie;
    actie("/sluiten", body, "De overdracht is gesloten.");
  });
  // New overdrachten and the ondernemer's messages arrive while the page is open: the
  // queue every 10 s, an overdracht you have taken over every 2 s (a live conversation).
  let tik = 0;
  setInterval(() => {
    if (!opslag.getItem(TOKEN_KEY) || document.hidden) return;
    tik += 1;
    const live = huidige !== null && huidige.status === "geclaimd";
    if (tik % 5 === 0) laadWachtrij().catch(() => {});
    if (live || tik % 5 === 0) herlaad();
  }, 2000);

  if (opslag.getItem(TOKEN_KEY)) inloggen(opslag.getItem(TOKEN_KEY));
  else $("token").focus();
})();
