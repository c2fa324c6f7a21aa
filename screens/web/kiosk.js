// The page around the kiosk's terminal (kiosk serve): sized for its screen, kept a kiosk, and
// back on its own when the connection drops. Runs before textual.js starts the terminal.
(() => {
  "use strict";
  const body = document.body;
  const holder = document.getElementById("terminal");
  const notice = document.getElementById("notice");
  const noticeText = document.getElementById("notice-text");
  // The smallest terminal each kind of screen is laid out for: 80x24 on a landscape screen
  // (the volunteers' tables); on a portrait one, where the guest's steps stack, 40 columns (the
  // narrowest the guest's steps are drawn for) and 40 rows, from which the steps grow into the
  // height (screens/base.py, `-tall`): bigger text, the whole height used (a 600x960 tablet gets
  // 48x40 at 20 px, not 66x53 at 16 px). A volunteer screen that needs more columns says so
  // (kiosk:columns below).
  const LANDSCAPE = { cols: 80, rows: 24 };
  const PORTRAIT = { cols: 40, rows: 40 };
  const FONT = "'Roboto Mono', Monaco, 'Courier New', monospace";
  const BUSY = 4429; // the server's close code when every kiosk process is taken
  let session = null;

  // textual.js keeps its terminal in a local variable; its constructor assigns
  // `this.fitAddon`, which this accessor sees, handing us the session object.
  Object.defineProperty(Object.prototype, "fitAddon", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "fitAddon",
                            { value, writable: true, configurable: true, enumerable: true });
      if (this.terminal && this.websocket_url) {
        session = this;
        window.__kioskTerminal = this.terminal;
      }
    },
  });

  // -- the text's size: the layout fills the screen --------------------------------------------
  function cellRatio() {
    // What one character cell measures per pixel of font size, as xterm.js measures it.
    const probe = document.createElement("span");
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;` +
                          `font-family:${FONT};font-size:100px;line-height:normal`;
    probe.textContent = "W".repeat(32);
    body.appendChild(probe);
    const ratio = { width: probe.offsetWidth / 32 / 100, height: probe.offsetHeight / 100 };
    probe.remove();
    return ratio;
  }

  // The columns the screen on show needs at least (the app says so: see window.open below).
  let needs = 0;

  function wanted() {
    const shape = window.innerWidth >= window.innerHeight ? LANDSCAPE : PORTRAIT;
    return { cols: Math.max(shape.cols, needs), rows: shape.rows };
  }

  function fontSize() {
    const width = window.innerWidth, height = window.innerHeight;
    const target = wanted();
    const ratio = cellRatio();
    const size = Math.min(width / (target.cols * ratio.width),
                          height / (target.rows * ratio.height));
    return Math.max(8, Math.floor(size));
  }

  function fitText() {
    if (!session) { return; }
    let size = fontSize();
    session.terminal.options.fontSize = size;
    session.fit();
    // Rounding in the browser may leave a column short: one pixel less until it fits.
    const target = wanted();
    for (let tries = 0; tries < 6; tries++) {
      const proposed = session.fitAddon.proposeDimensions();
      if (!proposed || (proposed.cols >= target.cols && proposed.rows >= target.rows)) { break; }
      size -= 1;
      session.terminal.options.fontSize = size;
      session.fit();
    }
  }

  holder.dataset.fontSize = String(fontSize());
  window.addEventListener("resize", fitText);

  // The app's messages to the page come as `kiosk:` addresses to open; no other address is
  // ever opened from the kiosk (a guest must not reach another site through it).
  window.open = (url) => {
    const asked = /^kiosk:columns=(\d+)$/.exec(String(url));
    if (asked) {
      needs = Number(asked[1]);
      fitText();
    }
    return null;
  };

  // -- a kiosk, not a web page -------------------------------------------------------------------
  // The back gesture and the back button land on this same page, which puts itself back.
  history.pushState({ kiosk: true }, "", location.pathname);
  window.addEventListener("popstate", () => {
    history.pushState({ kiosk: true }, "", location.pathname);
  });
  for (const kind of ["contextmenu", "dragstart", "selectstart", "gesturestart"]) {
    document.addEventListener(kind, (event) => event.preventDefault());
  }
  // A second finger (pinch) is not for the kiosk.
  document.addEventListener("touchmove", (event) => {
    if (event.touches.length > 1) { event.preventDefault(); }
  }, { passive: false });

  // -- back on its own ---------------------------------------------------------------------------
  function say(text) {
    noticeText.textContent = text;
    notice.hidden = false;
    body.classList.add("-away");
  }

  async function comeBack(wait) {
    // Ask until the server answers, then start afresh: a new kiosk process on its welcome screen.
    for (;;) {
      await new Promise((done) => setTimeout(done, wait));
      try {
        // A frozen server accepts the connection and never answers: ask again after a while.
        const answer = await fetch(location.pathname,
                                   { cache: "no-store", signal: AbortSignal.timeout(3000) });
        if (answer.ok) { break; }
      } catch (error) {
        // not listening yet (a restart, an update), or not answering: ask again
      }
      wait = 1000;
    }
    location.replace(location.pathname);
  }

  // A line that looks open may be dead (the server frozen, the Wi-Fi gone): the page pings every
  // half second, and the server answers at once (screens/serve_tabs.py). A loaded Pi stalls
  // for a second or a few now and then; the guest's visit must survive that. Heard nothing for
  // QUIET_MS (a ping unanswered for over a second): taps are dropped, not queued into a line
  // that would play them later. For NOTICE_MS: "Un instant…" over the screen, which stays as
  // it was underneath; heard again, the notice goes and the visit goes on. For DEAD_MS: the
  // line is given up, and a new start on the welcome screen once the server answers. Each
  // tap carries the page's clock and how long it has heard nothing: one made as the line
  // went silent and delivered after is dropped by the server when the silence it waited
  // through, all told, is over QUIET_MS.
  const PING_MS = 500, QUIET_MS = 1500, NOTICE_MS = 3000, DEAD_MS = 10000;
  const OURS = /^\["(pong",\s*"k|kiosk_)/; // the server's words to this page, not to textual.js

  const NativeSocket = window.WebSocket;
  let gone = false;
  let waiting = false; // told to wait for a free kiosk process (the notice says so)
  let silent = false; // the notice says "Un instant…" over a silent line, not given up yet

  function giveUp(socket, text, wait) {
    if (gone) { return; }
    gone = true;
    body.classList.add("-gone"); // the line given up: this page starts afresh
    say(text);
    comeBack(wait);
    try { socket.close(); } catch (error) { /* closing already */ }
  }

  function unsay() {
    notice.hidden = true;
    body.classList.remove("-away");
  }

  class KioskSocket extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.heard = performance.now();
      this.pinged = -Infinity;
      // Fitted once the socket is open: a size sent before would be refused by the socket.
      super.addEventListener("open", () => {
        setTimeout(fitText, 0);
        this.beat = setInterval(() => this.listen(), PING_MS / 2);
      });
      super.addEventListener("message", (event) => this.heardFrom(event));
      super.addEventListener("close", (event) => {
        clearInterval(this.beat);
        if (event.code === BUSY) {
          giveUp(this, body.dataset.busy, 5000);
        } else {
          giveUp(this, body.dataset.reconnecting, 500);
        }
      });
    }

    heardFrom(event) {
      this.heard = performance.now();
      if (gone) { return; }
      if (typeof event.data === "string" && event.data.startsWith('["kiosk_wait"')) {
        waiting = true;
        say(body.dataset.busy); // every kiosk process is taken: this tab is next in line
      } else if (waiting && typeof event.data !== "string") {
        waiting = false; // its turn came: the kiosk draws
        unsay();
      } else if (silent) {
        silent = false; // the line is back: the screen underneath is where the guest left it
        if (waiting) { say(body.dataset.busy); } else { unsay(); }
      }
    }

    listen() {
      const now = performance.now();
      if (document.hidden) { this.heard = now; return; } // a sleeping screen's timers lag
      if (now - this.heard > DEAD_MS) {
        giveUp(this, body.dataset.reconnecting, 500);
        return;
      }
      if (now - this.heard > NOTICE_MS && !silent && !gone) {
        silent = true;
        say(body.dataset.reconnecting);
      }
      if (now - this.pinged >= PING_MS - 50) {
        this.pinged = now;
        super.send(JSON.stringify(["ping", `k${now}`]));
      }
    }

    send(data) {
      if (typeof data === "string" && data.startsWith('["stdin"')) {
        if (gone || performance.now() - this.heard > QUIET_MS) { return; } // a silent line
        const envelope = JSON.parse(data);
        const now = performance.now();
        envelope.push(now, Math.round(now - this.heard));
        data = JSON.stringify(envelope);
      }
      super.send(data);
    }

    addEventListener(kind, listener, options) {
      // textual.js would log our pongs and make nothing of our own messages: it never sees them.
      if (kind !== "message") { return super.addEventListener(kind, listener, options); }
      return super.addEventListener(kind, (event) => {
        if (typeof event.data === "string" && OURS.test(event.data)) { return; }
        listener.call(this, event);
      }, options);
    }
  }
  window.WebSocket = KioskSocket;

  // -- once textual.js has made the terminal -----------------------------------------------------
  const start = window.onload;
  window.onload = (event) => {
    if (start) { start(event); }
    if (!session) { return; }
    const input = session.terminal.textarea;
    if (input) {
      // No on-screen keyboard over the kiosk: it has its own keypads.
      input.setAttribute("inputmode", "none");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("autocapitalize", "off");
    }
  };
})();
