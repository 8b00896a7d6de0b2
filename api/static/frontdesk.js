/* The frontdesk lookup page (api/templates/frontdesk.html); its lists come from the
 * JSON block #frontdesk-gegevens. */
(() => {
  const GEGEVENS = JSON.parse(document.getElementById("frontdesk-gegevens").textContent);
  const THEMAS = GEGEVENS.themas;
  const PROVINCIES = GEGEVENS.provincies;
  const API = "/api/v1/regelingen";
  const DEBOUNCE_MS = 250;
  const form = document.getElementById("zoeken");
  const veld = document.getElementById("q");
  const lijst = document.getElementById("resultaten");
  const status = document.getElementById("status");
  let timer = null;
  let lopend = null;

  // Every value from the API is shown with textContent, never as HTML.
  function el(tag, tekst, klasse) {
    const node = document.createElement(tag);
    if (tekst !== undefined && tekst !== null) node.textContent = String(tekst);
    if (klasse) node.className = klasse;
    return node;
  }

  function veiligeLink(url, tekst) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return el("span", tekst);
    const a = el("a", tekst);
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function feit(dl, naam, inhoud) {
    dl.append(el("dt", naam));
    const dd = el("dd");
    if (inhoud instanceof Node) dd.append(inhoud); else dd.textContent = String(inhoud);
    dl.append(dd);
  }

  function regioTekst(regio) {
    return regio.map(r => r === "landelijk" ? "heel Nederland" : (PROVINCIES[r] || r)).join(", ");
  }

  function bronnen(r) {
    const p = el("p", null, "bron");
    p.append(el("span", "Bron: "));
    r.bronnen.slice(0, 3).forEach((b, i) => {
      if (i) p.append(el("span", "; "));
      const naam = b.titel || (b.url ? new URL(b.url).hostname : "onbekend");
      p.append(veiligeLink(b.url, naam));
      p.append(el("span", ` (${b.datum})`));
    });
    if (r.bronnen.length > 3) p.append(el("span", ` en ${r.bronnen.length - 3} meer`));
    p.append(el("span", `. Peildatum: ${r.peildatum}.`));
    if (r.te_controleren) p.append(el("span", ` Controleren vóór ${r.controleren_voor}: verlopen, check de actuele stand bij de uitvoerder.`));
    return p;
  }

  async function laadDetails(details, id) {
    if (details.dataset.geladen) return;
    details.dataset.geladen = "1";
    const plek = el("div");
    details.append(plek);
    try {
      const antwoord = await fetch(`${API}/${encodeURIComponent(id)}`);
      if (!antwoord.ok) throw new Error(String(antwoord.status));
      const e = await antwoord.json();
      const dl = el("dl", null, "feiten");
      if (e.voorwaarden.length) {
        const ul = el("ul");
        e.voorwaarden.forEach(v => ul.append(el("li", v)));
        feit(dl, "Voorwaarden", ul);
      }
      if (e.doelgroep && e.doelgroep.toelichting) feit(dl, "Voor wie", e.doelgroep.toelichting);
      if (e.aanvragen) feit(dl, "Aanvragen", e.aanvragen);
      plek.append(dl);
    } catch (fout) {
      plek.append(el("p", "De details konden niet worden geladen."));
    }
  }

  function toon(r) {
    const li = el("li");
    const kop = el("div", null, "kop");
    kop.append(el("h2", r.afkorting && r.afkorting !== r.naam ? `${r.naam} (${r.afkorting})` : r.naam));
    kop.append(el("span", r.soort, "label"));
    if (r.status !== "actief") kop.append(el("span", r.status === "gesloten" ? "gesloten" : "status onzeker", `label ${r.status}`));
    if (r.te_controleren) kop.append(el("span", "te controleren", "label te-controleren"));
    li.append(kop);
    li.append(el("p", `${r.uitvoerder} · ${regioTekst(r.regio)} · ${r.themas.map(t => THEMAS[t] || t).join(", ")}`, "uitvoerder"));
    if (r.redenen.length) {
      const redenen = el("ul", null, "redenen");
      redenen.setAttribute("aria-label", "Waarom dit past");
      r.redenen.forEach(reden => redenen.append(el("li", reden)));
      li.append(redenen);
    }
    li.append(el("p", r.samenvatting));
    const dl = el("dl", null, "feiten");
    if (r.status_toelichting) feit(dl, "Let op", r.status_toelichting);
    if (r.bedragen.length) {
      const ul = el("ul");
      r.bedragen.forEach(b => ul.append(el("li", `${b.jaar}: ${b.omschrijving}`)));
      feit(dl, "Bedragen", ul);
    } else {
      feit(dl, "Bedragen", "Geen bedragen bekend in onze bronnen; vraag het na bij de uitvoerder.");
    }
    const stap = el("span", r.vervolgstap.tekst + " ");
    if (r.vervolgstap.url) stap.append(veiligeLink(r.vervolgstap.url, "Naar de website"));
    feit(dl, "Vervolgstap", stap);
    li.append(dl);
    li.append(bronnen(r));
    const details = el("details");
    details.append(el("summary", "Voorwaarden en aanvragen"));
    details.addEventListener("toggle", () => { if (details.open) laadDetails(details, r.id); });
    li.append(details);
    return li;
  }

  function parameters() {
    const p = new URLSearchParams();
    for (const naam of ["q", "thema", "regio", "medewerkers", "sector", "soort"]) {
      const waarde = form.elements[naam].value.trim();
      if (waarde) p.set(naam, waarde);
    }
    p.set("limit", "20");
    return p;
  }

  async function zoek() {
    clearTimeout(timer);
    if (lopend) lopend.abort();
    lopend = new AbortController();
    status.textContent = "Zoeken…";
    try {
      const antwoord = await fetch(`${API}?${parameters()}`, { signal: lopend.signal });
      const data = await antwoord.json();
      if (!antwoord.ok) {
        lijst.replaceChildren();
        status.textContent = data.detail || data.title || "Er ging iets mis.";
        return;
      }
      lijst.replaceChildren(...data.resultaten.map(toon));
      status.textContent = data.aantal === 0
        ? "Geen resultaten. Probeer andere woorden of minder filters."
        : `${data.aantal} ${data.aantal === 1 ? "resultaat" : "resultaten"}.`;
    } catch (fout) {
      if (fout.name !== "AbortError") status.textContent = "Zoeken lukt nu niet. Probeer het opnieuw.";
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(zoek, DEBOUNCE_MS);
  }

  form.addEventListener("submit", event => { event.preventDefault(); zoek(); });
  veld.addEventListener("input", later);
  form.querySelectorAll("select").forEach(s => s.addEventListener("change", zoek));
  form.elements.medewerkers.addEventListener("input", later);
  veld.addEventListener("keydown", event => {
    if (event.key === "Escape") { veld.value = ""; zoek(); }
  });
  document.addEventListener("keydown", event => {
    const bezig = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.key === "/" && !bezig) { event.preventDefault(); veld.focus(); }
  });
  veld.focus();
  zoek();
})();
