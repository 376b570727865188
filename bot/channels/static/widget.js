/* Wegwijzer Werk & Herstel: chat widget.
 *
 * Embed with one tag:  <script src="https://<bot-server>/webchat/widget.js" defer></script>
 *
 * Plain JavaScript, no dependencies, no build step. Everything the bot sends is rendered
 * as text: the only markup is what renderText() builds itself (bold, line breaks, links).
 * The session id lives in localStorage, so a reload or another page of the same site
 * continues the conversation; the history itself comes from the server's tracker store.
 * Messages that could not be sent wait in localStorage until a retry succeeds.
 */
(function () {
  "use strict";

  // Filled in by the server (bot/channels/webchat.py): the texts from knowledge/webchat.yml.
  var CONFIG = /*CONFIG*/null;
  var T = CONFIG.texts;

  var script = document.currentScript || document.querySelector('script[src*="/webchat/widget.js"]');
  var BASE = new URL(".", script.src).href; // https://<bot-server>/webchat/
  var KEY_SESSION = "wegwijzer.session";
  var KEY_QUEUE = "wegwijzer.unsent";
  var KEY_OPEN = "wegwijzer.open";

  // ---- storage (private browsing or blocked storage must not break the chat) ------------
  function load(store, key, fallback) {
    try {
      var value = window[store].getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) {
      return fallback;
    }
  }
  function save(store, key, value) {
    try {
      if (value === null) window[store].removeItem(key);
      else window[store].setItem(key, JSON.stringify(value));
    } catch (e) { /* the conversation still works for this page */ }
  }

  // Each message gets an id of its own, kept with it until it is answered: when an answer never
  // came (a server stopped after storing the message), sending it again with the same id gets
  // the stored replies instead of a second copy (bot/channels/webchat_api.py).
  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // ---- safe rendering -------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "hidden") node.hidden = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", { class: "sr-only" }, text);
  }

  // **bold**, https links (and http links to the bot's own server, such as an intake page on a
  // test or demo server), web addresses ending in .nl, and the crisis numbers as tel: links.
  // The numbers and their links come from knowledge/webchat.yml (crisis_header.links), like the
  // header's: longest first, so "0800-0113" is not read as "0800" and "113".
  var PHONES = T.crisis_header.links;
  var PHONE_PATTERN = Object.keys(PHONES).sort(function (a, b) { return b.length - a.length; })
    .map(function (n) { return n.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"); }).join("|");
  var TOKENS = new RegExp(
    "\\*\\*([^*\\n]+)\\*\\*|(https?:\\/\\/[^\\s<>\"]*[^\\s<>\".,;:!?)])|\\b((?:[a-z0-9-]+\\.)+nl)\\b(?![\\w-])" +
    "|\\b(" + PHONE_PATTERN + ")\\b", "gi");

  function ownServer(url) {
    try { return new URL(url).origin === new URL(BASE).origin; } catch (e) { return false; }
  }

  function link(href, text, external) {
    var a = el("a", { href: href }, text);
    if (external) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      a.appendChild(srOnly(" (opent in een nieuw tabblad)"));
    }
    return a;
  }

  function renderLine(parent, line) {
    var last = 0;
    line.replace(TOKENS, function (match, bold, url, domain, phone, offset) {
      parent.appendChild(document.createTextNode(line.slice(last, offset)));
      if (bold) parent.appendChild(el("strong", {}, bold));
      else if (url && (/^https:/i.test(url) || ownServer(url))) parent.appendChild(link(url, url, true));
      else if (url) parent.appendChild(document.createTextNode(url));
      else if (domain) parent.appendChild(link("https://" + domain.toLowerCase(), domain, true));
      else parent.appendChild(link(PHONES[phone] || "tel:" + phone.replace(/-/g, ""), phone, false));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  function renderText(parent, text) {
    String(text).split("\n").forEach(function (line, i) {
      if (i > 0) parent.appendChild(el("br"));
      renderLine(parent, line);
    });
  }

  // ---- the widget -----------------------------------------------------------------------
  function Widget(root) {
    this.root = root;
    this.session = load("localStorage", KEY_SESSION, null);
    this.queue = load("localStorage", KEY_QUEUE, []);
    this.loaded = false;
    this.busy = false;
    this.build();
    if (load("sessionStorage", KEY_OPEN, false)) this.open(false);
  }

  Widget.prototype.build = function () {
    var self = this;
    var root = this.root;
    root.appendChild(el("link", { rel: "stylesheet", href: BASE + "widget.css" }));

    this.opener = el("button", { type: "button", class: "opener", "aria-expanded": "false", "aria-controls": "wwh-panel" }, T.open_button);
    this.opener.addEventListener("click", function () { self.open(true); });

    var panel = (this.panel = el("section", { id: "wwh-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "wwh-title", lang: "nl", hidden: true }));
    var header = el("div", { class: "header" });
    var top = el("div", { class: "top" });
    top.appendChild(el("h2", { id: "wwh-title" }, T.title));
    this.closer = el("button", { type: "button", class: "close", "aria-label": T.close_button, title: T.close_button });
    this.closer.appendChild(el("span", { "aria-hidden": "true" }, "×"));
    this.closer.addEventListener("click", function () { self.close(); });
    top.appendChild(this.closer);
    header.appendChild(top);

    var crisis = el("p", { class: "crisis" });
    var links = T.crisis_header.links;
    var names = Object.keys(links).sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp("(" + names.map(function (n) { return n.replace(/[-]/g, "\\-"); }).join("|") + ")", "g");
    var pos = 0;
    T.crisis_header.text.replace(pattern, function (match, _n, offset) {
      crisis.appendChild(document.createTextNode(T.crisis_header.text.slice(pos, offset)));
      crisis.appendChild(link(links[match], match, false));
      pos = offset + match.length;
      return match;
    });
    crisis.appendChild(document.createTextNode(T.crisis_header.text.slice(pos)));
    header.appendChild(crisis);

    var tools = el("div", { class: "tools" });
    this.privacyButton = el("button", { type: "button", class: "tool", "aria-expanded": "false", "aria-controls": "wwh-privacy" }, T.privacy_button);
    this.privacyButton.addEventListener("click", function () { self.togglePrivacy(); });
    this.deleteButton = el("button", { type: "button", class: "tool" }, T.delete_button);
    this.deleteButton.addEventListener("click", function () { self.askDelete(); });
    tools.appendChild(this.privacyButton);
    tools.appendChild(this.deleteButton);
    header.appendChild(tools);

    this.privacy = el("div", { id: "wwh-privacy", class: "privacy", hidden: true });
    this.privacy.appendChild(el("h3", {}, T.privacy_title));
    this.privacy.appendChild(el("p", {}, T.privacy_notice));
    header.appendChild(this.privacy);

    this.confirm = el("div", { class: "confirm", role: "group", "aria-labelledby": "wwh-confirm-text", hidden: true });
    this.confirm.appendChild(el("p", { id: "wwh-confirm-text" }, T.delete_confirm));
    this.confirmYes = el("button", { type: "button", class: "danger" }, T.delete_yes);
    this.confirmNo = el("button", { type: "button", class: "secondary" }, T.delete_no);
    this.confirmYes.addEventListener("click", function () { self.deleteConversation(); });
    this.confirmNo.addEventListener("click", function () { self.hideConfirm(true); });
    this.confirm.appendChild(this.confirmYes);
    this.confirm.appendChild(this.confirmNo);
    header.appendChild(this.confirm);
    panel.appendChild(header);

    // role=log is a polite live region: screen readers read each new message once.
    this.log = el("div", { class: "log", role: "log", "aria-label": "Gesprek", tabindex: "0" });
    panel.appendChild(this.log);

    this.typing = el("p", { class: "typing", role: "status" });
    panel.appendChild(this.typing);

    this.error = el("div", { class: "error", role: "alert" });
    panel.appendChild(this.error);

    var form = (this.form = el("form", { class: "compose" }));
    form.appendChild(el("label", { for: "wwh-input" }, T.input_label));
    var row = el("div", { class: "row" });
    this.input = el("input", { id: "wwh-input", type: "text", autocomplete: "off", maxlength: String(CONFIG.maxChars), placeholder: T.input_placeholder });
    this.sendButton = el("button", { type: "submit", class: "send" }, T.send_button);
    row.appendChild(this.input);
    row.appendChild(this.sendButton);
    form.appendChild(row);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    panel.appendChild(form);

    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        if (!self.confirm.hidden) self.hideConfirm(true);
        else self.close();
      }
    });

    root.appendChild(this.opener);
    root.appendChild(panel);
  };

  Widget.prototype.open = function (moveFocus) {
    this.panel.hidden = false;
    this.opener.hidden = true;
    this.opener.setAttribute("aria-expanded", "true");
    save("sessionStorage", KEY_OPEN, true);
    if (moveFocus) this.input.focus();
    if (!this.loaded) this.start();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.opener.hidden = false;
    this.opener.setAttribute("aria-expanded", "false");
    save("sessionStorage", KEY_OPEN, false);
    this.opener.focus();
  };

  Widget.prototype.togglePrivacy = function () {
    var show = this.privacy.hidden;
    this.privacy.hidden = !show;
    this.privacyButton.setAttribute("aria-expanded", String(show));
  };

  // ---- talking to the server --------------------------------------------------------------
  Widget.prototype.api = function (path, body) {
    return fetch(BASE + "api/" + path, {
      method: "POST",
      // text/plain keeps cross-site calls free of a CORS preflight (see bot/channels/security.py).
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(body || {}),
      credentials: "omit",
      cache: "no-store"
    }).catch(function () {
      throw new Error(T.unreachable); // no connection: the browser's own text is English
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.text || T.unreachable);
          error.code = data.error;
          // 4xx: the server understood and refused; trying again will not help.
          // 5xx (503: not stored, or starting up): the message waits for a retry.
          error.final = response.status >= 400 && response.status < 500;
          throw error;
        }
        return data;
      });
    });
  };

  // The server no longer knows the stored session (deleted after the retention time, or
  // issued by another server): forget it; the next message starts a new conversation.
  Widget.prototype.forgetSession = function () {
    this.session = null;
    save("localStorage", KEY_SESSION, null);
  };

  Widget.prototype.ensureSession = function () {
    var self = this;
    if (this.session) return Promise.resolve(this.session);
    return this.api("session").then(function (data) {
      self.session = data.session_id;
      save("localStorage", KEY_SESSION, self.session);
      return self.session;
    });
  };

  // First open on this page: the history from the server, then anything still unsent.
  Widget.prototype.start = function () {
    var self = this;
    this.starting = true;
    this.clearError();
    this.showTyping(true);
    var known = Boolean(this.session);
    var history = known ? this.api("history", { session_id: this.session }) : Promise.resolve({ messages: [] });
    history.then(function (data) {
      self.loaded = true;
      self.starting = false;
      // The restored history is not news: it is built in a fresh log that replaces the old one
      // whole, because screen readers read out additions to a live region, not a new region.
      var old = self.log;
      self.log = old.cloneNode(false);
      data.messages.forEach(function (m) { self.show(m); });
      old.parentNode.replaceChild(self.log, old);
      self.log.scrollTop = self.log.scrollHeight;
      self.queue.forEach(function (item) { if (!item.hidden) item.node = self.show({ sender: "user", text: item.display || item.message }); });
      if (!data.messages.length && !self.queue.length) {
        // A new conversation opens with the bot's welcome and the role buttons.
        self.queue.push({ message: "/greet", display: null, hidden: true });
      }
      return self.flush();
    }).catch(function (error) {
      self.starting = false;
      if (error.code === "invalid_session" && known) {
        self.forgetSession();
        return self.start();
      }
      self.showTyping(false);
      self.queue.forEach(function (item) {
        if (!item.node && !item.hidden) item.node = self.show({ sender: "user", text: item.display || item.message });
        self.markUnsent(item);
      });
      self.showError(error.message, function () { self.start(); });
    });
  };

  Widget.prototype.submit = function () {
    var text = this.input.value;
    if (!text.trim()) {
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.send(text, null);
  };

  Widget.prototype.send = function (message, display) {
    var item = { message: message, display: display, id: messageId() };
    item.node = this.show({ sender: "user", text: display || message });
    this.queue.push(item);
    this.persistQueue();
    this.removeChoices();
    if (this.loaded) this.flush();
    else if (!this.starting) this.start();
  };

  Widget.prototype.persistQueue = function () {
    save("localStorage", KEY_QUEUE, this.queue.filter(function (i) { return !i.hidden; })
      .map(function (i) { return { message: i.message, display: i.display, id: i.id }; }));
  };

  // Sends waiting messages one by one, in order. A failure stops the line and offers a retry.
  Widget.prototype.flush = function () {
    var self = this;
    if (this.busy || !this.queue.length) return Promise.resolve();
    this.busy = true;
    this.clearError();
    var item = this.queue[0];
    if (item.node) item.node.classList.remove("unsent");
    this.showTyping(true);
    return this.ensureSession().then(function (session) {
      if (!item.id) item.id = messageId(); // the greeting, or a message kept by an older widget
      return self.api("message", {
        session_id: session, message: item.message, display: item.display || undefined, message_id: item.id
      });
    }).then(function (data) {
      self.queue.shift();
      self.persistQueue();
      self.showTyping(false);
      // "wis dit gesprek", confirmed: the server deleted the conversation and its session,
      // as after "Gesprek wissen"; only the bot's last word stays on screen.
      if (data.erased) self.forgetConversation();
      data.messages.forEach(function (m) { self.show(m); });
      self.busy = false;
      return self.flush();
    }).catch(function (error) {
      self.busy = false;
      self.showTyping(false);
      if (error.code === "invalid_session" && self.session) {
        self.forgetSession();
        if (!item.hidden) self.queue.unshift({ message: "/greet", display: null, hidden: true });
        return self.flush();
      }
      if (error.final) {
        self.queue.shift();
        self.persistQueue();
        self.markUnsent(item);
        self.showError(error.message, null);
        return self.flush();
      }
      self.queue.forEach(function (i) { self.markUnsent(i); });
      self.showError(error.message, function () { self.flush(); });
    });
  };

  // ---- the conversation on screen ------------------------------------------------------------
  Widget.prototype.show = function (message) {
    var self = this;
    var bot = message.sender === "bot";
    var node = el("div", { class: "msg " + (bot ? "bot" : "user") });
    node.appendChild(srOnly((bot ? T.bot : T.you) + ": "));
    var body = el("span", { class: "text" });
    if (bot) renderText(body, message.text);
    else body.textContent = message.text; // what the user typed is never interpreted
    node.appendChild(body);
    this.log.appendChild(node);
    if (bot && message.feedback && message.response) this.log.appendChild(this.feedbackBox(message));
    if (message.buttons && message.buttons.length) {
      var group = el("div", { class: "choices", role: "group", "aria-label": "Kies een antwoord" });
      message.buttons.forEach(function (b) {
        var button = el("button", { type: "button", class: "choice" }, b.title);
        button.addEventListener("click", function () {
          self.send(b.payload, b.title);
          self.input.focus(); // the buttons are gone; focus stays in the chat
        });
        group.appendChild(button);
      });
      this.log.appendChild(group);
    }
    this.log.scrollTop = this.log.scrollHeight;
    return node;
  };

  // A thumb drawn as SVG (Material Icons' "thumb_up", Apache License 2.0): no emoji font needed.
  var THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
    "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";
  function thumb(down) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "thumb");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", THUMB);
    path.setAttribute("fill", "currentColor");
    if (down) path.setAttribute("transform", "rotate(180 12 12)");
    svg.appendChild(path);
    return svg;
  }

  // ---- "Had je hier iets aan?" under a referral or an answer to a question ---------------------
  // Thumbs up or down, then an optional comment; stored as an event of the conversation
  // (bot/insight/feedback.py). Never required: the chat goes on whatever is clicked.
  Widget.prototype.feedbackBox = function (message) {
    var self = this;
    var box = el("div", { class: "feedback", role: "group", "aria-label": T.feedback_question });
    if (message.rated) {
      box.appendChild(el("p", { class: "feedback-thanks" }, T.feedback_thanks));
      return box;
    }
    box.appendChild(el("span", { class: "feedback-question", "aria-hidden": "true" }, T.feedback_question));
    [["up", T.feedback_yes], ["down", T.feedback_no]].forEach(function (choice) {
      var button = el("button", { type: "button", class: "feedback-button", "data-score": choice[0] });
      button.appendChild(thumb(choice[0] === "down"));
      button.appendChild(document.createTextNode(choice[1]));
      button.addEventListener("click", function () { self.rate(box, message.response, choice[0]); });
      box.appendChild(button);
    });
    return box;
  };

  Widget.prototype.sendFeedback = function (response, score, comment) {
    var self = this;
    if (!this.session) return Promise.reject(new Error(T.feedback_failed));
    var body = { session_id: this.session, response: response, score: score };
    if (comment) body.comment = comment;
    return this.api("feedback", body).catch(function () { throw new Error(T.feedback_failed); });
  };

  Widget.prototype.rate = function (box, response, score) {
    var self = this;
    Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = true; });
    this.sendFeedback(response, score, null).then(function () {
      box.textContent = "";
      box.appendChild(el("p", { class: "feedback-thanks", role: "status" }, T.feedback_thanks));
      var form = el("form", { class: "feedback-comment" });
      var id = "wwh-comment-" + Math.random().toString(36).slice(2);
      form.appendChild(el("label", { for: id }, T.feedback_comment_label));
      var input = el("input", { id: id, type: "text", autocomplete: "off", maxlength: String(CONFIG.maxChars) });
      var send = el("button", { type: "submit", class: "send" }, T.feedback_comment_send);
      form.appendChild(input);
      form.appendChild(send);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!input.value.trim()) { self.input.focus(); return; }
        send.disabled = true;
        self.sendFeedback(response, score, input.value).then(function () {
          box.removeChild(form);
          box.appendChild(el("p", { class: "feedback-thanks", role: "status" }, T.feedback_comment_thanks));
          self.input.focus();
        }).catch(function (error) {
          send.disabled = false;
          self.showError(error.message, null);
        });
      });
      box.appendChild(form);
      input.focus();
    }).catch(function (error) {
      Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = false; });
      self.showError(error.message, null);
    });
  };

  Widget.prototype.removeChoices = function () {
    Array.prototype.forEach.call(this.log.querySelectorAll(".choices"), function (g) { g.remove(); });
  };

  Widget.prototype.markUnsent = function (item) {
    if (!item.node || item.node.classList.contains("unsent")) return;
    item.node.classList.add("unsent");
    if (!item.node.querySelector(".status")) item.node.appendChild(el("span", { class: "status" }, " (" + T.not_sent + ")"));
  };

  Widget.prototype.showTyping = function (on) {
    this.typing.textContent = "";
    if (on) {
      this.typing.appendChild(document.createTextNode(T.typing));
      var dots = el("span", { class: "dots", "aria-hidden": "true" });
      for (var i = 0; i < 3; i++) dots.appendChild(el("span"));
      this.typing.appendChild(dots);
    }
  };

  Widget.prototype.showError = function (text, retry) {
    var self = this;
    this.error.textContent = "";
    this.error.appendChild(el("p", {}, text));
    if (retry) {
      var button = el("button", { type: "button", class: "retry" }, T.retry_button);
      button.addEventListener("click", function () {
        self.input.focus();
        retry();
      });
      this.error.appendChild(button);
    }
  };

  Widget.prototype.clearError = function () {
    this.error.textContent = "";
  };

  // ---- deleting the conversation ------------------------------------------------------------
  Widget.prototype.askDelete = function () {
    this.confirm.hidden = false;
    this.confirmNo.focus();
  };

  Widget.prototype.hideConfirm = function (refocus) {
    this.confirm.hidden = true;
    if (refocus) this.deleteButton.focus();
  };

  // The conversation is gone on the server: forget it here too (session, waiting messages, screen).
  Widget.prototype.forgetConversation = function () {
    this.session = null;
    this.queue = [];
    save("localStorage", KEY_SESSION, null);
    save("localStorage", KEY_QUEUE, null);
    this.log.textContent = "";
    this.clearError();
  };

  Widget.prototype.deleteConversation = function () {
    var self = this;
    var done = function () {
      self.forgetConversation();
      self.hideConfirm(false);
      self.show({ sender: "bot", text: T.deleted });
      self.input.focus();
    };
    if (!this.session) return done();
    this.api("delete", { session_id: this.session }).then(done).catch(function () {
      self.hideConfirm(true);
      self.showError(T.delete_failed, null);
    });
  };

  function mount() {
    if (document.getElementById("wegwijzer-chat")) return;
    var host = el("div", { id: "wegwijzer-chat" });
    document.body.appendChild(host);
    // A shadow root keeps the site's styles out of the widget and ours out of the site.
    window.wegwijzerChat = new Widget(host.attachShadow({ mode: "open" }));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
