/*! Kennispunt embeds: <kennispunt-articles>, <kennispunt-trainings>, <kennispunt-party>.
 * Served by Kennispunt at /embed/kennispunt.js; README.md, "Embedding on partner sites".
 *
 * A classic script (no modules, no build step, no dependencies). It loads nothing from
 * third parties, sets no cookies and uses no storage: it only talks to the Kennispunt API
 * it was loaded from, with `credentials: "omit"`.
 */
(() => {
  "use strict";

  if (!window.customElements || customElements.get("kennispunt-articles")) return;

  /** Operation name -> {hash, query}: the shipped GraphQL operations, put in by the server
   * when it serves this file (the browser need not hash: crypto.subtle is missing on http). */
  const QUERIES = /*! kennispunt:queries */ {};

  const script = document.currentScript || document.querySelector('script[src$="/embed/kennispunt.js"]');
  if (!script) return;
  const API = new URL(script.src, document.baseURI).origin;
  const SCRIPT_KEY = script.getAttribute("data-api-key") || "";
  const ZONE = "Europe/Amsterdam";
  const MAX_LIMIT = 20;

  const TEXTS = {
    nl: {
      locale: "nl-NL",
      articles: "Artikelen van Kennispunt",
      trainings: "Trainingen van Kennispunt",
      party: "Partijprofiel",
      loading: "Bezig met laden…",
      failed: "Deze informatie van Kennispunt kan nu niet worden geladen. Probeer het later opnieuw.",
      busy: "Kennispunt is even te druk. Over een ogenblik proberen we het opnieuw.",
      noArticles: "Er zijn nog geen artikelen.",
      noTrainings: "Er zijn nu geen trainingen gepland.",
      noParty: "Deze partij is niet gevonden.",
      published: "Gepubliceerd op",
      when: "Wanneer",
      where: "Waar",
      format: "Vorm",
      seats: "Plaatsen",
      formats: { IN_PERSON: "Op locatie", ONLINE: "Online", E_LEARNING: "E-learning" },
      seatsLeft: (n) => (n === 1 ? "Nog 1 plaats vrij" : `Nog ${n} plaatsen vrij`),
      full: "Vol: aanmelden kan voor de wachtlijst",
      closed: "Aanmelden is gesloten",
      sessions: (n) => `cursus van ${n} bijeenkomsten`,
      municipality: "Gemeente",
      councilSeats: "Zetels in de gemeenteraad",
      website: "Website",
      websiteOf: (name) => `Website van ${name}`,
    },
    en: {
      locale: "en-GB",
      articles: "Articles from Kennispunt",
      trainings: "Trainings from Kennispunt",
      party: "Party profile",
      loading: "Loading…",
      failed: "This information from Kennispunt cannot be loaded right now. Please try again later.",
      busy: "Kennispunt is busy. We will try again in a moment.",
      noArticles: "There are no articles yet.",
      noTrainings: "No trainings are planned at the moment.",
      noParty: "This party was not found.",
      published: "Published on",
      when: "When",
      where: "Where",
      format: "Format",
      seats: "Seats",
      formats: { IN_PERSON: "In person", ONLINE: "Online", E_LEARNING: "E-learning" },
      seatsLeft: (n) => (n === 1 ? "1 seat left" : `${n} seats left`),
      full: "Full: you can join the waiting list",
      closed: "Registration is closed",
      sessions: (n) => `course of ${n} sessions`,
      municipality: "Municipality",
      councilSeats: "Seats in the municipal council",
      website: "Website",
      websiteOf: (name) => `Website of ${name}`,
    },
  };

  const STYLE = `
    :host {
      display: block;
      font-family: var(--kennispunt-font, inherit);
      font-size: var(--kennispunt-font-size, 1rem);
      line-height: 1.5;
      color: var(--kennispunt-color, #1f1f1f);
      background: var(--kennispunt-background, #ffffff);
      border: var(--kennispunt-border-width, 1px) solid var(--kennispunt-border, #c4c4c4);
      border-radius: var(--kennispunt-radius, 0.5rem);
      padding: var(--kennispunt-spacing, 1rem);
    }
    :host([hidden]) { display: none; }
    * { box-sizing: border-box; }
    .heading { margin: 0 0 0.75em; font-size: 1.25em; line-height: 1.25; color: var(--kennispunt-heading-color, inherit); }
    .items { list-style: none; margin: 0; padding: 0; }
    .item { padding: 0.75em 0; border-top: 1px solid var(--kennispunt-border, #c4c4c4); }
    .item:first-child { border-top: 0; padding-top: 0; }
    .item:last-child { padding-bottom: 0; }
    .item-heading { margin: 0 0 0.25em; font-size: 1.05em; line-height: 1.3; }
    p { margin: 0 0 0.25em; }
    .description { white-space: pre-line; }
    .meta, .facts dt { color: var(--kennispunt-muted, #4a4a4a); }
    .meta { font-size: 0.9em; margin: 0; }
    .facts { margin: 0.25em 0 0; }
    .facts > div { display: flex; flex-wrap: wrap; gap: 0 0.4em; }
    .facts dt::after { content: ":"; }
    .facts dd { margin: 0; }
    .seats { font-weight: 600; }
    .message { margin: 0; color: var(--kennispunt-muted, #4a4a4a); }
    a { color: var(--kennispunt-accent, #0b57a4); text-decoration: underline; text-underline-offset: 0.15em; }
    a:hover { text-decoration-thickness: 2px; }
    a:focus-visible {
      outline: 3px solid var(--kennispunt-focus, var(--kennispunt-accent, #0b57a4));
      outline-offset: 2px;
      border-radius: 2px;
    }
  `;

  // --- small helpers -------------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes (never HTML). */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) element.setAttribute(name, String(value));
    }
    element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
    return element;
  }

  /** An http(s) address, or null for anything else (javascript:, data:, garbage). */
  function safeUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch {
      return null;
    }
  }

  function link(href, text) {
    const url = safeUrl(href);
    return url ? h("a", { href: url, part: "link" }, text) : text;
  }

  function format(texts, options, iso) {
    return new Intl.DateTimeFormat(texts.locale, { timeZone: ZONE, ...options }).format(new Date(iso));
  }

  const DAY = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
  const TIME = { hour: "2-digit", minute: "2-digit" };

  /** `<time>` elements for a session: "dinsdag 14 oktober 2025, 19:30–21:30". */
  function period(texts, startsAt, endsAt) {
    const sameDay = format(texts, DAY, startsAt) === format(texts, DAY, endsAt);
    const start = `${format(texts, DAY, startsAt)}, ${format(texts, TIME, startsAt)}`;
    const end = sameDay ? format(texts, TIME, endsAt) : `${format(texts, DAY, endsAt)}, ${format(texts, TIME, endsAt)}`;
    return [h("time", { datetime: startsAt }, start), "–", h("time", { datetime: endsAt }, end)];
  }

  function clampedInteger(value, fallback, maximum) {
    const number = Number.parseInt(value || "", 10);
    return Number.isFinite(number) && number >= 1 ? Math.min(number, maximum) : fallback;
  }

  function seatsText(texts, training) {
    if (!training.isRegistrationOpen) return texts.closed;
    return training.seatsLeft > 0 ? texts.seatsLeft(training.seatsLeft) : texts.full;
  }

  // --- the API -------------------------------------------------------------------------

  class LoadError extends Error {
    constructor(kind, detail, retryAfter) {
      super(detail);
      this.kind = kind; // "rate" | "failed"
      this.retryAfter = retryAfter;
    }
  }

  function hasCode(body, code) {
    return Boolean(body && Array.isArray(body.errors) && body.errors.some((e) => e && e.extensions && e.extensions.code === code));
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  /** Run a shipped query: a persisted-query GET, and once more as POST with the text when
   * the server does not know the hash. Resolves to `data`; rejects with a LoadError. */
  async function query(name, variables, apiKey) {
    const operation = QUERIES[name];
    const extensions = { persistedQuery: { version: 1, sha256Hash: operation.hash } };
    const headers = { Accept: "application/json" };
    if (apiKey) headers["X-Api-Key"] = apiKey;
    const options = { headers, credentials: "omit", mode: "cors" };
    let response;
    let body;
    try {
      const params = new URLSearchParams({
        operationName: name,
        variables: JSON.stringify(variables),
        extensions: JSON.stringify(extensions),
      });
      response = await fetch(`${API}/graphql?${params}`, { ...options, method: "GET" });
      body = await readJson(response);
      if (hasCode(body, "PERSISTED_QUERY_NOT_FOUND")) {
        response = await fetch(`${API}/graphql`, {
          ...options,
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify({ query: operation.query, variables, operationName: name, extensions }),
        });
        body = await readJson(response);
      }
    } catch (error) {
      throw new LoadError("failed", `the request to ${API} failed (${error})`);
    }
    if (response.status === 429 || hasCode(body, "RATE_LIMITED")) {
      const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
      throw new LoadError("rate", "rate limited", Number.isFinite(seconds) ? seconds : 30);
    }
    if (!response.ok || !body || !body.data) {
      const detail = response.status === 401 ? "the API key was refused" : `answer ${response.status}`;
      throw new LoadError("failed", detail);
    }
    return body.data;
  }

  /** One graphql-transport-ws connection per API key, shared by all widgets on the page:
   * opened on the first subscription, closed after the last, reconnected with backoff. */
  class LiveConnection {
    constructor(apiKey) {
      this.apiKey = apiKey;
      this.subscriptions = new Map(); // id -> {payload, onNext}
      this.counter = 0;
      this.socket = null;
      this.acknowledged = false;
      this.attempt = 0;
      this.timer = 0;
      this.refused = false;
    }

    subscribe(payload, onNext) {
      if (this.refused) return () => {};
      const id = String(++this.counter);
      this.subscriptions.set(id, { payload, onNext });
      if (this.acknowledged) this.send({ id, type: "subscribe", payload });
      else this.open();
      return () => this.unsubscribe(id);
    }

    unsubscribe(id) {
      if (!this.subscriptions.delete(id)) return;
      if (this.acknowledged) this.send({ id, type: "complete" });
      if (this.subscriptions.size === 0) this.close();
    }

    send(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    }

    open() {
      if (this.socket || this.timer || this.refused) return;
      const socket = new WebSocket(`${API.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
      this.socket = socket;
      socket.onopen = () => {
        socket.send(JSON.stringify({ type: "connection_init", payload: this.apiKey ? { apiKey: this.apiKey } : {} }));
      };
      socket.onmessage = (event) => this.receive(event);
      socket.onclose = (event) => this.closed(socket, event);
    }

    receive(event) {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const subscription = message.id === undefined ? undefined : this.subscriptions.get(message.id);
      switch (message.type) {
        case "connection_ack":
          this.acknowledged = true;
          this.attempt = 0;
          for (const [id, { payload }] of this.subscriptions) this.send({ id, type: "subscribe", payload });
          break;
        case "ping":
          this.send({ type: "pong" });
          break;
        case "next":
          if (subscription && message.payload && message.payload.data) subscription.onNext(message.payload.data);
          break;
        case "error":
        case "complete": // the server ended it (e.g. the training is gone): keep what is shown
          this.subscriptions.delete(message.id);
          break;
        default:
          break;
      }
    }

    closed(socket, event) {
      if (this.socket !== socket) return;
      this.socket = null;
      this.acknowledged = false;
      if ([4400, 4401, 4403, 4409].includes(event.code)) {
        this.refused = true; // a refused key or a protocol error: retrying will not help
        console.warn(`Kennispunt: live updates refused (${event.code} ${event.reason})`);
        return;
      }
      if (this.subscriptions.size > 0) this.reconnectLater();
    }

    reconnectLater() {
      const delay = Math.min(30000, 1000 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt += 1;
      this.timer = setTimeout(() => {
        this.timer = 0;
        if (this.subscriptions.size > 0) this.open();
      }, delay);
    }

    reconnectNow() {
      if (!this.timer) return;
      clearTimeout(this.timer);
      this.timer = 0;
      this.open();
    }

    close() {
      clearTimeout(this.timer);
      this.timer = 0;
      const socket = this.socket;
      this.socket = null;
      this.acknowledged = false;
      if (socket) socket.close(1000);
    }
  }

  const connections = new Map();

  function liveConnection(apiKey) {
    // other origins are let in only with a key; without one, only Kennispunt's own pages
    if (!apiKey && location.origin !== API) return null;
    if (!connections.has(apiKey)) connections.set(apiKey, new LiveConnection(apiKey));
    return connections.get(apiKey);
  }

  window.addEventListener("online", () => {
    for (const connection of connections.values()) connection.reconnectNow();
  });

  // --- the elements --------------------------------------------------------------------

  /** What the three elements share: shadow DOM, language, heading, loading and failing.
   * A subclass gives `ownAttributes`, `defaultHeading(texts)` and `fetchAndRender(texts)`,
   * which resolves to `{content, start}`: the nodes to show, and (optionally) what to start
   * once they are shown (live updates, stopped again by the next render or on removal). */
  class KennispuntElement extends HTMLElement {
    static get observedAttributes() {
      return ["lang", "api-key", "heading", "heading-level", ...this.ownAttributes];
    }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this.generation = 0;
      this.scheduled = false;
      this.retryTimer = 0;
      this.retries = 0;
      this.stopLive = [];
    }

    connectedCallback() {
      this.schedule();
    }

    disconnectedCallback() {
      this.generation += 1;
      this.reset();
    }

    attributeChangedCallback(_name, before, after) {
      if (before !== after && this.isConnected) {
        this.retries = 0;
        this.schedule();
      }
    }

    /** Render once for a burst of attribute changes. */
    schedule() {
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        if (this.isConnected) this.load();
      });
    }

    reset() {
      clearTimeout(this.retryTimer);
      for (const stop of this.stopLive.splice(0)) stop();
    }

    language() {
      const holder = this.closest("[lang]");
      return /^en(-|$)/i.test(holder ? holder.getAttribute("lang") : "") ? "en" : "nl";
    }

    apiKey() {
      return this.getAttribute("api-key") || SCRIPT_KEY;
    }

    headingLevel() {
      return clampedInteger(this.getAttribute("heading-level"), 2, 6);
    }

    heading(text) {
      return h("h" + this.headingLevel(), { class: "heading", part: "heading" }, this.getAttribute("heading") || text);
    }

    itemHeading(...children) {
      return h("h" + Math.min(this.headingLevel() + 1, 6), { class: "item-heading", part: "item-heading" }, ...children);
    }

    show(lang, ...children) {
      const frame = h("div", { class: "frame", part: "frame", lang }, ...children);
      const style = document.createElement("style");
      style.textContent = STYLE;
      this.shadowRoot.replaceChildren(style, frame);
      return frame;
    }

    async load() {
      const generation = ++this.generation;
      this.reset();
      const lang = this.language();
      const texts = TEXTS[lang];
      const frame = this.show(lang, this.heading(this.defaultHeading(texts)), h("p", { class: "message", part: "message" }, texts.loading));
      frame.setAttribute("aria-busy", "true");
      try {
        const rendered = await this.fetchAndRender(texts);
        if (generation !== this.generation) return;
        this.retries = 0;
        this.show(lang, ...rendered.content);
        if (rendered.start) rendered.start();
      } catch (error) {
        if (generation !== this.generation) return;
        if (!(error instanceof LoadError)) console.warn("Kennispunt:", error);
        else if (error.kind !== "rate") console.warn(`Kennispunt: ${this.localName} could not load: ${error.message}`);
        const rateLimited = error instanceof LoadError && error.kind === "rate" && this.retries < 5;
        this.show(lang, this.heading(this.defaultHeading(texts)), h("p", { class: "message", part: "message" }, rateLimited ? texts.busy : texts.failed));
        if (rateLimited) {
          this.retries += 1;
          const seconds = Math.max(1, Math.min(error.retryAfter, 300));
          this.retryTimer = setTimeout(() => this.schedule(), seconds * 1000);
        }
      }
    }

    message(texts, text) {
      return { content: [this.heading(this.defaultHeading(texts)), h("p", { class: "message", part: "message" }, text)] };
    }

    list(items) {
      // role="list": some screen readers drop list semantics when list-style is none
      return h("ul", { class: "items", part: "list", role: "list" }, items.map((item) => h("li", { class: "item", part: "item" }, item)));
    }
  }

  /** <kennispunt-articles topic="campagne" limit="5">: the latest published articles. */
  class KennispuntArticles extends KennispuntElement {
    static ownAttributes = ["topic", "limit"];

    defaultHeading(texts) {
      return texts.articles;
    }

    async fetchAndRender(texts) {
      const variables = { topic: this.getAttribute("topic") || null, first: clampedInteger(this.getAttribute("limit"), 5, MAX_LIMIT) };
      const data = await query("EmbedArticles", variables, this.apiKey());
      const articles = data.articles.edges.map((edge) => edge.node);
      if (articles.length === 0) return this.message(texts, texts.noArticles);
      const content = [
        this.heading(texts.articles),
        this.list(
          articles.map((article) => [
            this.itemHeading(link(article.url, article.title)),
            article.summary ? h("p", { class: "summary", part: "summary" }, article.summary) : null,
            article.publishedAt
              ? h("p", { class: "meta", part: "meta" }, `${texts.published} `, h("time", { datetime: article.publishedAt }, format(texts, { dateStyle: "long" }, article.publishedAt)))
              : null,
          ]),
        ),
      ];
      return { content };
    }
  }

  /** <kennispunt-trainings limit="3">: upcoming trainings, with seats left kept up to date. */
  class KennispuntTrainings extends KennispuntElement {
    static ownAttributes = ["limit"];

    defaultHeading(texts) {
      return texts.trainings;
    }

    async fetchAndRender(texts) {
      const data = await query("EmbedTrainings", { first: clampedInteger(this.getAttribute("limit"), 3, MAX_LIMIT) }, this.apiKey());
      const trainings = data.trainings.edges.map((edge) => edge.node);
      if (trainings.length === 0) return this.message(texts, texts.noTrainings);
      const seats = new Map();
      const items = trainings.map((training) => {
        const sessions = [...(training.sessions || [])].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
        const first = sessions[0] || training;
        const seat = h("span", { class: "seats", part: "seats", "aria-live": "polite", "aria-atomic": "true", "data-training": training.id }, seatsText(texts, training));
        seats.set(training.id, seat);
        const fact = (term, ...value) => h("div", null, h("dt", null, term), h("dd", null, ...value));
        return [
          this.itemHeading(link(training.url, training.title)),
          h(
            "dl",
            { class: "facts", part: "facts" },
            fact(texts.when, ...period(texts, first.startsAt, first.endsAt), sessions.length > 1 ? ` (${texts.sessions(sessions.length)})` : null),
            training.location ? fact(texts.where, training.location) : null,
            fact(texts.format, texts.formats[training.format] || training.format),
            fact(texts.seats, seat),
          ),
        ];
      });
      return { content: [this.heading(texts.trainings), this.list(items)], start: () => this.follow(texts, seats) };
    }

    /** Subscribe to every shown training; a change of seats updates the live region. */
    follow(texts, seats) {
      const connection = liveConnection(this.apiKey());
      if (!connection) return;
      const operation = QUERIES.EmbedTrainingSeats;
      for (const id of seats.keys()) {
        const payload = { query: operation.query, variables: { id }, operationName: "EmbedTrainingSeats" };
        this.stopLive.push(
          connection.subscribe(payload, (data) => {
            const training = data.trainingUpdated;
            const seat = training && seats.get(training.id);
            const text = seat && seatsText(texts, training);
            if (seat && seat.textContent !== text) seat.textContent = text;
          }),
        );
      }
    }
  }

  /** <kennispunt-party slug="lokaal-utrecht">: a party's profile. */
  class KennispuntParty extends KennispuntElement {
    static ownAttributes = ["slug"];

    defaultHeading(texts) {
      return texts.party;
    }

    async fetchAndRender(texts) {
      const slug = (this.getAttribute("slug") || "").trim();
      if (!slug) {
        console.warn("Kennispunt: <kennispunt-party> needs a slug attribute");
        return this.message(texts, texts.noParty);
      }
      const data = await query("EmbedParty", { slug }, this.apiKey());
      const party = data.party;
      if (!party) return this.message(texts, texts.noParty);
      const fact = (term, value) => h("div", null, h("dt", null, term), h("dd", null, value));
      const website = safeUrl(party.website);
      const content = [
        this.heading(party.name),
        party.description ? h("p", { class: "description", part: "description" }, party.description) : null,
        h(
          "dl",
          { class: "facts", part: "facts" },
          fact(texts.municipality, party.municipality.name),
          party.seats === null || party.seats === undefined ? null : fact(texts.councilSeats, String(party.seats)),
          website ? fact(texts.website, link(website, texts.websiteOf(party.name))) : null,
        ),
      ];
      return { content };
    }
  }

  customElements.define("kennispunt-articles", KennispuntArticles);
  customElements.define("kennispunt-trainings", KennispuntTrainings);
  customElements.define("kennispunt-party", KennispuntParty);
})();
